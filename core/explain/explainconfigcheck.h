#pragma once
// Which ExplainConfig and MerchantConfig values are accepted: the allowed range of every
// user-settable field and the combinations that are refused. One check for every front end: the
// CLI's explain, explain-item and report refuse such a config as a usage error, the GUI's
// settings dialog, its stored settings and the merchant view go through the same functions.

#include "explain/explainconfig.h"
#include "explain/merchantexplanation.h"

#include <string>

namespace reclens {

struct IntRange {
    int lo;
    int hi;
};

/// Ranges of the editable fields (inclusive). Wide enough for the CLI's defaults and for the
/// expensive settings a user may want once, narrow enough that a typo cannot ask for hours.
namespace explainlimits {
inline constexpr IntRange k{1, 100};
inline constexpr IntRange whatIfK{1, 200};
inline constexpr IntRange igSteps{1, 4096};
inline constexpr IntRange igBaselineSamples{1, 64}; // IG runs once per sampled baseline
inline constexpr double igTolerancePercentLo = 0.01;
inline constexpr double igTolerancePercentHi = 50.0;
inline constexpr IntRange shapleyExactLimit{0, 20}; // the engine clamps to 20 (2^20 passes)
inline constexpr IntRange shapleyPermutations{2, 1000};
inline constexpr IntRange shapleyOrdersPerGroup{1, 64};
inline constexpr IntRange shapleyNewestSamples{0, 1000};
inline constexpr IntRange counterfactualBudget{3, 100000};
inline constexpr IntRange counterfactualMaxRemovals{1, 1000};
inline constexpr IntRange faithfulnessCurvePoints{2, 201};
inline constexpr IntRange faithfulnessRandomOrders{1, 100};
inline constexpr IntRange seed{0, 2147483647}; // what a QSpinBox can show
} // namespace explainlimits

/// Why `c` cannot be used, in one sentence for the user; empty when it is fine. Checks every
/// range above and the combinations that make no sense (max steps below start steps, …).
std::string checkExplainConfig(const ExplainConfig& c);

/// The same for the merchant view of one product (explain-item, product reports): its top-K
/// uses explainlimits::k, a customer segment whose minimum history length is above its maximum
/// selects nobody, and negative sample sizes or caps mean nothing.
std::string checkMerchantConfig(const MerchantConfig& c);

} // namespace reclens
