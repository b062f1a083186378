#pragma once
// Error versus cost of sampled Shapley (bench_explain --shapley-error on): for each sampling
// scheme (orders per group, newest-stratum samples per purchase, number of orders), the mean
// reported standard error, the RMS error against a recency-stratified reference run with many
// samples (its own sampling noise subtracted) and the forward passes and CPU time per explanation.

#include "explain/explanation.h"
#include "model/sequencemodel.h"

#include <string>
#include <vector>

namespace reclens::bench {

void shapleyErrorBench(const SequenceModel& model, const std::vector<History>& histories,
                       const std::string& label, int referenceOrders);

} // namespace reclens::bench
