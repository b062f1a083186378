// reclens-cli recommend: the top-K items a trained model recommends to one customer, given the
// customer's full known history.

#include "cmd_modelshared.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "model/sasrecmodel.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runRecommend(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {
        {"model", "MODEL", "checkpoint written by reclens-cli train (required)"}};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"user", "ID", "customer id as in the source data (required)"},
        {"k", "K", "how many items (default 10)"},
        {"exclude-seen", "", "do not recommend items the customer already has"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print the recommendations as JSON on stdout"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "recommend",
                "Recommend the top-K items for a customer; the history is the customer's "
                "full known sequence (its last max-length items).\n\nExit codes: 0 ok, "
                "2 usage, 3 unreadable data or model, model of another dataset, or "
                "unknown customer.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string modelPath = args.require("model");
    const std::string userId = args.require("user");
    const int k = args.getInt("k", 10);
    if (k < 1)
        throw UsageError{"--k must be at least 1"};
    setComputeThreads(args.getInt("threads", 0));

    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("recommend", ExitBadInput, ds.error().message);
    const UserIndex u = ds->findUser(userId);
    if (u < 0)
        return reportFailure("recommend", ExitBadInput,
                             "unknown customer '" + userId + "' in " + args.get("data") + " (" +
                                 std::to_string(ds->users.size()) + " customers)");
    auto model = SasRecModel::load(modelPath, &*ds);
    if (!model)
        return reportFailure("recommend", ExitBadInput, modelLoadMessage(model.error()));

    const History& history = ds->users[static_cast<size_t>(u)].sequence;
    const auto scores = model->scoreAll({history});
    const auto top = topK(scores.data(), model->itemCount(), k,
                          args.has("exclude-seen") ? history : std::vector<ItemIndex>{});

    if (args.has("json")) {
        nlohmann::json items = nlohmann::json::array();
        for (size_t r = 0; r < top.size(); ++r) {
            const Item& it = ds->items[static_cast<size_t>(top[r])];
            items.push_back(
                {{"rank", r + 1},
                 {"item", it.id},
                 {"title", it.title},
                 {"category", it.category},
                 {"score", scores[static_cast<size_t>(top[r])]},
                 {"seen", std::find(history.begin(), history.end(), top[r]) != history.end()}});
        }
        std::cout << jsonText(nlohmann::json{{"user", userId},
                                             {"history_length", history.size()},
                                             {"items", items}},
                              2)
                  << "\n";
        return ExitOk;
    }
    std::printf("Customer %s (%zu items in history). Top %zu:\n", userId.c_str(), history.size(),
                top.size());
    for (size_t r = 0; r < top.size(); ++r) {
        const Item& it = ds->items[static_cast<size_t>(top[r])];
        std::printf("%3zu. %-12s %8.3f  %s\n", r + 1, it.id.c_str(),
                    scores[static_cast<size_t>(top[r])], it.title.c_str());
    }
    return ExitOk;
}

} // namespace reclens::cli
