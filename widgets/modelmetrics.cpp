#include "modelmetrics.h"

#include "eval/evaluator.h"

namespace reclens {

void recordTestMetrics(SasRecModel& model, const Dataset& ds, int maxUsers,
                       const std::function<bool()>& shouldStop) {
    EvalConfig ec;
    ec.split = EvalSplit::Test;
    ec.maxUsers = maxUsers;
    EvalResult ev = evaluate(model, ds, ec, shouldStop);
    for (const auto& [key, value] : ev.metrics)
        model.mutableInfo().metrics.emplace("test." + key, value);
    model.mutableInfo().metrics.emplace("test.users", static_cast<double>(ev.users));
}

} // namespace reclens
