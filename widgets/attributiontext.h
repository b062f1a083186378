#pragma once
// The words the explanation views use for attribution methods and for how a bundle was
// computed (integrated gradients' quadrature, the cost per method). Shared by the Saliency
// view and its tests; plain functions over the engine's structs.

#include "explain/explanation.h"

#include <QString>

#include <string>

namespace reclens {

/// Stable engine method names (grad, grad_x_input, ig, loo, shapley, attention_rollout) as
/// the user reads them: "Integrated gradients".
QString methodLabel(const std::string& method);
/// A few characters, for column headers: "IG".
QString shortMethodLabel(const std::string& method);
/// One sentence saying what the method measures, for tooltips.
QString methodTooltip(const std::string& method);
/// Integrated gradients' quadrature rule, the step counts tried, the gradient evaluations and
/// the completeness error, in one sentence.
QString igDetails(const IgExplanation& ig);
/// Distinct histories scored and the wall time per method of a bundle (rich text).
QString explanationCost(const ExplanationBundle& bundle);

} // namespace reclens
