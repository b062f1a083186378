#pragma once
// Test-split metrics for a freshly trained model. Kept in its own file because
// eval/evaluator.h and explain/explanation.h both declare reclens::rankOf with different
// return types and cannot be included together.

#include "data/dataset.h"
#include "model/sasrecmodel.h"

#include <functional>

namespace reclens {

/// Evaluates `model` on the test split (full ranking; at most `maxUsers` users) and records
/// the accuracy and beyond-accuracy metrics in its ModelInfo as "test.<metric>".
void recordTestMetrics(SasRecModel& model, const Dataset& ds, int maxUsers,
                       const std::function<bool()>& shouldStop);

} // namespace reclens
