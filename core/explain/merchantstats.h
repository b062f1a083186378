#pragma once
// Pieces of the merchant view (explainItem, merchant.cpp) kept apart so merchant.cpp stays the
// ranking and driver engine: the confidence intervals of a sampled view, the tally of a
// product-vs-product comparison and the merchant what-if. Internal to core/explain.

#include "explain/merchantexplanation.h"

#include <utility>
#include <vector>

namespace reclens {

/// Wilson score interval (95 %, z = 1.96) of a proportion successes / n, for a sample of n drawn
/// without replacement from `population`: the sample size is inflated by the finite-population
/// correction (N − 1) / (N − n), so a sample of everyone gives the exact value.
ConfidenceInterval wilsonInterval(int successes, int n, int population);

/// Normal interval (95 %) of the mean of `values`, a sample without replacement from
/// `population`: mean ± 1.96 · s / √n · √((N − n) / (N − 1)). Deterministic: the seeded part is
/// which customers are in the sample (MerchantConfig::seed), not the interval.
ConfidenceInterval meanInterval(const std::vector<int>& values, int population);

/// Fills the intervals of `m` from the per-customer ranks of the sample (m.sampled), or sets
/// them to the exact values when every eligible customer was scored.
void fillMerchantConfidence(MerchantExplanation& m, const std::vector<int>& ranks);

/// Product `item` (ranks) against `other` (otherRanks), rank for rank of the same customers.
MerchantComparison compareRanks(ItemIndex other, const std::vector<int>& ranks,
                                const std::vector<int>& otherRanks, int k, bool sampled,
                                int population);

/// Appends `added` to each history (cut to the model's max length) and ranks `item` again with
/// fresh scoreAll passes; `ranksBefore` are the ranks of the unedited histories.
MerchantWhatIf merchantWhatIf(const SequenceModel& model, const std::vector<History>& histories,
                              const std::vector<int>& ranksBefore, ItemIndex item, ItemIndex added,
                              int k);

} // namespace reclens
