// LazyAdam (core/train/lazyadam.h) and the sparse embedding gradients of sampled losses: a row
// gradient moves only the rows it names, exactly as torch::optim::Adam moves them when given
// the same gradient densely; dense gradients get plain Adam; and a SASRec step with a sampled
// loss moves only the item rows it looked up, while the full softmax moves every row.
// (Includes LibTorch: LazyAdam is internal to the trainer.)

#include "model/sasrecimpl.h"
#include "test_model_fixtures.h"
#include "train/lazyadam.h"
#include "train/trainer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <set>

using namespace reclens;

namespace {

namespace F = torch::nn::functional;

struct Params {
    torch::Tensor table; // [12, 4] embedding table, row 0 = padding
    torch::Tensor dense; // [4, 3] an ordinary weight
};

Params copyOf(const Params& p) {
    return {p.table.detach().clone().requires_grad_(), p.dense.detach().clone().requires_grad_()};
}

// One optimiser step on a loss that looks up `rows` of the table (sparse or dense gradient).
void stepOn(torch::optim::Optimizer& opt, const Params& p, std::vector<std::int64_t> rows,
            bool sparse) {
    opt.zero_grad();
    const auto ids = torch::tensor(rows, torch::kLong);
    const auto e =
        F::embedding(ids, p.table, F::EmbeddingFuncOptions().padding_idx(0).sparse(sparse));
    torch::matmul(e, p.dense).tanh().pow(2).sum().backward();
    opt.step();
}

torch::optim::AdamOptions adamOptions(double weightDecay) {
    return torch::optim::AdamOptions(1e-2).betas({0.9, 0.98}).weight_decay(weightDecay);
}

Params initial() {
    torch::manual_seed(7);
    Params p{torch::randn({12, 4}), torch::randn({4, 3})};
    p.table[0].zero_();
    return p;
}

} // namespace

TEST(LazyAdam, FirstStepEqualsAdamOnTheTouchedRowsAndLeavesTheOthers) {
    const Params start = initial();
    const Params lazy = copyOf(start), dense = copyOf(start);
    LazyAdam lazyOpt({lazy.table, lazy.dense}, adamOptions(0.1));
    torch::optim::Adam adamOpt({dense.table, dense.dense}, adamOptions(0.1));
    // Row 5 twice (its gradients add up), the padding row 0 (no gradient).
    stepOn(lazyOpt, lazy, {3, 5, 5, 9, 0}, /*sparse=*/true);
    stepOn(adamOpt, dense, {3, 5, 5, 9, 0}, /*sparse=*/false);
    EXPECT_TRUE(torch::equal(lazy.dense, dense.dense)) << "dense gradients: plain Adam";
    for (std::int64_t r = 0; r < 12; ++r) {
        const bool touched = r == 3 || r == 5 || r == 9;
        if (touched) {
            EXPECT_TRUE(torch::allclose(lazy.table[r], dense.table[r], 0.0, 1e-7)) << "row " << r;
            EXPECT_FALSE(torch::equal(lazy.table[r], start.table[r])) << "row " << r;
        } else {
            EXPECT_TRUE(torch::equal(lazy.table[r], start.table[r])) << "row " << r;
            if (r != 0) { // dense Adam's L2 term moves every row; the lazy update leaves it
                EXPECT_FALSE(torch::equal(dense.table[r], start.table[r])) << "row " << r;
            }
        }
    }
    EXPECT_FALSE(lazy.table.grad().defined()) << "the sparse gradient is consumed by the step";
}

TEST(LazyAdam, LaterStepsLeaveUntouchedRowsWhereDenseAdamKeepsMovingThem) {
    // Without weight decay a row that had no gradient yet has zero moments, so dense Adam does
    // not move it either: after two steps both agree on every row of the second step (also on
    // row 7, first touched there, with Adam's step-2 bias correction), and differ only on rows
    // of the first step alone, which dense Adam moves on by their momentum.
    const Params start = initial();
    const Params lazy = copyOf(start), dense = copyOf(start);
    LazyAdam lazyOpt({lazy.table, lazy.dense}, adamOptions(0.0));
    torch::optim::Adam adamOpt({dense.table, dense.dense}, adamOptions(0.0));
    stepOn(lazyOpt, lazy, {2, 4, 6}, true);
    stepOn(adamOpt, dense, {2, 4, 6}, false);
    const auto afterFirst = lazy.table.detach().clone();
    stepOn(lazyOpt, lazy, {4, 7}, true);
    stepOn(adamOpt, dense, {4, 7}, false);
    for (std::int64_t r : {4, 7})
        EXPECT_TRUE(torch::allclose(lazy.table[r], dense.table[r], 0.0, 1e-7)) << "row " << r;
    for (std::int64_t r : {2, 6}) {
        EXPECT_TRUE(torch::equal(lazy.table[r], afterFirst[r])) << "row " << r;
        EXPECT_FALSE(torch::allclose(dense.table[r], afterFirst[r], 0.0, 1e-7)) << "row " << r;
    }
    EXPECT_TRUE(torch::allclose(lazy.dense, dense.dense, 0.0, 1e-7));
    torch::serialize::OutputArchive archive; // Adam's state layout: saving works
    lazyOpt.save(archive);
}

TEST(LazyAdam, SampledLossTrainingMovesOnlyTheItemRowsItsStepsLookedUp) {
    // 200 products, 20 customers walking 4-10 steps: many products never occur. One epoch is
    // one step with one sampled negative, so sampled-ce may move the occurring products' rows
    // and one more; the full softmax gives every row a gradient.
    const Dataset ds = test::pairRuleDataset(200, 20, 3);
    std::set<std::int64_t> occurring;
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u)
        for (ItemIndex i : ds.trainingSequence(u))
            occurring.insert(i);
    ASSERT_LT(occurring.size(), 160u);
    TrainConfig tc;
    tc.model.maxLength = 12;
    tc.model.dim = 8;
    tc.epochs = 1;
    tc.patience = 0;
    tc.batchSize = 64;
    tc.threads = 1;
    tc.negatives = 1;
    for (LossKind loss : {LossKind::SampledCrossEntropy, LossKind::CrossEntropy}) {
        tc.loss = loss;
        auto model = SasRecModel::create(ds, tc.model, tc.seed);
        ASSERT_TRUE(model.ok());
        const auto before = model->impl().net->itemEmb->weight.detach().clone();
        int steps = 0;
        TrainCallbacks cb;
        cb.onStep = [&](const StepStats&) {
            ++steps;
        };
        ASSERT_TRUE(train(*model, ds, tc, cb).ok());
        ASSERT_EQ(steps, 1);
        const auto after = model->impl().net->itemEmb->weight.detach();
        int movedOccurring = 0, movedOthers = 0;
        for (std::int64_t i = 0; i < 200; ++i) {
            const bool moved = !torch::equal(after[i + 1], before[i + 1]);
            (occurring.count(i) ? movedOccurring : movedOthers) += moved ? 1 : 0;
        }
        EXPECT_TRUE(torch::equal(after[0], before[0])) << "the padding row never moves";
        EXPECT_EQ(movedOccurring, static_cast<int>(occurring.size()));
        if (loss == LossKind::SampledCrossEntropy)
            EXPECT_LE(movedOthers, 1) << "only the sampled negative beyond the looked-up rows";
        else
            EXPECT_EQ(movedOthers, 200 - static_cast<int>(occurring.size()));
        EXPECT_FALSE(model->impl().net->itemEmb->options.sparse()) << "dense again after training";
    }
}
