// denseLinear / denseProduct (core/model/densegemm.h) against torch's own ops on the shapes and
// views the forward passes hand them: 3-D activations, narrowed and transposed views, single
// rows, with and without a bias, under InferenceMode and with autograd recording.

#include "model/densegemm.h"
#include "model/onednngemm.h"

#include <gtest/gtest.h>

using namespace reclens;

namespace {

void expectLinearMatches(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b,
                         const char* what) {
    const auto expected = torch::nn::functional::linear(x, w, b);
    const auto wBefore = w.clone();
    const auto bBefore = b.defined() ? b.clone() : torch::Tensor();
    torch::Tensor got;
    {
        c10::InferenceMode inference;
        got = denseLinear(x, w, b);
    }
    // The weights are the model's parameters: the product must never write into them.
    EXPECT_TRUE(torch::equal(w, wBefore)) << what;
    if (b.defined()) {
        EXPECT_TRUE(torch::equal(b, bBefore)) << what;
    }
    ASSERT_EQ(got.sizes(), expected.sizes()) << what;
    EXPECT_TRUE(torch::allclose(got, expected, 1e-5, 1e-5))
        << what << ": max difference " << (got - expected).abs().max().item<float>();
}

} // namespace

TEST(DenseGemm, LinearEqualsTorchLinearOnEveryViewTheForwardPassMakes) {
    ASSERT_TRUE(oneDnnGemmAvailable()); // Debian's LibTorch links oneDNN: the fast path is tested
    torch::manual_seed(5);
    const auto w = torch::randn({24, 16});
    const auto b = torch::randn({24});
    const auto x = torch::randn({3, 7, 16});
    expectLinearMatches(x, w, b, "contiguous [B, T, D]");
    expectLinearMatches(x, w, torch::Tensor(), "no bias");
    expectLinearMatches(x.narrow(1, 6, 1), w, b, "last position only (narrowed)");
    expectLinearMatches(x.select(1, 6), w, b, "selected position [B, D]");
    expectLinearMatches(x.transpose(0, 1), w, b, "transposed batch and time");
    expectLinearMatches(torch::randn({16, 5}).t(), w, b, "a transposed matrix");
    expectLinearMatches(torch::randn({1, 16}), w, b, "one row");
    expectLinearMatches(torch::randn({1, 1, 16}), w, b, "one history of one purchase");
    expectLinearMatches(x, torch::randn({16, 24}).t(), b, "a transposed weight");
    expectLinearMatches(x, torch::cat({w, w * 2}), torch::cat({b, b}), "joined weights");
}

TEST(DenseGemm, LinearKeepsAutogradWhenRecording) {
    const auto w = torch::randn({8, 4}, torch::requires_grad());
    const auto x = torch::randn({2, 4});
    auto y = denseLinear(x, w, torch::Tensor());
    ASSERT_TRUE(y.requires_grad()); // training's graph goes through torch's linear
    y.sum().backward();
    EXPECT_TRUE(torch::allclose(w.grad(), x.sum(0).expand({8, 4})));
}

TEST(DenseGemm, ProductEqualsTorchMmForViewsAndScale) {
    torch::manual_seed(6);
    const auto a = torch::randn({9, 5});
    const auto t = torch::randn({11, 5});
    c10::InferenceMode inference;
    EXPECT_TRUE(torch::allclose(denseProduct(a, t.t()), torch::mm(a, t.t()), 1e-5, 1e-5));
    EXPECT_TRUE(
        torch::allclose(denseProduct(a, t.t(), -0.5), torch::mm(a, t.t()) * -0.5, 1e-5, 1e-5));
    const auto wide = torch::randn({9, 12});
    EXPECT_TRUE(torch::allclose(denseProduct(wide.narrow(1, 2, 5), t.t()),
                                torch::mm(wide.narrow(1, 2, 5), t.t()), 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(denseProduct(a.t().t(), t.t().contiguous()), torch::mm(a, t.t()),
                                1e-5, 1e-5));
}
