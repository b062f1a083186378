#pragma once
// The merchant side of search: for one product, the queries of a search log (or of make-queries
// output) for which it reaches the customer's top-K, how often, its rank distribution per query,
// and for the queries where it mostly fails, the purchases that lift it there. Ranks come from
// batched SearchModel::scoreAll passes over every logged (customer, query) pair, each with the
// customer's purchases before the logged one (what they had bought when they searched). The
// purchase lifts are the explanation engine's leave-one-out (explainLeaveOneOut) run through
// SearchPlayerModel, aggregated over the searches of each failing query.

#include "data/querylog.h"
#include "search/searchmodel.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace reclens::search {

struct SearchMerchantConfig {
    int k = 10;             // "in the top-K"
    int maxSearches = 5000; // log rows scored; a seeded random sample beyond (0 = all)
    std::uint64_t seed = 42;
    int batchSize = 256;       // searches per scoreAll call
    double failShare = 0.5;    // a query "fails" when its top-K share is below this
    int maxFailingQueries = 5; // failing queries (most searched first) analysed for lifts
    int maxLooSearches = 40;   // searches per failing query run through leave-one-out (seeded)
    int topLifts = 5;          // purchases listed per failing query
};

/// A purchase that, when present in the history, raises the product for a failing query.
struct PurchaseLift {
    ItemIndex item = -1;
    int searches = 0;        // analysed searches whose history holds it
    int strongest = 0;       // of those, searches where it is the largest positive LOO effect
    int raisesRank = 0;      // searches where removing it makes the product's rank worse
    float meanScoreLift = 0; // mean LOO effect (score with it minus score without), logits
    double meanRankGain = 0; // mean (rank without it - rank with it), positions
};

struct QuerySearchStats {
    std::string query;   // normalised: the tokenizer's words joined by one space
    std::string example; // one logged spelling of it
    int searches = 0;    // analysed (user, query) rows with this normalised query
    int inTopK = 0;
    double topKShare = 0.0;
    double meanRank = 0.0;
    double medianRank = 0.0;
    int bestRank = 0;
    std::vector<int> rankHistogram;  // searches per SearchMerchantExplanation::rankBinEdges bin
    bool fails = false;              // topKShare < config.failShare
    int liftSearches = 0;            // searches run through leave-one-out (0 = not analysed)
    bool liftSampled = false;        // liftSearches < the searches with a history
    std::vector<PurchaseLift> lifts; // strongest lifts first
};

struct SearchMerchantExplanation {
    ItemIndex item = -1;
    int k = 10;
    int logSearches = 0;                   // rows of the log
    int searchesAnalysed = 0;              // rows scored
    bool sampled = false;                  // searchesAnalysed < logSearches (config.maxSearches)
    int inTopK = 0;                        // over all analysed searches
    std::vector<int> rankBinEdges;         // lower bounds: {1, 2, 6, 11, 21, 51, 101, 501, 1001}
    std::vector<QuerySearchStats> queries; // most searched first (ties: query text)
    bool cancelled = false;
    double seconds = 0.0;
};

/// The history of a logged search: the customer's purchases before the logged purchase.
History searchHistory(const Dataset& ds, const QueryRecord& r);
/// A query's normalised text (text::tokenize()'s words joined by one space).
std::string normaliseQuery(const std::string& query);
/// 1 + items scored strictly higher than `item` in a row of `n` scores.
int strictRankInRow(const float* row, std::size_t n, ItemIndex item);

/// Explains `item` across the searches of `log`. progress(done, total) after each batch;
/// shouldStop between batches (the result then has cancelled = true and covers the searches
/// done so far). An item outside the catalog gives std::invalid_argument.
SearchMerchantExplanation explainItemSearches(const SearchModel& model, const Dataset& ds,
                                              const QueryLog& log, ItemIndex item,
                                              const SearchMerchantConfig& config = {},
                                              const std::function<void(int, int)>& progress = {},
                                              const std::function<bool()>& shouldStop = {});

} // namespace reclens::search
