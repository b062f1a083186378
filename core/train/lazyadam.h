#pragma once
// Adam whose update of a parameter with a sparse (row) gradient touches only the rows that have
// a gradient in this step ("lazy Adam", as TensorFlow Addons' LazyAdam): their moments and
// weights are updated exactly as torch::optim::Adam updates them, every other row keeps its
// weights and moments. Dense gradients go through torch::optim::Adam itself, unchanged, so
// training with dense gradients only (full softmax, the search model) is bit-identical to
// plain Adam. Internal to the trainers (includes LibTorch).
//
// Why: with sampled losses a step looks up a few thousand item embeddings, yet a dense Adam
// step reads and writes the whole item table and its two moment tensors (at 1 M products x 64
// floats, 768 MB) and the dense embedding gradient is a table-sized tensor too; that made a
// step's cost grow with the catalog (docs/BENCHMARKS.md, "Training steps per loss").
//
// Semantics that differ from dense Adam after the first step, both as in LazyAdam:
// - A row without a gradient in a step does not move. Dense Adam would still move it by its
//   decaying momentum (and, with weight decay, shrink it).
// - Weight decay (Adam's L2 term, grad + wd * w) applies to a row in the steps that touch it.
// - Bias correction uses the parameter's step count (every step in which the table had any
//   gradient), not a per-row count.
// The state has Adam's layout (AdamParamState: step, exp_avg, exp_avg_sq per parameter, the
// full table size), so save() writes the same archive as torch::optim::Adam.

#include <torch/torch.h>

namespace reclens {

class LazyAdam : public torch::optim::Adam {
public:
    using torch::optim::Adam::Adam;

    /// One step; `closure` must be null. A parameter's sparse gradient is consumed (reset to
    /// undefined), so the next backward starts a fresh one: a sparse gradient zeroed by
    /// zero_grad() would still list its rows as touched.
    torch::Tensor step(LossClosure closure = nullptr) override;

private:
    void stepRows(torch::Tensor& param, const torch::Tensor& sparseGrad,
                  const torch::optim::AdamOptions& options);
};

} // namespace reclens
