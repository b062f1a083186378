// Explaining the whole top-K at once must give what K separate explain() runs restricted to
// the same methods give: on the smooth toy model (exact and sampled Shapley) and on a tiny
// trained SASRec.

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "model/sasrecmodel.h"
#include "test_explain_toymodel.h"
#include "test_model_fixtures.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <random>

using namespace reclens;
using reclens::test::randomHistory;
using reclens::test::ToyModel;

namespace {

Dataset namedItems(int items) {
    Dataset ds;
    for (int i = 0; i < items; ++i) {
        Item it;
        it.id = std::string("i").append(std::to_string(i));
        it.title = std::string("Item ").append(std::to_string(i));
        ds.items.push_back(it);
    }
    return ds;
}

/// Every number of `all[r]` against explain() of the r-th recommendation alone.
void expectSameAsSingleRuns(const SequenceModel& model, const Dataset& ds, const History& h, int k,
                            const ExplainConfig& cfg, double scoreTol) {
    const auto all = explainTopK(model, ds, h, k, cfg);
    ASSERT_EQ(all.size(), static_cast<size_t>(k));
    for (int r = 0; r < k; ++r) {
        const ExplanationBundle& t = all[static_cast<size_t>(r)];
        EXPECT_EQ(t.targetRank, r + 1);
        EXPECT_FALSE(t.cancelled);
        const ExplanationBundle one = explain(model, ds, h, t.target, cfg);
        EXPECT_EQ(one.target, t.target);
        EXPECT_EQ(one.targetRank, t.targetRank);
        EXPECT_NEAR(one.targetScore, t.targetScore, scoreTol);
        ASSERT_TRUE(one.loo && t.loo);
        ASSERT_TRUE(one.shapley && t.shapley);
        ASSERT_TRUE(one.ig && t.ig);
        EXPECT_EQ(one.shapley->exact, t.shapley->exact);
        EXPECT_EQ(one.shapley->evaluations, t.shapley->evaluations);
        for (size_t p = 0; p < h.size(); ++p) {
            EXPECT_NEAR(one.loo->effect[p], t.loo->effect[p], scoreTol) << "rank " << r + 1;
            EXPECT_EQ(one.loo->ranks[p], t.loo->ranks[p]) << "rank " << r + 1 << " pos " << p;
            EXPECT_NEAR(one.shapley->values[p], t.shapley->values[p], scoreTol)
                << "rank " << r + 1 << " pos " << p;
            EXPECT_NEAR(one.shapley->stdErrors[p], t.shapley->stdErrors[p], scoreTol);
        }
        // IG: the same quadrature of the same path; allowed to differ by its own tolerance.
        const double delta = std::fabs(one.ig->scoreInput - one.ig->scoreBaseline);
        for (size_t p = 0; p < h.size(); ++p)
            EXPECT_NEAR(one.ig->values[p], t.ig->values[p], cfg.igTolerance * delta + 1e-5)
                << "rank " << r + 1 << " pos " << p;
        ASSERT_EQ(one.attributions.size(), t.attributions.size());
        for (size_t a = 0; a < one.attributions.size(); ++a)
            EXPECT_EQ(one.attributions[a].method, t.attributions[a].method);
        EXPECT_EQ(one.summary, t.summary);
    }
}

SasRecModel tinyTrainedSasRec(const Dataset& ds) {
    TrainConfig tc;
    tc.model.maxLength = 20;
    tc.model.dim = 16;
    tc.model.heads = 2;
    tc.epochs = 2;
    tc.patience = 2;
    tc.threads = 1;
    tc.seed = 7;
    auto model = SasRecModel::create(ds, tc.model, tc.seed);
    EXPECT_TRUE(model.ok()) << (model.ok() ? "" : model.error().message);
    auto r = train(*model, ds, tc, {});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return std::move(*model);
}

} // namespace

TEST(ExplainTopK, EqualsSeparateRunsOnToyModelExactAndSampledShapley) {
    ToyModel model(30, 5, 20, 61, 3);
    const Dataset ds = namedItems(30);
    std::mt19937_64 rng(8);
    ExplainConfig cfg;
    cfg.k = 4;
    cfg.methods = parseExplainMethods("loo,ig,shapley", nullptr);
    expectSameAsSingleRuns(model, ds, randomHistory(rng, 30, 7), 4, cfg, 1e-5); // exact
    cfg.threads = 1;
    expectSameAsSingleRuns(model, ds, randomHistory(rng, 30, 16), 4, cfg, 1e-5); // sampled
}

TEST(ExplainTopK, EqualsSeparateRunsOnTinyTrainedSasRec) {
    const Dataset ds = test::randomDataset(60, 60, 4);
    const SasRecModel model = tinyTrainedSasRec(ds);
    History h;
    for (const auto& u : ds.users)
        for (ItemIndex i : u.sequence)
            if (h.size() < 15)
                h.push_back(i);
    ExplainConfig cfg;
    cfg.k = 5;
    cfg.methods = parseExplainMethods("loo,ig,shapley", nullptr);
    expectSameAsSingleRuns(model, ds, h, 5, cfg, 1e-5);                                 // sampled
    expectSameAsSingleRuns(model, ds, History(h.begin(), h.begin() + 8), 5, cfg, 1e-5); // exact
}

TEST(ExplainTopK, ListShapleyRidesOnTheSameCoalitionsAndJsonNestsBundles) {
    ToyModel model(30, 5, 20, 62);
    const Dataset ds = namedItems(30);
    std::mt19937_64 rng(9);
    const History h = randomHistory(rng, 30, 6);
    ExplainConfig cfg;
    cfg.k = 5;
    cfg.methods = parseExplainMethods("shapley,list_shapley", nullptr);
    const auto all = explainTopK(model, ds, h, 5, cfg);
    const auto direct = explainListShapley(model, h, 5, cfg);
    for (const auto& b : all) {
        ASSERT_TRUE(b.listShapley);
        EXPECT_EQ(b.listShapley->list, direct.list);
        EXPECT_FALSE(b.loo);
        EXPECT_FALSE(b.ig);
        for (size_t t = 0; t < h.size(); ++t)
            EXPECT_NEAR(b.listShapley->shapley.values[t], direct.shapley.values[t], 1e-6);
    }
    const auto j = topKToJson(all, ds, "u1");
    EXPECT_EQ(j["k"], 5);
    ASSERT_EQ(j["explanations"].size(), 5u);
    for (int r = 0; r < 5; ++r) {
        EXPECT_EQ(j["explanations"][r]["target"]["rank"], r + 1);
        EXPECT_EQ(j["explanations"][r]["attributions"]["shapley"].size(), h.size());
    }
}

TEST(ExplainTopK, BadInputThrowsAndStopCancels) {
    ToyModel model(20, 4, 10, 63);
    const Dataset ds = namedItems(20);
    ExplainConfig cfg;
    EXPECT_THROW(explainTopK(model, ds, History{}, 3, cfg), std::invalid_argument);
    EXPECT_THROW(explainTopK(model, ds, History{1, 20}, 3, cfg), std::invalid_argument);
    EXPECT_EQ(explainTopK(model, ds, History{1, 2}, 0, cfg).size(), 1u) << "k clamped to 1";
    std::atomic_int polls = 0;
    const auto c = explainTopK(model, ds, History{1, 2, 3}, 3, cfg, [&] { return ++polls > 1; });
    ASSERT_EQ(c.size(), 3u);
    for (const auto& b : c)
        EXPECT_TRUE(b.cancelled);
}
