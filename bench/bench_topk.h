#pragma once
// `bench_explain --topk-all on`: explaining the whole top-K at once against one recommendation.

#include "explain/explanation.h"

#include <string>
#include <vector>

namespace reclens::bench {

/// For each history: explainTopK(k) with loo, ig, shapley and explain() of the top-1 with the
/// same methods, alternated so machine load affects both alike; prints median/p95 wall and CPU
/// of both, their ratio, where the top-K run's time goes, and the cost of "why this list" at
/// the same length and at 12 items (exact). Returns the ratio of the medians.
double topKAllBench(const SequenceModel& model, const Dataset& ds,
                    const std::vector<History>& histories, const std::vector<History>& twelve,
                    int k, int threads);

} // namespace reclens::bench
