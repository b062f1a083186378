// reclens-cli recommend: the top-K items a trained model recommends to one customer, given the
// customer's full known history.

#include "cmd_excludebought.h"
#include "cmd_modelshared.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "model/sasrecmodel.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runRecommendAll(const std::vector<std::string>& argv); // cmd_recommendall.cpp

int runRecommend(const std::vector<std::string>& argv) {
    if (std::find(argv.begin(), argv.end(), "--all") != argv.end())
        return runRecommendAll(argv);
    std::vector<OptionSpec> specs = {{"model", "MODEL", kModelOptionHelp}, itemMapOptionSpec()};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"user", "ID", "customer id as in the source data (required)"},
        {"k", "K", "how many items (default 10)"},
        excludeBoughtSpec(),
        {"exclude-seen", "", "the same as --exclude-bought on (older spelling)"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print the recommendations as JSON on stdout"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "recommend",
                "Recommend the top-K items for a customer; the history is the customer's "
                "full known sequence (its last max-length items). `recommend --all --help` "
                "describes the batch over every customer.\n\nExit codes: 0 ok, "
                "2 usage, 3 unreadable data or model, model of another dataset, or "
                "unknown customer.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    args.require("model"); // a usage error before the data are read
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
    auto opened = openModelFromArgs(args, *ds, "recommend");
    if (!opened)
        return reportFailure("recommend", ExitBadInput, modelLoadMessage(opened.error()));
    const SequenceModel* model = opened->model.get();

    const History& history = ds->users[static_cast<size_t>(u)].sequence;
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, *ds);
    const CandidateFilterModel candidates(*model,
                                          exclusion.excluded ? history : std::vector<ItemIndex>{});
    const auto scores = candidates.scoreAll({history});
    const auto top = topK(scores.data(), model->itemCount(), k,
                          exclusion.excluded ? history : std::vector<ItemIndex>{});

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
        nlohmann::json j{{"user", userId}, {"history_length", history.size()}, {"items", items}};
        addExcludeBoughtJson(j, exclusion);
        std::cout << jsonText(j, 2) << "\n";
        return ExitOk;
    }
    std::printf("Customer %s (%zu items in history). Top %zu%s:\n", userId.c_str(), history.size(),
                top.size(), exclusion.excluded ? " among products not yet bought" : "");
    for (size_t r = 0; r < top.size(); ++r) {
        const Item& it = ds->items[static_cast<size_t>(top[r])];
        std::printf("%3zu. %-12s %8.3f  %s\n", r + 1, it.id.c_str(),
                    scores[static_cast<size_t>(top[r])], it.title.c_str());
    }
    return ExitOk;
}

} // namespace reclens::cli
