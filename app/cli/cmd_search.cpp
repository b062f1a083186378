// reclens-cli search: one customer's personalised search results, with the rank each result
// would have without the customer's history and the query words found in its title/category.

#include "cmd_modelshared.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "model/computebackend.h"
#include "search/bm25.h"
#include "search/searchmodel.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runSearch(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {
        {"model", "MODEL", "search model written by reclens-cli train --task search (required)"}};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"user", "ID", "customer id as in the data (required)"},
        {"query", "TEXT", "what the customer typed (required; may tokenize to nothing)"},
        {"k", "K", "results to show (default 10)"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print the results as JSON on stdout"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "search",
                "Rank every product for one customer and one query with the personalised search "
                "model, using all the customer's purchases as history. Each result shows its "
                "score, its rank with an empty history (no personalisation) and the query words "
                "found in its title or category; the model's personalisation gate (0 = query "
                "only, 1 = fully personalised) is printed too. JSON: {\"query_terms\", "
                "\"unknown_terms\", \"results\": [{\"item\", \"title\", \"rank\", \"score\", "
                "\"rank_without_history\", \"lexical_matches\"}], \"gate\"}.\n\nExit codes: 0 "
                "ok, 2 usage, 3 unreadable data or model, unknown customer, or a recommender "
                "checkpoint.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string modelPath = args.require("model");
    const std::string userId = args.require("user");
    const std::string queryText = args.require("query");
    const int k = args.getInt("k", 10);
    if (k < 1)
        throw UsageError{"--k must be at least 1"};
    setComputeThreads(args.getInt("threads", 0));
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("search", ExitBadInput, ds.error().message);
    auto model = search::SearchModel::load(modelPath, &*ds);
    if (!model)
        return reportFailure("search", ExitBadInput, modelLoadMessage(model.error()));
    const UserIndex u = ds->findUser(userId);
    if (u < 0)
        return reportFailure("search", ExitBadInput,
                             "unknown customer '" + userId + "'; expected an id from the data");
    const auto encoded = model->encodeQuery(queryText);
    const History& history = ds->users[static_cast<std::size_t>(u)].sequence;
    const auto scored = model->scoreAll({{history, encoded.ids}, {{}, encoded.ids}});
    const auto n = static_cast<std::size_t>(scored.itemCount);
    const std::vector<float> personal(scored.scores.begin(),
                                      scored.scores.begin() + static_cast<std::ptrdiff_t>(n));
    const std::vector<float> queryOnly(scored.scores.begin() + static_cast<std::ptrdiff_t>(n),
                                       scored.scores.end());
    const auto top = topK(personal.data(), scored.itemCount, k);
    // Strict rank (1 + items scored higher) in the no-history ranking.
    auto strictRank = [&](ItemIndex item) {
        std::int64_t above = 0;
        for (float s : queryOnly)
            above += s > queryOnly[static_cast<std::size_t>(item)] ? 1 : 0;
        return above + 1;
    };
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < encoded.ids.size(); ++i)
        if (encoded.ids[i] == text::Vocabulary::kUnknown)
            unknown.push_back(encoded.tokens[i]);
    nlohmann::json results = nlohmann::json::array();
    for (std::size_t r = 0; r < top.size(); ++r) {
        const ItemIndex item = top[r];
        results.push_back(
            {{"item", ds->items[static_cast<std::size_t>(item)].id},
             {"title", ds->items[static_cast<std::size_t>(item)].title},
             {"rank", r + 1},
             {"score", personal[static_cast<std::size_t>(item)]},
             {"rank_without_history", strictRank(item)},
             {"lexical_matches",
              search::lexicalMatches(encoded.tokens, ds->items[static_cast<std::size_t>(item)])}});
    }
    const nlohmann::json j = {{"user", userId},
                              {"query", queryText},
                              {"query_terms", encoded.tokens},
                              {"unknown_terms", unknown},
                              {"history_length", history.size()},
                              {"gate", scored.gates[0]},
                              {"results", results}};
    if (args.has("json")) {
        std::cout << jsonText(j, 2) << "\n";
        return ExitOk;
    }
    std::printf("Customer %s, query \"%s\" (%zu words, %zu unknown), %zu purchases; "
                "personalisation gate %.3f\n",
                userId.c_str(), queryText.c_str(), encoded.tokens.size(), unknown.size(),
                history.size(), scored.gates[0]);
    for (const auto& r : results) {
        std::string matches;
        for (const auto& m : r["lexical_matches"])
            matches += (matches.empty() ? "" : ",") + m.get<std::string>();
        std::printf("  #%-3d %-12s %-50.50s score %8.3f  without history #%lld  [%s]\n",
                    r["rank"].get<int>(), r["item"].get<std::string>().c_str(),
                    r["title"].get<std::string>().c_str(), r["score"].get<double>(),
                    static_cast<long long>(r["rank_without_history"].get<std::int64_t>()),
                    matches.c_str());
    }
    return ExitOk;
}

} // namespace reclens::cli
