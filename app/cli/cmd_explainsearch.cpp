// reclens-cli explain --query: why one search result is where it is, through the same
// explanation engine as a recommendation (search/searchexplain.h).

#include "cmd_explainsearch.h"
#include "cmd_explainshared.h"
#include "cmd_modelshared.h"
#include "model/computebackend.h"
#include "search/searchexplain.h"
#include "search/searchexplainjson.h"

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace reclens::cli {

namespace {

void printText(const search::SearchExplanation& e, const Dataset& ds, const std::string& user) {
    const ExplanationBundle& b = e.bundle;
    std::ostream& os = std::cout;
    const Item& target = ds.items[static_cast<std::size_t>(b.target)];
    os << "Customer " << user << ", query \"" << e.query << "\": " << target.id << "  "
       << target.title << "  rank #" << b.targetRank << ", score " << std::fixed
       << std::setprecision(3) << b.targetScore << "\n\n"
       << std::setw(4) << "pos"
       << "  " << std::left << std::setw(9) << "kind" << std::setw(14) << "player" << std::right;
    for (const auto& a : b.attributions)
        os << std::setw(14) << a.method;
    os << "\n";
    for (std::size_t p = 0; p < b.history.size(); ++p) {
        const bool word = static_cast<int>(p) >= e.purchaseCount;
        const std::string name =
            word ? e.queryTerms[p - static_cast<std::size_t>(e.purchaseCount)].token
                 : ds.items[static_cast<std::size_t>(b.history[p])].id;
        os << std::setw(4) << p << "  " << std::left << std::setw(9) << (word ? "word" : "purchase")
           << std::setw(14) << name.substr(0, 13) << std::right;
        for (const auto& a : b.attributions)
            os << std::setw(14) << std::setprecision(4) << a.values[p];
        os << "\n";
    }
    for (const auto& [method, why] : b.unavailable)
        os << method << ": not computed - " << why << "\n";
    const auto& s = e.split;
    os << "\nQuery only: #" << s.queryOnlyRank << "; purchases only: #" << s.historyOnlyRank
       << "; gate " << std::setprecision(3) << s.gate << "\nLexical matches:";
    for (const auto& m : e.lexicalMatches)
        os << " " << m;
    os << (e.lexicalMatches.empty() ? " none" : "") << "\n\n" << e.summary << "\n";
}

/// --top-k-all with --query: every top-K result through the engine's explainTopK.
int printSearchTopKAll(const search::SearchModel& model, const Dataset& ds, const History& history,
                       const std::string& query, const ExplainConfig& cfg,
                       const std::string& userId, bool json) {
    const auto all = search::explainSearchTopK(model, ds, history, query, cfg.k, cfg);
    if (json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : all)
            list.push_back(search::searchExplanationToJson(e, ds, userId));
        nlohmann::json terms = nlohmann::json::array();
        if (!all.empty())
            terms = list.front()["query_terms"];
        const nlohmann::json j = {{"task", "search"},
                                  {"user", userId},
                                  {"query", query},
                                  {"query_terms", terms},
                                  {"k", static_cast<int>(all.size())},
                                  {"explanations", list},
                                  {"compute", computeJson(cfg.threads)}};
        std::cout << jsonText(j) << "\n";
        return ExitOk;
    }
    std::cout << "Customer " << userId << ", query \"" << query << "\": top-" << all.size()
              << " explained; strongest player per method (a purchase id or a query word)\n\n"
              << std::setw(4) << "rank"
              << "  " << std::left << std::setw(14) << "item";
    for (const char* m : {"loo", "ig", "shapley"})
        std::cout << std::setw(24) << m;
    std::cout << std::right << "\n";
    for (const auto& e : all) {
        const ExplanationBundle& b = e.bundle;
        std::cout << std::setw(4) << b.targetRank << "  " << std::left << std::setw(14)
                  << ds.items[static_cast<std::size_t>(b.target)].id.substr(0, 13);
        for (const char* m : {"loo", "ig", "shapley"}) {
            const Attribution* a = b.attribution(m);
            std::string cell = "-";
            if (a && !a->values.empty()) {
                const auto p = static_cast<std::size_t>(
                    std::max_element(a->values.begin(), a->values.end()) - a->values.begin());
                cell = static_cast<int>(p) >= e.purchaseCount
                           ? "\"" +
                                 e.queryTerms[p - static_cast<std::size_t>(e.purchaseCount)].token +
                                 "\""
                           : ds.items[static_cast<std::size_t>(b.history[p])].id;
            }
            std::cout << std::setw(24) << cell.substr(0, 23);
        }
        std::cout << std::right << "\n";
    }
    return ExitOk;
}

} // namespace

int explainSearchCommand(const Args& args, ExplainConfig cfg) {
    for (const char* flag : {"history", "split", "remove", "item-map", "exclude-bought"})
        if (args.has(flag))
            throw UsageError{std::string("--query explains a search result; --") + flag +
                             " applies to recommendations only"};
    const std::string userId = args.require("user");
    const std::string modelPath = args.require("model");
    cfg.threads = args.getInt("threads", 0);
    if (cfg.threads < 0)
        throw UsageError{"--threads expects 0 (all cores) or a positive number"};
    setComputeThreads(cfg.threads);
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return fail("explain", ExitBadInput, ds.error().message);
    auto model = search::SearchModel::load(modelPath, &*ds);
    if (!model)
        return fail("explain", ExitBadInput,
                    modelLoadMessage(model.error()) +
                        " (--query explains a search result and needs a search model)");
    const UserIndex u = ds->findUser(userId);
    if (u < 0)
        return fail("explain", ExitBadInput,
                    "unknown user '" + userId + "' (not in " + ds->sourcePath + ")");
    ItemIndex item = -1;
    if (args.has("item")) {
        item = ds->findItem(args.get("item"));
        if (item < 0)
            return fail("explain", ExitBadInput, "unknown item '" + args.get("item") + "'");
    }
    const History& history = ds->users[static_cast<std::size_t>(u)].sequence;
    const std::string query = args.get("query");
    if (history.empty() && model->encodeQuery(query).ids.empty())
        return fail("explain", ExitEmptyHistory,
                    "customer '" + userId +
                        "' has no purchases and the query has no words: nothing to explain");
    if (args.has("top-k-all"))
        return printSearchTopKAll(*model, *ds, history, query, cfg, userId, args.has("json"));
    const auto e = search::explainSearchResult(*model, *ds, history, query, item, cfg);
    if (args.has("json")) {
        auto j = search::searchExplanationToJson(e, *ds, userId);
        j["task"] = "search";
        j["compute"] = computeJson(cfg.threads);
        std::cout << jsonText(j) << "\n";
    } else {
        printText(e, *ds, userId);
    }
    return ExitOk;
}

} // namespace reclens::cli
