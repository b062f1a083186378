#pragma once
// Ranking fidelity in the recommender-explanation standard of LXR (Gurevitch et al., ACM TORS
// 2025) and "Refining Fidelity Metrics" (2025): does the target stay in the top-k when the
// items an explanation calls important are removed (POS@k), or when the ones it calls
// unimportant are (NEG@k)? Plain structs only (no functions), so explanation.h can hold them in
// FaithfulnessReport; computed by core/explain/lxr.h.
//
// Steps: after removing round(f · n) items (half away from zero) for f = 0, 0.1, …, 1 of a
// history of n items, and in the fixed-count variant exactly 1, …, min(5, n) items. Removal
// re-packs the history (removePositions), like every other removal in RecLens.
// Areas: trapezoid rule of the in-top-k curve over the fraction axis f ∈ [0, 1] (11 points,
// spacing 0.1), so an area is in [0, 1]: 1 = the target never left the top-k.

#include <string>
#include <vector>

namespace reclens {

/// One removal direction of one order. Every vector over steps is aligned with
/// LxrReport::fractions (or LxrReport::fixedCounts for the fixed-count curves). Aggregated over
/// orders or customers every number becomes a mean, so inTopK holds shares in [0, 1].
struct LxrCurve {
    std::vector<float> scores;              // target logit after each step
    std::vector<float> ranks;               // target rank (1-based, all items) after each step
    std::vector<std::vector<float>> inTopK; // [k index][step]: 1 = still in the top-k
    std::vector<float> areas; // [k index]: area under inTopK (fraction curves only; else empty)
};

/// POS and NEG curves of one removal order: an attribution method's (most / least important
/// first) or a reference's ("random": a seeded shuffle and its reverse, averaged over
/// LxrReport::randomOrders orders; "popularity": most / least popular item first).
struct LxrMethodCurves {
    std::string method;
    LxrCurve pos;                    // most important first: lower = more faithful
    LxrCurve neg;                    // least important first: higher = more faithful
    LxrCurve posFixed;               // exactly fixedCounts[i] most important items removed
    LxrCurve negFixed;               // exactly fixedCounts[i] least important items removed
    int customers = 1;               // customers averaged (1 for one explanation)
    std::vector<int> fixedCustomers; // per fixedCounts: customers whose history was that long
};

struct LxrReport {
    std::vector<int> ks;            // {1, 5, 10, 20}
    std::vector<float> fractions;   // {0, 0.1, …, 1}
    std::vector<int> removedCounts; // items removed at each fraction (one customer; else empty)
    std::vector<int> fixedCounts;   // {1, …, min(5, n)}; aggregated: {1, …, 5}
    std::vector<LxrMethodCurves> methods;    // one per attribution, in the bundle's order
    std::vector<LxrMethodCurves> references; // "random" (if orders > 0), "popularity" (if known)
    int randomOrders = 0;
    int customers = 1; // explanations averaged
};

} // namespace reclens
