#pragma once
// bench_search's latency of one search plus the complete explanation of its top result. Apart
// from bench_search.cpp because search/searchexplain.h and search/searchsplit.h each name a
// struct SearchSplit (the score split of one result; the train/valid/test split of a log).

#include "data/dataset.h"
#include "search/searchmodel.h"

#include <string>
#include <vector>

namespace reclens::bench {

struct TimedSearch {
    History history; // the purchases before the search (at most the model's length)
    std::string query;
};

/// For each search, one at a time: score every item, take the top 10 and explain the first with
/// the default ExplainConfig (every method: attention, gradients, IG, leave-one-out, Shapley,
/// what-if, counterfactuals, faithfulness; plus the search split, lexical matches and the kind
/// counterfactuals). Prints the median and p95 wall time and the mean history, words, players.
void printBundleLatency(const Dataset& ds, const search::SearchModel& model,
                        const std::vector<TimedSearch>& searches, int threads);

} // namespace reclens::bench
