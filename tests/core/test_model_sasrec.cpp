// Properties of the SASRec network that the explanation engine and the evaluator rely on.

#include "explain/explainmethods.h"
#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using namespace reclens;

namespace {

SasRecModel makeModel(const Dataset& ds, ModelConfig cfg = {}, std::uint64_t seed = 3) {
    cfg.maxLength = 12;
    cfg.dim = 16;
    cfg.heads = 2;
    auto m = SasRecModel::create(ds, cfg, seed);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    return std::move(m).value();
}

ModelConfig withSideInfo() {
    ModelConfig c;
    c.useCategory = true;
    c.useBrand = true;
    return c;
}

} // namespace

TEST(SasRecModel, CausalMaskingLaterItemNeverChangesEarlierPositions) {
    auto ds = test::randomDataset(30, 10, 1);
    auto model = makeModel(ds, withSideInfo());
    const History h = {3, 7, 1, 9, 4, 12, 5, 8};
    const auto base = model.scoreAllPositions(h);
    const size_t n = static_cast<size_t>(model.itemCount());
    ASSERT_EQ(base.size(), h.size() * n);
    for (size_t k = 0; k < h.size(); ++k) {
        History edited = h;
        edited[k] = (h[k] + 11) % 30;
        const auto s = model.scoreAllPositions(edited);
        for (size_t t = 0; t < h.size(); ++t) {
            double diff = 0;
            for (size_t i = 0; i < n; ++i)
                diff =
                    std::max(diff, static_cast<double>(std::fabs(s[t * n + i] - base[t * n + i])));
            if (t < k)
                EXPECT_EQ(diff, 0.0) << "editing position " << k << " changed position " << t;
            else
                EXPECT_GT(diff, 1e-6)
                    << "editing position " << k << " left position " << t << " unchanged";
        }
    }
}

