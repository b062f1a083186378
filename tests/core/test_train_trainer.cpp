// Training: reproducibility, learning a planted rule, early stopping, cancellation.

#include "eval/evaluator.h"
#include "test_model_fixtures.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

using namespace reclens;

namespace {

TrainConfig smallConfig() {
    TrainConfig tc;
    tc.model.maxLength = 12;
    tc.model.dim = 16;
    tc.model.dropout = 0.1f;
    tc.epochs = 4;
    tc.batchSize = 32;
    tc.learningRate = 5e-3f;
    tc.threads = 1;
    return tc;
}

SasRecModel freshModel(const Dataset& ds, const TrainConfig& tc) {
    auto m = SasRecModel::create(ds, tc.model, tc.seed);
    EXPECT_TRUE(m.ok());
    return std::move(m).value();
}

} // namespace

TEST(Trainer, SameSeedGivesIdenticalMetrics) {
    auto ds = test::pairRuleDataset(40, 150, 5);
    auto tc = smallConfig();
    tc.epochs = 3;
    tc.loss = LossKind::Bce; // also covers the sampled-negative path
    std::vector<std::vector<EpochStats>> runs;
    std::vector<std::vector<float>> scores;
    for (int run = 0; run < 2; ++run) {
        auto model = freshModel(ds, tc);
        auto r = train(model, ds, tc);
        ASSERT_TRUE(r.ok()) << r.error().message;
        runs.push_back(r->epochs);
        scores.push_back(model.scoreAll({{0, 1, 2}, {}}));
    }
    ASSERT_EQ(runs[0].size(), runs[1].size());
    for (size_t e = 0; e < runs[0].size(); ++e) {
        EXPECT_EQ(runs[0][e].loss, runs[1][e].loss);
        EXPECT_EQ(runs[0][e].validNdcg10, runs[1][e].validNdcg10);
    }
    EXPECT_EQ(scores[0], scores[1]);
    tc.seed = 43;
    auto other = freshModel(ds, tc);
    auto r = train(other, ds, tc);
    ASSERT_TRUE(r.ok());
    EXPECT_NE(r->epochs[0].loss, runs[0][0].loss) << "another seed should train differently";
}

TEST(Trainer, LearnsAPlantedNextItemRule) {
    auto ds = test::pairRuleDataset(40, 300, 6);
    auto tc = smallConfig();
    tc.epochs = 15;
    auto model = freshModel(ds, tc);
    int stepCalls = 0;
    TrainCallbacks cb;
    cb.onStep = [&](const StepStats&) {
        ++stepCalls;
    };
    auto r = train(model, ds, tc, cb);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GT(stepCalls, r->epochsRun);
    EvalConfig ec;
    ec.ks = {1};
    auto test = evaluate(model, ds, ec);
    EXPECT_GE(test.metrics.at("hr@1"), 0.9) << "the successor of the last item is the next item";
    EXPECT_EQ(model.info().epochsTrained, r->epochsRun);
    EXPECT_GT(model.info().metrics.at("valid.ndcg@10"), 0.0);
}

TEST(Trainer, EarlyStoppingKeepsTheBestWeights) {
    auto ds = test::randomDataset(30, 120, 7); // noise: validation peaks early
    auto tc = smallConfig();
    tc.epochs = 12;
    tc.patience = 2;
    tc.learningRate = 2e-2f;
    auto model = freshModel(ds, tc);
    auto r = train(model, ds, tc);
    ASSERT_TRUE(r.ok());
    ASSERT_GE(r->bestEpoch, 1);
    EXPECT_LE(r->epochsRun, r->bestEpoch + tc.patience);
    EvalConfig ec;
    ec.split = EvalSplit::Valid;
    ec.ks = {10};
    auto valid = evaluate(model, ds, ec);
    EXPECT_DOUBLE_EQ(valid.metrics.at("ndcg@10"), r->bestValidNdcg10);
}

TEST(Trainer, CancellationStopsBetweenSteps) {
    auto ds = test::pairRuleDataset(40, 300, 8);
    auto tc = smallConfig();
    tc.epochs = 50;
    auto model = freshModel(ds, tc);
    int steps = 0;
    TrainCallbacks cb;
    cb.onStep = [&](const StepStats&) {
        ++steps;
    };
    cb.shouldStop = [&] {
        return steps >= 3;
    };
    auto r = train(model, ds, tc, cb);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->cancelled);
    EXPECT_EQ(steps, 3);
    EXPECT_EQ(r->epochsRun, 0);
}

TEST(Trainer, RefusesAnotherDatasetAndBadSettings) {
    auto ds = test::pairRuleDataset(40, 50, 9);
    auto other = test::randomDataset(40, 50, 10, "other");
    auto tc = smallConfig();
    auto model = freshModel(ds, tc);
    auto r = train(model, other, tc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Mismatch);
    tc.batchSize = 0;
    r = train(model, ds, tc);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}
