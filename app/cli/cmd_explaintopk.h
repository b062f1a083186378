#pragma once

#include "cmd_excludebought.h"
// `reclens-cli explain --top-k-all`: every top-K recommendation explained in one batched run.

#include "explain/explanation.h"

#include <string>

namespace reclens::cli {

/// Methods --top-k-all runs: loo, ig, shapley and list_shapley (free on Shapley's coalitions)
/// unless --methods names others among those and features. Throws UsageError for any other method.
ExplainMethods topKAllMethods(bool methodsGiven, const ExplainMethods& asked);

/// Runs explainTopK over `history` (already clipped) and prints {"user", "k", "explanations"}
/// (--json) or one line of top drivers per recommendation. Returns an exit code.
int printTopKAll(const SequenceModel& model, const Dataset& ds, const History& history,
                 const ExplainConfig& config, const std::string& userId, bool json,
                 const ExcludeBoughtChoice& exclusion);

} // namespace reclens::cli