TEST(SasRecModel, ScoresDoNotDependOnBatching) {
    auto ds = test::randomDataset(40, 10, 2);
    auto model = makeModel(ds, withSideInfo());
    const History a = {1, 2, 3};
    const std::vector<History> batch = {{5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, a, {}, {39}, a};
    const auto alone = model.scoreAll({a});
    const auto together = model.scoreAll(batch);
    const size_t n = static_cast<size_t>(model.itemCount());
    for (size_t row : {size_t{1}, size_t{4}})
        for (size_t i = 0; i < n; ++i)
            EXPECT_NEAR(together[row * n + i], alone[i], 1e-5) << "row " << row << " item " << i;
    const auto targets = model.scoreTargets(batch, {0, 17, 3, 39, 17});
    EXPECT_NEAR(targets[1], alone[17], 1e-5);
    EXPECT_NEAR(targets[4], alone[17], 1e-5);
}

TEST(SasRecModel, EmptyHistoryHasOneDefinedScore) {
    auto ds = test::randomDataset(25, 10, 3);
    auto model = makeModel(ds);
    const auto e1 = model.scoreAll({{}});
    const auto e2 = model.scoreAll({{4, 5, 6, 7}, {}, {1}});
    const size_t n = static_cast<size_t>(model.itemCount());
    ASSERT_EQ(e1.size(), n);
    for (size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(std::isfinite(e1[i]));
        EXPECT_NEAR(e2[n + i], e1[i], 1e-5);
    }
    const auto single = model.scoreAll({{1}});
    double diff = 0;
    for (size_t i = 0; i < n; ++i)
        diff += std::fabs(single[i] - e1[i]);
    EXPECT_GT(diff, 1e-4) << "the empty history must differ from a real one";
    auto att = model.attention({});
    EXPECT_EQ(att.length, 0);
}

TEST(SasRecModel, LongHistoriesUseTheirLastMaxLengthItems) {
    auto ds = test::randomDataset(30, 10, 4);
    auto model = makeModel(ds);
    History longH;
    for (int i = 0; i < model.maxLength() + 7; ++i)
        longH.push_back((i * 7) % 30);
    History tail(longH.end() - model.maxLength(), longH.end());
    const auto a = model.scoreAll({longH});
    const auto b = model.scoreAll({tail});
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(a[i], b[i]);
}

TEST(SasRecModel, AttentionRowsSumToOneAndAreCausal) {
    auto ds = test::randomDataset(30, 10, 5);
    auto model = makeModel(ds);
    const History h = {2, 4, 6, 8, 10, 12};
    const auto att = model.attention(h);
    ASSERT_EQ(att.length, 6);
    ASSERT_EQ(att.layers, 2);
    ASSERT_EQ(att.heads, 2);
    ASSERT_EQ(att.weights.size(), size_t{2 * 2 * 6 * 6});
    for (int l = 0; l < att.layers; ++l)
        for (int hd = 0; hd < att.heads; ++hd)
            for (int q = 0; q < att.length; ++q) {
                double sum = 0;
                for (int k = 0; k < att.length; ++k) {
                    if (k > q) {
                        EXPECT_EQ(att.at(l, hd, q, k), 0.0f);
                    }
                    sum += att.at(l, hd, q, k);
                }
                EXPECT_NEAR(sum, 1.0, 1e-5);
            }
}

TEST(SasRecModel, GradientsMatchScoreAndShapes) {
    auto ds = test::randomDataset(30, 10, 6);
    auto model = makeModel(ds, withSideInfo());
    const History h = {1, 5, 9, 13};
    const auto g = model.gradients(h, 7);
    ASSERT_EQ(g.length, 4);
    ASSERT_EQ(g.components, (std::vector<std::string>{"item", "category", "brand"}));
    for (size_t c = 0; c < 3; ++c) {
        ASSERT_EQ(g.gradient[c].size(), size_t{4 * 16});
        ASSERT_EQ(g.input[c].size(), size_t{4 * 16});
    }
    EXPECT_NEAR(g.score, model.scoreTargets({h}, {7})[0], 1e-4);
    double norm = 0;
    for (float v : g.gradient[0])
        norm += std::fabs(v);
    EXPECT_GT(norm, 0.0);
    // Item 5 (position 1) has no brand in the fixture, so its brand input is the zero row.
    for (int k = 0; k < 16; ++k)
        EXPECT_EQ(g.input[2][16 + static_cast<size_t>(k)], 0.0f);
}

TEST(SasRecModel, IntegratedGradientsCompletenessImprovesWithSteps) {
    auto ds = test::randomDataset(30, 10, 7);
    // Candidates scored by item embedding only: with side features on the candidate side too,
    // this untrained network's path integrand is far rougher (64 midpoint steps: 22 % off).
    auto cfg = withSideInfo();
    cfg.outputFeatures = false;
    auto model = makeModel(ds, cfg);
    const History h = {3, 8, 2, 11, 6, 1, 14};
    for (auto baseline : {IgBaseline::Padding, IgBaseline::MeanItem}) {
        auto relErr = [&](int steps) {
            const auto ig = integratedGradients(model, h, 4, baseline, IgRule::Midpoint, steps);
            EXPECT_EQ(ig.length, 7);
            EXPECT_EQ(ig.attributions.size(), size_t{3});
            double sum = 0;
            for (const auto& comp : ig.attributions)
                for (float a : comp)
                    sum += a;
            const double delta = ig.scoreInput - ig.scoreBaseline;
            EXPECT_GT(std::fabs(delta), 1e-3);
            return std::fabs(sum - delta) / std::fabs(delta);
        };
        const double coarse = relErr(2);
        const double fine = relErr(64);
        EXPECT_LT(fine, coarse);
        EXPECT_LT(fine, 0.01) << "completeness off by " << fine * 100 << " %";
    }
    const auto ig = integratedGradients(model, h, 4, IgBaseline::Padding, IgRule::Midpoint, 16);
    EXPECT_NEAR(ig.scoreInput, model.scoreTargets({h}, {4})[0], 1e-4);
}

TEST(SasRecModel, ConcurrentConstScoringGivesTheSameScores) {
    auto ds = test::randomDataset(50, 10, 8);
    auto model = makeModel(ds);
    std::vector<History> hs;
    for (int i = 0; i < 64; ++i)
        hs.push_back({i % 50, (i * 3) % 50, (i * 7) % 50});
    const auto expected = model.scoreAll(hs);
    std::vector<std::vector<float>> got(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([&, t] { got[t] = model.scoreAll(hs); });
    for (auto& t : threads)
        t.join();
    for (const auto& g : got)
        ASSERT_EQ(g, expected);
}

TEST(SasRecModel, RejectsBadConfigurationAndItems) {
    auto ds = test::randomDataset(20, 5, 9);
    ModelConfig bad;
    bad.dim = 10;
    bad.heads = 3;
    auto m = SasRecModel::create(ds, bad);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().code, ErrorCode::InvalidArgument);
    auto model = makeModel(ds);
    EXPECT_THROW(model.scoreAll({{25}}), std::out_of_range);
    EXPECT_THROW(model.scoreTargets({{1}}, {20}), std::out_of_range);
}

TEST(SasRecModel, CandidateSideFeaturesEnterTheScoresConsistently) {
    auto ds = test::randomDataset(30, 10, 9);
    auto withCandidates = withSideInfo();
    auto historyOnly = withSideInfo();
    historyOnly.outputFeatures = false;
    auto a = makeModel(ds, withCandidates, 5);
    auto b = makeModel(ds, historyOnly, 5); // same seed: identical weights
    const std::vector<History> hs = {{3, 8, 2}, {}, {11, 6, 1, 14}};
    const auto sa = a.scoreAll(hs);
    const auto sb = b.scoreAll(hs);
    ASSERT_EQ(sa.size(), sb.size());
    EXPECT_NE(sa, sb) << "category/brand vectors of the candidates must change the scores";
    // scoreTargets, gradients and IG score candidates the same way as scoreAll.
    const size_t n = static_cast<size_t>(a.itemCount());
    for (size_t r = 0; r < hs.size(); ++r)
        for (ItemIndex t : {0, 7, 29}) {
            EXPECT_NEAR(a.scoreTargets({hs[r]}, {t})[0], sa[r * n + static_cast<size_t>(t)], 1e-4);
        }
    EXPECT_NEAR(a.gradients(hs[0], 7).score, sa[7], 1e-4);
    EXPECT_NEAR(
        integratedGradients(a, hs[2], 29, IgBaseline::Padding, IgRule::Trapezoid, 4).scoreInput,
        sa[2 * n + 29], 1e-4);
}

TEST(SasRecModel, KeptScoringTableFollowsTheWeightsAfterTraining) {
    // scoreAll keeps the candidate table (item + category + brand) between calls; a training
    // step changes the weights in place, so the next scoreAll must score with the new ones.
    // scoreTargets builds its candidate vectors afresh each call: the independent check.
    auto ds = test::randomDataset(30, 40, 10);
    auto cfg = withSideInfo();
    auto model = makeModel(ds, cfg, 6);
    const std::vector<History> hs = {{3, 8, 2}, {11, 6, 1, 14}};
    const auto before = model.scoreAll(hs);
    EXPECT_EQ(model.scoreAll(hs), before) << "the kept table must give the same bits";
    TrainConfig tc;
    tc.model = model.info().config;
    tc.epochs = 1;
    tc.patience = 0;
    tc.threads = 1;
    tc.batchSize = 8;
    auto trained = train(model, ds, tc);
    ASSERT_TRUE(trained.ok()) << trained.error().message;
    const auto after = model.scoreAll(hs);
    EXPECT_NE(after, before) << "a training epoch must change the scores";
    const size_t n = static_cast<size_t>(model.itemCount());
    for (size_t r = 0; r < hs.size(); ++r)
        for (ItemIndex t : {0, 7, 29})
            EXPECT_NEAR(model.scoreTargets({hs[r]}, {t})[0], after[r * n + static_cast<size_t>(t)],
                        1e-4)
                << "row " << r << " item " << t;
}
