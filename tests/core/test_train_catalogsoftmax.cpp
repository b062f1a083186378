// catalogCrossEntropy (core/train/catalogsoftmax.h), the trainer's one-node full-softmax loss,
// against the composition it replaces (matmul, index_put of -1e9, torch's cross_entropy): the
// same loss and the same gradients for the hidden states and the item table, with and without
// masked logits and label smoothing, for an incoming gradient other than 1.
// oneDNN's sgemm behind it equals torch::mm. (Includes LibTorch: internal to the trainer.)

#include "model/onednngemm.h"
#include "train/catalogsoftmax.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

using namespace reclens;

namespace {

namespace F = torch::nn::functional;

struct Case {
    torch::Tensor hidden, table, targets, maskedRow, maskedItem;
};

Case makeCase(bool withMask) {
    torch::manual_seed(11);
    Case c;
    c.hidden = torch::randn({37, 16}) * 2;
    c.table = torch::randn({211, 16});
    c.targets = torch::randint(0, 211, {37}, torch::kLong);
    std::vector<std::int64_t> rows, items;
    if (withMask)
        for (std::int64_t r = 0; r < 37; r += 3)
            for (std::int64_t item : {5, 17, 200})
                if (item != c.targets[r].item<std::int64_t>()) {
                    rows.push_back(r);
                    items.push_back(item);
                }
    c.maskedRow = torch::tensor(rows, torch::kLong);
    c.maskedItem = torch::tensor(items, torch::kLong);
    return c;
}

struct Outcome {
    double loss;
    torch::Tensor gradHidden, gradTable;
};

// loss * 0.5 is what backward starts from: the incoming gradient must scale both products.
Outcome run(const Case& c, double smoothing, bool fused) {
    auto h = c.hidden.clone().requires_grad_();
    auto w = c.table.clone().requires_grad_();
    torch::Tensor loss;
    if (fused) {
        loss = catalogCrossEntropy(h, w, c.targets, c.maskedRow, c.maskedItem, smoothing);
    } else {
        auto logits = torch::matmul(h, w.t());
        if (c.maskedRow.numel() > 0)
            logits = logits.index_put({c.maskedRow, c.maskedItem},
                                      torch::full({}, -1e9f, logits.options()));
        loss = F::cross_entropy(logits, c.targets,
                                F::CrossEntropyFuncOptions().label_smoothing(smoothing));
    }
    (loss * 0.5).backward();
    return {loss.item<double>(), h.grad(), w.grad()};
}

void expectSame(const Case& c, double smoothing) {
    const auto ref = run(c, smoothing, false);
    const auto got = run(c, smoothing, true);
    EXPECT_NEAR(got.loss, ref.loss, 1e-6 * std::abs(ref.loss)) << "smoothing " << smoothing;
    EXPECT_TRUE(torch::allclose(got.gradHidden, ref.gradHidden, 1e-5, 1e-7))
        << "hidden gradient, max difference "
        << (got.gradHidden - ref.gradHidden).abs().max().item<float>();
    EXPECT_TRUE(torch::allclose(got.gradTable, ref.gradTable, 1e-5, 1e-7))
        << "table gradient, max difference "
        << (got.gradTable - ref.gradTable).abs().max().item<float>();
    // Not trivially equal: the gradients are far from zero.
    EXPECT_GT(ref.gradTable.abs().max().item<float>(), 1e-3f);
}

} // namespace

TEST(CatalogCrossEntropy, EqualsMatmulAndTorchCrossEntropy) {
    expectSame(makeCase(false), 0.0);
}

TEST(CatalogCrossEntropy, EqualsTorchWithMaskedLogits) {
    const auto c = makeCase(true);
    ASSERT_GT(c.maskedRow.numel(), 30);
    expectSame(c, 0.0);
}

TEST(CatalogCrossEntropy, EqualsTorchWithLabelSmoothingAndMasks) {
    expectSame(makeCase(false), 0.1);
    expectSame(makeCase(true), 0.1);
}

TEST(CatalogCrossEntropy, MaskedLogitsGetNoGradientAndNoProbability) {
    const auto c = makeCase(true);
    auto h = c.hidden.clone().requires_grad_();
    auto w = c.table.clone().requires_grad_();
    // Table row 200 masked for every third position: with smoothing its gradient comes only
    // from the positions where it is not masked.
    catalogCrossEntropy(h, w, c.targets, c.maskedRow, c.maskedItem, 0.1).backward();
    auto onlyUnmasked = torch::zeros({37}, torch::kBool);
    for (std::int64_t r = 0; r < 37; ++r) {
        onlyUnmasked[r] = r % 3 != 0;
        if (r % 3 == 0) { // else row 200 would not be masked there
            ASSERT_NE(c.targets[r].item<std::int64_t>(), 200);
        }
    }
    auto h2 = c.hidden.clone().index({onlyUnmasked}).requires_grad_();
    auto w2 = c.table.clone().requires_grad_();
    const auto kept = c.targets.index({onlyUnmasked});
    // Same rows without masks, scaled to the same mean: row 200's gradient must agree.
    (catalogCrossEntropy(h2, w2, kept, torch::empty({0}, torch::kLong),
                         torch::empty({0}, torch::kLong), 0.1) *
     (static_cast<double>(kept.size(0)) / 37.0))
        .backward();
    EXPECT_TRUE(torch::allclose(w.grad()[200], w2.grad()[200], 1e-5, 1e-7));
}

TEST(OneDnnGemm, EqualsTorchMmForEveryTranspositionAndScale) {
    // Debian's LibTorch links oneDNN, so the fast path is the one the trainer takes here.
    ASSERT_TRUE(oneDnnGemmAvailable());
    torch::manual_seed(3);
    const std::int64_t m = 33, n = 70, k = 19;
    for (bool ta : {false, true})
        for (bool tb : {false, true}) {
            // Stored as the transpose when op() transposes: row-major [k, m] / [n, k].
            const auto a = ta ? torch::randn({k, m}) : torch::randn({m, k});
            const auto b = tb ? torch::randn({n, k}) : torch::randn({k, n});
            auto c = torch::full({m, n}, 5.0f); // beta = 1 adds to what is there
            ASSERT_TRUE(oneDnnGemm(ta, tb, m, n, k, 0.5f, a.data_ptr<float>(), a.size(1),
                                   b.data_ptr<float>(), b.size(1), 1.0f, c.data_ptr<float>(), n));
            const auto expected =
                torch::mm(ta ? a.t() : a, tb ? b.t() : b) * 0.5 + torch::full({m, n}, 5.0f);
            EXPECT_TRUE(torch::allclose(c, expected, 1e-5, 1e-5))
                << "transA " << ta << " transB " << tb;
        }
}
