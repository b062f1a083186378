#pragma once
// Full softmax cross-entropy over the whole catalog in one autograd node (internal to the
// trainer: includes LibTorch).
//
// Why: the logits of one training step are a [positions x items] matrix (128 windows of
// Amazon Scientific: ~500 x 4,385 floats), and the ordinary composition matmul -> log_softmax
// -> nll_loss and its backward (a zero [positions x items] gradient, its scatter, then
// log_softmax's backward reading it and the saved output again) passes over that matrix some
// eight times per step. Here the forward computes the scores, the log-softmax (the loss is read
// from it) and turns it in place into the gradient softmax - onehot; the backward is only the two
// matrix products with it. The values are those of torch::nn::functional::cross_entropy up to
// float rounding (tests/core/test_train_catalogsoftmax.cpp).

#include <torch/torch.h>

namespace reclens {

/// Mean cross-entropy of the positions' hidden states `hidden` [N, D] scored against every
/// candidate embedding `table` [I, D] (logits = hidden · tableᵀ), with `targets` [N] the 0-based
/// target item of each position. (maskedRow[k], maskedItem[k]) pairs (both [M] long, may be
/// empty) have their logit set to -1e9 and get no gradient, as an index_put of a constant does.
/// `labelSmoothing` in [0, 1) as in torch's cross_entropy. Differentiable in hidden and table.
torch::Tensor catalogCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& table,
                                  const torch::Tensor& targets, const torch::Tensor& maskedRow,
                                  const torch::Tensor& maskedItem, double labelSmoothing);

} // namespace reclens
