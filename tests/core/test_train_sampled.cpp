// Sampled softmax with logQ correction: chosen automatically above kFullSoftmaxMaxItems, learns
// a planted rule like full softmax does, and the checkpoint says which loss trained it.

#include "eval/evaluator.h"
#include "model/modeljson.h"
#include "test_model_fixtures.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

using namespace reclens;

TEST(SampledSoftmax, ChosenAutomaticallyAboveTheDocumentedCatalogSize) {
    EXPECT_EQ(effectiveLoss(LossKind::CrossEntropy, kFullSoftmaxMaxItems), LossKind::CrossEntropy);
    EXPECT_EQ(effectiveLoss(LossKind::CrossEntropy, kFullSoftmaxMaxItems + 1),
              LossKind::SampledCrossEntropy);
    EXPECT_EQ(effectiveLoss(LossKind::Bce, 10'000'000), LossKind::Bce);
    EXPECT_EQ(effectiveLoss(LossKind::SampledCrossEntropy, 10), LossKind::SampledCrossEntropy);
    LossKind parsed = LossKind::CrossEntropy;
    ASSERT_TRUE(parseLossName("sampled-ce", parsed));
    EXPECT_EQ(parsed, LossKind::SampledCrossEntropy);
    EXPECT_STREQ(lossName(parsed), "sampled-ce");
}

TEST(SampledSoftmax, LearnsAPlantedNextItemRuleWithFewNegatives) {
    // 60 items, 20 negatives per batch: each step sees a fraction of the catalog, yet the rule
    // "item i is followed by i + 1" must be learnt as with the full softmax.
    auto ds = test::pairRuleDataset(60, 300, 6);
    TrainConfig tc;
    tc.model.maxLength = 12;
    tc.model.dim = 16;
    tc.model.dropout = 0.1f;
    tc.epochs = 30;
    tc.patience = 0;
    tc.batchSize = 32;
    tc.learningRate = 1e-2f;
    tc.threads = 1;
    tc.loss = LossKind::SampledCrossEntropy;
    tc.negatives = 20;
    auto model = SasRecModel::create(ds, tc.model, tc.seed);
    ASSERT_TRUE(model.ok());
    auto r = train(*model, ds, tc);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_LT(r->epochs.back().loss, r->epochs.front().loss);
    EvalConfig ec;
    ec.ks = {1};
    EXPECT_GE(evaluate(*model, ds, ec).metrics.at("hr@1"), 0.9);
    EXPECT_EQ(model->info().training.loss, LossKind::SampledCrossEntropy);
    EXPECT_EQ(model->info().training.negatives, 20);
    nlohmann::json j = model->info().training;
    EXPECT_EQ(j["loss"], "sampled-ce");
    EXPECT_EQ(j.get<TrainConfig>().negatives, 20);
    tc.negatives = 0;
    auto bad = train(*model, ds, tc);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("negatives"), std::string::npos);
}
