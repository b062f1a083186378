#pragma once
// The honest side-by-side evaluation of search mode: on the same searches (each customer's last
// search, chronological; or the validation searches), full ranking over all items, HR@K,
// NDCG@K and MRR for four rankers - BM25 (words only), SASRec without the query (history only),
// the search model, and the search model with an empty history (query only). Ties count
// against the target for every ranker (rankOfTarget); BM25 orders its exact ties by a seeded
// hash (bm25.h), so it gets the expected rank under random tie-breaking.

#include "data/querylog.h"
#include "model/sequencemodel.h"
#include "search/searchmodel.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace reclens::search {

struct SearchEvalConfig {
    EvalSplit split = EvalSplit::Test;
    std::vector<int> ks = {10};
    int maxUsers = 0;        // 0 = every search of the split; else a seeded sample
    std::uint64_t seed = 42; // for the sample
    int batchSize = 256;     // searches per forward pass
};

struct RankerEval {
    std::string name;                      // "bm25", "sasrec", "search", "search_no_history"
    std::map<std::string, double> metrics; // hr@K, ndcg@K, mrr
    std::vector<std::int64_t> ranks;       // 1-based, aligned with the evaluated searches
    double seconds = 0.0;                  // wall time of scoring every search
};

struct SearchEvalResult {
    std::int64_t searches = 0;
    double meanQueryWords = 0.0;   // tokens per query (tokenizer words)
    std::int64_t emptyQueries = 0; // queries without any word after tokenization
    double meanGate = 0.0;         // the search model's personalisation gate, mean over searches
    std::vector<RankerEval> rankers;
};

/// `model` and `sasrec` may be null (their rankers are then left out). Throws nothing for
/// valid inputs; std::out_of_range if a model does not fit the dataset.
SearchEvalResult evaluateSearch(const Dataset& ds, const QueryLog& log, const SearchModel* model,
                                const SequenceModel* sasrec, const SearchEvalConfig& config,
                                const std::function<bool()>& shouldStop = {});

} // namespace reclens::search
