#include "explain/explainconfigcheck.h"

#include <cmath>
#include <cstdint>
#include <sstream>

namespace reclens {

namespace {

bool inRange(int v, IntRange r) {
    return v >= r.lo && v <= r.hi;
}

std::string outOfRange(const char* what, long long v, IntRange r) {
    return std::string(what) + " must be between " + std::to_string(r.lo) + " and " +
           std::to_string(r.hi) + " (is " + std::to_string(v) + ").";
}

/// The shortest text of `v` ("0.01", "50"), as the dialog shows the limits.
std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

} // namespace

std::string checkExplainConfig(const ExplainConfig& c) {
    namespace L = explainlimits;
    if (!inRange(c.k, L::k))
        return outOfRange("Top-K", c.k, L::k);
    if (!inRange(c.whatIfK, L::whatIfK))
        return outOfRange("What-if list length", c.whatIfK, L::whatIfK);
    if (!inRange(c.igStartSteps, L::igSteps))
        return outOfRange("IG start steps", c.igStartSteps, L::igSteps);
    if (!inRange(c.igMaxSteps, L::igSteps))
        return outOfRange("IG max steps", c.igMaxSteps, L::igSteps);
    if (!inRange(c.igBaselineSamples, L::igBaselineSamples))
        return outOfRange("IG sampled baselines", c.igBaselineSamples, L::igBaselineSamples);
    const double tolPercent = c.igTolerance * 100.0;
    if (!(tolPercent >= L::igTolerancePercentLo - 1e-12 &&
          tolPercent <= L::igTolerancePercentHi + 1e-12))
        return "IG tolerance must be between " + number(L::igTolerancePercentLo) + " % and " +
               number(L::igTolerancePercentHi) + " %.";
    if (!(std::isfinite(c.igSmallDelta) && c.igSmallDelta > 0.0))
        return "IG small-difference threshold must be a positive number.";
    if (!inRange(c.shapleyExactLimit, L::shapleyExactLimit))
        return outOfRange("Shapley exact limit", c.shapleyExactLimit, L::shapleyExactLimit);
    if (!inRange(c.shapleyPermutations, L::shapleyPermutations))
        return outOfRange("Shapley permutations", c.shapleyPermutations, L::shapleyPermutations);
    if (!inRange(c.shapleyOrdersPerGroup, L::shapleyOrdersPerGroup))
        return outOfRange("Shapley orders per group", c.shapleyOrdersPerGroup,
                          L::shapleyOrdersPerGroup);
    if (!inRange(c.shapleyNewestSamples, L::shapleyNewestSamples))
        return outOfRange("Shapley newest-purchase samples", c.shapleyNewestSamples,
                          L::shapleyNewestSamples);
    if (!inRange(c.counterfactualBudget, L::counterfactualBudget))
        return outOfRange("Counterfactual budget", c.counterfactualBudget, L::counterfactualBudget);
    if (!inRange(c.counterfactualMaxRemovals, L::counterfactualMaxRemovals))
        return outOfRange("Counterfactual max removals", c.counterfactualMaxRemovals,
                          L::counterfactualMaxRemovals);
    if (!inRange(c.faithfulnessCurvePoints, L::faithfulnessCurvePoints))
        return outOfRange("Faithfulness curve points", c.faithfulnessCurvePoints,
                          L::faithfulnessCurvePoints);
    if (!inRange(c.faithfulnessRandomOrders, L::faithfulnessRandomOrders))
        return outOfRange("Faithfulness random orders", c.faithfulnessRandomOrders,
                          L::faithfulnessRandomOrders);
    if (c.seed > static_cast<std::uint64_t>(L::seed.hi))
        return "Seed must be between 0 and " + std::to_string(L::seed.hi) + ".";

    // Combinations the engine would accept but that cannot mean what the user wants.
    if (c.igMaxSteps < c.igStartSteps)
        return "IG max steps (" + std::to_string(c.igMaxSteps) +
               ") must be at least the start steps (" + std::to_string(c.igStartSteps) +
               "): steps only double upwards from the start.";
    // Simpson's weights 1, 4, 2, …, 4, 1 pair the intervals; the engine would round an odd
    // count up, so say so here rather than run a count the user did not choose.
    if (c.igRule == IgRule::Simpson && c.igStartSteps % 2 == 1)
        return "Simpson's rule needs an even number of start steps (it pairs the intervals): "
               "use " +
               std::to_string(c.igStartSteps + 1) + " instead of " +
               std::to_string(c.igStartSteps) + ".";
    if (c.shapleyExactOnLastItems && c.shapleyExactLimit == 0)
        return "“Exact over the last items” needs a Shapley exact limit of at least 1: with 0 "
               "there are no items to be exact over.";
    if (c.counterfactualMaxRemovals > c.counterfactualBudget)
        return "Counterfactual max removals (" + std::to_string(c.counterfactualMaxRemovals) +
               ") cannot exceed the budget (" + std::to_string(c.counterfactualBudget) +
               "): every removal costs at least one forward pass.";
    return {};
}

std::string checkMerchantConfig(const MerchantConfig& c) {
    namespace L = explainlimits;
    if (!inRange(c.k, L::k))
        return outOfRange("Top-K", c.k, L::k);
    if (c.maxUsers < 0)
        return "The customer sample must be 0 (every customer) or more (is " +
               std::to_string(c.maxUsers) + ").";
    if (c.segment.minHistoryLength < 0 || c.segment.maxHistoryLength < 0)
        return "Segment history lengths must not be negative.";
    if (c.segment.maxHistoryLength > 0 && c.segment.minHistoryLength > c.segment.maxHistoryLength)
        return "Segment minimum history length (" + std::to_string(c.segment.minHistoryLength) +
               ") is above its maximum (" + std::to_string(c.segment.maxHistoryLength) +
               "): the segment would hold no customer.";
    if (c.topDrivers < 1 || c.maxDriverUsers < 1 || c.whatIfMaxUsers < 1)
        return "Driver lists, driver customers and what-if customers need at least 1.";
    if (c.maxCustomers < 0 || c.maxDriverPositions < 0)
        return "Caps on listed customers and driver positions must be 0 (no cap) or more.";
    if (c.seed > static_cast<std::uint64_t>(L::seed.hi))
        return "Seed must be between 0 and " + std::to_string(L::seed.hi) + ".";
    return {};
}

} // namespace reclens
