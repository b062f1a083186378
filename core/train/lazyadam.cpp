#include "train/lazyadam.h"

#include <cmath>

namespace reclens {

torch::Tensor LazyAdam::step(LossClosure closure) {
    TORCH_CHECK(!closure, "LazyAdam::step takes no closure");
    {
        torch::NoGradGuard noGrad;
        for (auto& group : param_groups_) {
            const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
            for (auto& p : group.params()) {
                if (!p.grad().defined() || !p.grad().is_sparse())
                    continue;
                stepRows(p, p.grad(), options);
                p.mutable_grad() = torch::Tensor(); // Adam::step below skips it
            }
        }
    }
    return torch::optim::Adam::step();
}

void LazyAdam::stepRows(torch::Tensor& param, const torch::Tensor& sparseGrad,
                        const torch::optim::AdamOptions& options) {
    TORCH_CHECK(!options.amsgrad(), "LazyAdam: amsgrad is not supported for sparse gradients");
    TORCH_CHECK(sparseGrad.sparse_dim() == 1, "LazyAdam: expected a row-sparse gradient");
    // Duplicate rows (an item looked up several times in a step) are summed, as the dense
    // gradient sums them.
    const auto grad = sparseGrad.coalesce();
    const auto rows = grad._indices().select(0, 0);
    auto values = grad._values();

    // The same state entry and layout as torch::optim::Adam (keyed by the tensor's impl).
    const auto key = c10::guts::to_string(param.unsafeGetTensorImpl());
    auto found = state_.find(key);
    if (found == state_.end()) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(param, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(param, torch::MemoryFormat::Preserve));
        found = state_.emplace(key, std::move(fresh)).first;
    }
    auto& state = static_cast<torch::optim::AdamParamState&>(*found->second);
    state.step(state.step() + 1);
    const auto [beta1, beta2] = options.betas();
    const double biasCorrection1 = 1 - std::pow(beta1, static_cast<double>(state.step()));
    const double biasCorrection2 = 1 - std::pow(beta2, static_cast<double>(state.step()));

    // Adam's operations in Adam's order, on the gathered rows only.
    auto weights = param.index_select(0, rows);
    if (options.weight_decay() != 0)
        values = values.add(weights, options.weight_decay());
    auto expAvg = state.exp_avg().index_select(0, rows).mul_(beta1).add_(values, 1 - beta1);
    auto expAvgSq =
        state.exp_avg_sq().index_select(0, rows).mul_(beta2).addcmul_(values, values, 1 - beta2);
    const auto denom = (expAvgSq.sqrt() / std::sqrt(biasCorrection2)).add_(options.eps());
    weights.addcdiv_(expAvg, denom, -options.lr() / biasCorrection1);
    state.exp_avg().index_copy_(0, rows, expAvg);
    state.exp_avg_sq().index_copy_(0, rows, expAvgSq);
    param.index_copy_(0, rows, weights);
}

} // namespace reclens
