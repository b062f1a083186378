#pragma once
// LXR ranking fidelity (POS@k / NEG@k, see lxrtypes.h for the definitions) for one explanation
// and averaged over customers. Torch-free: runs against the abstract SequenceModel.

#include "explain/explanation.h"

#include <cstdint>
#include <vector>

namespace reclens {

/// Interactions of each item over every user's full sequence (the popularity reference's
/// order: most popular first). Indexed by ItemIndex; size = ds.items.size().
std::vector<std::int64_t> itemInteractionCounts(const Dataset& ds);

/// `count` seeded shuffles of 0..n-1 (one generator, successive shuffles). The faithfulness
/// report's random deletion curves use the same orders, so their histories are shared.
std::vector<std::vector<int>> seededRandomOrders(int n, int count, std::uint64_t seed);

/// POS@k / NEG@k curves of every attribution (aligned with `history`) plus the random
/// reference (randomOrders orders from `seed`, averaged) and, when `popularity` is given, the
/// popularity reference (items beyond its end count as 0 interactions). Every history is scored
/// in ONE batched scoreAll call. A bad target gives std::invalid_argument; an attribution whose
/// length differs from the history's gives std::invalid_argument naming the method.
LxrReport evaluateLxr(const SequenceModel& model, const History& history, ItemIndex target,
                      const std::vector<Attribution>& attributions,
                      const std::vector<std::int64_t>* popularity, int randomOrders,
                      std::uint64_t seed);

/// Means over customers, per method name (methods and references matched by name; a method a
/// customer lacks is not counted for it). Fixed-count steps average over the customers whose
/// history was that long (LxrMethodCurves::fixedCustomers). Null entries are skipped; no report
/// gives an empty one with customers = 0.
LxrReport aggregateLxr(const std::vector<const LxrReport*>& reports);

/// Position of `k` in report.ks, or -1.
int lxrKIndex(const LxrReport& report, int k);
/// The curves of `method` among report.methods, then report.references; null if absent.
const LxrMethodCurves* lxrCurvesOf(const LxrReport& report, const std::string& method);
/// The k of report.ks nearest to `k` (the smaller on a tie; `k` itself when ks is empty): the
/// one views show for a bundle's top-K.
int lxrNearestK(const LxrReport& report, int k);

} // namespace reclens
