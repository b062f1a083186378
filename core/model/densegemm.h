#pragma once
// Float matrix products and inference linears through oneDNN's sgemm (onednngemm.h) on plain
// row-major LibTorch tensors, with torch's own ops as the fallback (internal: includes LibTorch).
//
// Why one place: the training step's catalog products, the scoring of the item table and every
// linear of a no-grad forward pass all want the same thing, a GEMM without layout conversions.
// LibTorch sends torch::mm to OpenBLAS (about half of oneDNN's speed on these shapes), and its
// mkldnn_linear converts the input, the weight and the output to and from oneDNN's layout on
// every call: at the explanation bundle's shapes (a hundred histories of 50 purchases, d = 64)
// those copies and their fresh pages cost more than the products (bench/bench_forward).

#include <torch/torch.h>

namespace reclens {

/// alpha * a [m, k] · b [k, n] for 2-D tensors (either may be a transposed view of a row-major
/// matrix; anything else is made contiguous first). Float tensors go through oneDNN's sgemm when
/// it is loaded, others (and a process without oneDNN) through torch::mm. The two may differ in
/// the last bits (their summation orders). No autograd: call it from autograd functions'
/// forward/backward or under NoGradGuard/InferenceMode.
torch::Tensor denseProduct(const torch::Tensor& a, const torch::Tensor& b, double alpha = 1.0);

/// x [..., in] · weightᵀ + bias (weight [out, in], bias [out] or undefined), as
/// torch::nn::functional::linear computes it. With autograd recording, or for non-float
/// tensors, it *is* functional::linear (so training's graph is unchanged); otherwise one sgemm
/// writes the result, which starts as the broadcast bias.
torch::Tensor denseLinear(const torch::Tensor& x, const torch::Tensor& weight,
                          const torch::Tensor& bias);

} // namespace reclens
