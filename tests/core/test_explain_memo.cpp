// The per-bundle memo of scored histories: same numbers as the model, each history scored
// once, and a bundle computed through it equals the methods run on the model directly.

#include "explain/explainmethods.h"
#include "explain/memomodel.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <random>

using namespace reclens;
using reclens::test::randomHistory;
using reclens::test::ToyModel;

TEST(MemoModel, ServesTheModelsNumbersAndScoresEachHistoryOnce) {
    const ToyModel model(20, 5, 8, 3);
    const MemoModel memo(model);
    const std::vector<History> hs = {{1, 2, 3}, {}, {4, 5}, {1, 2, 3}};
    EXPECT_EQ(memo.scoreAll(hs), model.scoreAll(hs));
    EXPECT_EQ(memo.modelRows(), 3u); // the repeated history once
    // Targets of remembered rows come from the rows; new histories reach the model once.
    const std::vector<History> more = {{4, 5}, {9}, {9}, {1, 2, 3}};
    const std::vector<ItemIndex> targets = {7, 2, 2, 19};
    const auto got = memo.scoreTargets(more, targets);
    const auto want = model.scoreTargets(more, targets);
    for (size_t i = 0; i < got.size(); ++i)
        EXPECT_NEAR(got[i], want[i], 1e-6) << i;
    EXPECT_EQ(memo.modelRows(), 4u); // only {9}
    memo.scoreTargets({{9}}, {2});
    EXPECT_EQ(memo.modelRows(), 4u);
    // Keys are the histories as the model sees them: the last maxLength() items.
    const History longer = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    const History clipped = {1, 2, 3, 4, 5, 6, 7, 8};
    memo.scoreAll({clipped});
    const auto rows = memo.modelRows();
    EXPECT_EQ(memo.scoreAll({longer}), model.scoreAll({longer}));
    EXPECT_EQ(memo.modelRows(), rows);
    EXPECT_THROW(memo.scoreTargets({{1}}, {20}), std::out_of_range);
}

TEST(MemoModel, BundleEqualsTheMethodsOnTheModelAndScoresFewerHistories) {
    const ToyModel model(25, 5, 30, 17, 3);
    Dataset ds;
    for (int i = 0; i < 25; ++i)
        ds.items.push_back({"I" + std::to_string(i), "", "", "", 0.0, -1, -1});
    std::mt19937_64 rng(4);
    const History h = randomHistory(rng, 25, 16); // sampled Shapley (> 12 items)
    ExplainConfig cfg;
    cfg.methods.ig = cfg.methods.gradient = cfg.methods.attention = false; // scoring only
    const auto b = explain(model, ds, h, -1, cfg);
    const auto loo = explainLeaveOneOut(model, h, b.target);
    ASSERT_TRUE(b.loo);
    for (size_t t = 0; t < h.size(); ++t) {
        EXPECT_NEAR(b.loo->scores[t], loo.scores[t], 1e-6);
        EXPECT_EQ(b.loo->ranks[t], loo.ranks[t]);
    }
    const auto shap = explainShapley(model, h, b.target, cfg);
    ASSERT_TRUE(b.shapley);
    for (size_t t = 0; t < h.size(); ++t)
        EXPECT_NEAR(b.shapley->values[t], shap.values[t], 1e-5);
    // What the methods would have scored on their own, counted through a fresh memo each.
    size_t separately = 0;
    for (auto run : std::vector<std::function<void(const SequenceModel&)>>{
             [&](const SequenceModel& m) { m.scoreAll({h}); },
             [&](const SequenceModel& m) { explainLeaveOneOut(m, h, b.target); },
             [&](const SequenceModel& m) {
                 explainShapley(m, h, b.target, cfg);
             }}) {
        const MemoModel alone(model);
        run(alone);
        separately += alone.modelRows();
    }
    EXPECT_GT(b.historiesScored, 0u);
    // LOO's n + 1 histories include rank's one; Shapley's orders end on LOO histories.
    const MemoModel shared(model);
    shared.scoreAll({h});
    explainLeaveOneOut(shared, h, b.target);
    explainShapley(shared, h, b.target, cfg);
    EXPECT_LT(shared.modelRows(), separately);
    EXPECT_LE(shared.modelRows(), b.historiesScored); // the bundle adds what-if, faithfulness, ...
}
