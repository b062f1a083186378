// reclens-cli make-queries: a semi-synthetic search log for a dataset without one (the
// HEM/Van Gysel protocol, core/search/makequeries.h), written as user,query,item,timestamp.

#include "cmd_modelshared.h"
#include "commands.h"
#include "search/makequeries.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runMakeQueries(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = dataOptionSpecs();
    specs.push_back({"out", "PATH", "query log to write (CSV user,query,item,timestamp)"});
    specs.push_back({"source", "NAME",
                     "auto (default: category when at least half the products have one), "
                     "category or title"});
    specs.push_back({"title-words", "N", "words per title query (default 2)"});
    specs.push_back(
        {"min-doc-freq", "N", "a title word must occur in at least N titles (default 5)"});
    specs.push_back({"seed", "N", "breaks ties between equally common title words (default 42)"});
    specs.push_back({"json", "", "print the counts as JSON on stdout"});
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "make-queries",
                "Build a search log for a dataset that has none, by the standard Amazon "
                "product-search protocol (Van Gysel et al. 2016, HEM, ZAM, TEM): the query of "
                "a purchase is the purchased product's category path, lower-cased, without "
                "punctuation, stop words, repeated words and the root category the catalog "
                "shares. Catalogs without categories use the 1-2 title words with the highest "
                "document frequency (the product type), never rare identifying words. "
                "Deterministic. Purchases whose product yields no word get no query (counted)."
                "\n\nExit codes: 0 ok, 2 usage, 3 unreadable data or unwritable output.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string out = args.require("out");
    search::MakeQueriesConfig cfg;
    const std::string source = args.get("source", "auto");
    if (source == "category")
        cfg.source = search::QuerySource::Category;
    else if (source == "title")
        cfg.source = search::QuerySource::Title;
    else if (source != "auto")
        throw UsageError{"--source must be auto, category or title"};
    cfg.titleWords = args.getInt("title-words", cfg.titleWords);
    cfg.minDocFreq = args.getInt("min-doc-freq", cfg.minDocFreq);
    if (cfg.titleWords < 1 || cfg.minDocFreq < 1)
        throw UsageError{"--title-words and --min-doc-freq must be at least 1"};
    cfg.seed = static_cast<std::uint64_t>(args.getInt("seed", 42));
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("make-queries", ExitBadInput, ds.error().message);
    const auto r = search::makeQueries(*ds, cfg);
    if (auto st = writeQueryLog(out, *ds, r.records); !st)
        return reportFailure("make-queries", ExitBadInput, st.error().message);
    if (args.has("json")) {
        std::cout << jsonText({{"source", search::querySourceName(r.source)},
                               {"root", r.root},
                               {"purchases", r.purchases},
                               {"queries", r.records.size()},
                               {"purchases_without_query", r.withoutQuery},
                               {"items_without_query", r.itemsWithoutQuery},
                               {"distinct_queries", r.distinctQueries},
                               {"mean_words", r.meanWords},
                               {"out", out}},
                              2)
                  << "\n";
        return ExitOk;
    }
    std::printf("%lld queries from %s (%lld purchases, %lld without a query word; %lld "
                "distinct queries, %.2f words on average%s%s) -> %s\n",
                static_cast<long long>(r.records.size()), search::querySourceName(r.source),
                static_cast<long long>(r.purchases), static_cast<long long>(r.withoutQuery),
                static_cast<long long>(r.distinctQueries), r.meanWords,
                r.root.empty() ? "" : "; root dropped: ", r.root.c_str(), out.c_str());
    return ExitOk;
}

} // namespace reclens::cli
