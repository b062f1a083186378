#pragma once
// Semi-synthetic queries for datasets without a search log: the standard Amazon product-search
// protocol (Van Gysel et al. 2016; Ai et al. SIGIR 2017 "HEM"; ZAM; TEM). The query of a
// purchase is made from the purchased item's category path: tokenized (lower case, punctuation
// and stop words removed), repeated words removed, the root category shared by the catalog
// dropped. A catalog without categories (UCI Online Retail) uses the 1-2 title words with the
// highest document frequency in the catalog: the product type people type ("bag", "candle"),
// never the rare words that identify the one item (that would leak the answer). MovieLens's
// category is its genre list, so its queries are genres. docs/DATA.md has the counts.

#include "data/dataset.h"
#include "data/querylog.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reclens::search {

enum class QuerySource { Auto, Category, Title };

struct MakeQueriesConfig {
    QuerySource source = QuerySource::Auto; // Auto: Category when >= half the items have one
    int titleWords = 2;      // words per title query (the most common ones of the title)
    int minDocFreq = 5;      // a title word must occur in >= this many titles (never identifying)
    double rootShare = 0.9;  // the root = the longest category word prefix shared by this share
    std::uint64_t seed = 42; // breaks document-frequency ties
};

struct MakeQueriesResult {
    std::vector<QueryRecord> records; // one per purchase that got a query, by (user, position)
    QuerySource source = QuerySource::Category;
    std::string root;              // the dropped category root ("" if none)
    std::int64_t purchases = 0;    // every purchase in every user sequence
    std::int64_t withoutQuery = 0; // purchases whose item yields no query word
    std::int64_t itemsWithoutQuery = 0;
    std::int64_t distinctQueries = 0;
    double meanWords = 0.0;
};

/// The query each catalog item yields ("" when none). Deterministic for a given config.
std::vector<std::string> itemQueries(const Dataset& ds, const MakeQueriesConfig& config,
                                     MakeQueriesResult* stats = nullptr);

/// One query per purchase (every position of every user), made from itemQueries().
MakeQueriesResult makeQueries(const Dataset& ds, const MakeQueriesConfig& config = {});

const char* querySourceName(QuerySource s);

} // namespace reclens::search
