// reclens-cli explain-item --queries: for one product, the logged queries for which it reaches
// a customer's top-K, its rank distribution per query, and for the queries where it mostly
// fails the purchases that lift it (search/searchmerchant.h).

#include "cmd_explainitemsearch.h"
#include "cmd_explainshared.h"
#include "cmd_modelshared.h"
#include "cmd_searchshared.h"
#include "model/computebackend.h"
#include "search/searchmerchantjson.h"

#include <cstdio>
#include <iostream>

namespace reclens::cli {

bool wantsExplainItemSearch(const std::vector<std::string>& argv) {
    for (const auto& a : argv)
        if (a == "--queries" || a.rfind("--queries=", 0) == 0)
            return true;
    return false;
}

int runExplainItemSearch(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {
        {"model", "PATH", "search model written by reclens-cli train --task search (required)"}};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    for (auto& s : queryLogOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"item", "ID", "item id as in the source data (required)"},
        {"k", "K", "top-K (default 10)"},
        {"searches", "N|all", "log rows scored: a seeded random sample of N (default 5000) or all"},
        {"fail-share", "F",
         "a query fails when the product is in the top-K of fewer than this "
         "share of its searches (default 0.5)"},
        {"lift-queries", "N", "failing queries analysed for purchase lifts (default 5)"},
        {"lift-searches", "N",
         "searches per failing query run through leave-one-out (seeded sample; default 40)"},
        {"seed", "S", "sampling seed (default 42)"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print one JSON object (docs/cli-json.md, explain-item --queries)"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "explain-item --queries",
                "The merchant view of search: for one product, every logged search (customer, "
                "query; the history is what the customer had bought before that search) is "
                "ranked by the search model. Per normalised query: searches, how often the "
                "product is in the top-K, its mean/median/best rank and rank histogram. For the "
                "most searched queries where it mostly fails, the purchases that lift it "
                "(aggregated leave-one-out through the explanation engine: searches where the "
                "purchase is the strongest lift, where removing it worsens the rank, mean "
                "score lift).\n\nExit codes: 0 ok, 2 usage, 3 unreadable data, log or model, "
                "unknown item, or a recommender checkpoint.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    search::SearchMerchantConfig cfg;
    cfg.k = args.getInt("k", cfg.k);
    const std::string searches = args.get("searches", "5000");
    cfg.maxSearches = searches == "all" ? 0 : args.getInt("searches", cfg.maxSearches);
    cfg.failShare = args.getDouble("fail-share", cfg.failShare);
    cfg.maxFailingQueries = args.getInt("lift-queries", cfg.maxFailingQueries);
    cfg.maxLooSearches = args.getInt("lift-searches", cfg.maxLooSearches);
    cfg.seed = static_cast<std::uint64_t>(args.getInt("seed", 42));
    if (cfg.k < 1 || (searches != "all" && cfg.maxSearches < 1) || cfg.maxFailingQueries < 0 ||
        cfg.maxLooSearches < 1 || cfg.failShare < 0 || cfg.failShare > 1)
        throw UsageError{"--k, --searches and --lift-searches must be at least 1, --lift-queries "
                         "at least 0 and --fail-share within 0..1"};
    const std::string itemId = args.require("item");
    const std::string modelPath = args.require("model");
    setComputeThreads(args.getInt("threads", 0));
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return fail("explain-item", ExitBadInput, ds.error().message);
    auto model = search::SearchModel::load(modelPath, &*ds);
    if (!model)
        return fail("explain-item", ExitBadInput,
                    modelLoadMessage(model.error()) + " (--queries needs a search model)");
    auto log = loadQueryLogFromArgs(args, *ds);
    if (!log)
        return fail("explain-item", ExitBadInput, log.error().message);
    const ItemIndex item = ds->findItem(itemId);
    if (item < 0)
        return fail("explain-item", ExitBadInput,
                    "unknown item '" + itemId + "' (not in " + ds->sourcePath + ")");
    const bool tty = stderrIsTerminal();
    const auto m = search::explainItemSearches(*model, *ds, *log, item, cfg, [&](int d, int t) {
        if (tty)
            std::cerr << "\r" << d * 100 / std::max(1, t) << " %" << std::flush;
    });
    if (tty)
        std::cerr << "\r      \r";
    if (args.has("json")) {
        std::cout << jsonText(search::searchMerchantToJson(m, *ds)) << "\n";
        return ExitOk;
    }
    const Item& it = ds->items[static_cast<std::size_t>(item)];
    std::printf("%s  %s\nSearches: %d of %d logged%s, %zu distinct queries; in the top-%d of %d\n",
                it.id.c_str(), it.title.c_str(), m.searchesAnalysed, m.logSearches,
                m.sampled ? " (random sample)" : "", m.queries.size(), m.k, m.inTopK);
    std::printf("  %-32s %8s %8s %9s %9s %6s\n", "query", "searches", "top-k %", "mean rank",
                "median", "best");
    for (const auto& q : m.queries)
        std::printf("  %-32.32s %8d %8.1f %9.1f %9.1f %6d%s\n", q.query.c_str(), q.searches,
                    100.0 * q.topKShare, q.meanRank, q.medianRank, q.bestRank,
                    q.fails ? "  fails" : "");
    for (const auto& q : m.queries) {
        if (q.liftSearches == 0)
            continue;
        std::printf("\nPurchases that lift it for \"%s\" (%d searches analysed%s):\n",
                    q.query.c_str(), q.liftSearches, q.liftSampled ? ", a random sample" : "");
        if (q.lifts.empty())
            std::printf("  none: no purchase raises its score on average\n");
        for (const auto& l : q.lifts) {
            const Item& li = ds->items[static_cast<std::size_t>(l.item)];
            std::printf("  %-12s %-40.40s strongest in %d, rank worse without it in %d of %d, "
                        "mean lift %.3f\n",
                        li.id.c_str(), li.title.c_str(), l.strongest, l.raisesRank, l.searches,
                        l.meanScoreLift);
        }
    }
    std::printf("Took %.2f s\n", m.seconds);
    return ExitOk;
}

} // namespace reclens::cli
