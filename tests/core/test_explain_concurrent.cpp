// The bundle's parts run on two cores: the result must not depend on it (nor on timing), the
// caller's thread settings must survive, and a failure on either thread must reach the caller.

#include "explain/concurrent.h"
#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "explain/merchantexplanation.h"
#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace reclens;

namespace {

SasRecModel smallModel(const Dataset& ds) {
    ModelConfig cfg;
    cfg.maxLength = 30;
    cfg.dim = 16;
    cfg.heads = 2;
    auto m = SasRecModel::create(ds, cfg, 5);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    return std::move(m).value();
}

History longHistory(const Dataset& ds) {
    History h;
    for (const auto& u : ds.users) // > 12 items: sampled Shapley, the part run apart
        for (ItemIndex i : u.sequence)
            if (h.size() < 20)
                h.push_back(i);
    return h;
}

} // namespace

TEST(ExplainConcurrent, TwoWorkersGiveTheSameBundleAsOneAndTheSameEveryTime) {
    const auto ds = test::randomDataset(60, 40, 3);
    const auto model = smallModel(ds);
    const History h = longHistory(ds);
    ASSERT_EQ(h.size(), 20u);
    ExplainConfig one, two;
    one.threads = 1;
    two.threads = 2;
    const auto a = explain(model, ds, h, -1, one);
    const auto b = explain(model, ds, h, -1, two);
    const auto c = explain(model, ds, h, -1, two);
    ASSERT_EQ(a.target, b.target);
    EXPECT_EQ(a.targetRank, b.targetRank);
    ASSERT_EQ(a.attributions.size(), b.attributions.size());
    for (size_t i = 0; i < a.attributions.size(); ++i) {
        EXPECT_EQ(a.attributions[i].method, b.attributions[i].method);
        ASSERT_EQ(a.attributions[i].values.size(), b.attributions[i].values.size());
        for (size_t t = 0; t < a.attributions[i].values.size(); ++t)
            EXPECT_NEAR(a.attributions[i].values[t], b.attributions[i].values[t], 1e-4)
                << a.attributions[i].method << " position " << t;
    }
    ASSERT_TRUE(a.counterfactual && b.counterfactual);
    EXPECT_EQ(a.counterfactual->removedPositions, b.counterfactual->removedPositions);
    EXPECT_EQ(a.summary, b.summary);
    // Two runs with two workers agree exactly (timing never decides which batch scores what).
    auto numbers = [&](const ExplanationBundle& x) {
        auto j = explanationToJson(x, ds, "u");
        j.erase("timings_ms");
        return j.dump();
    };
    EXPECT_EQ(numbers(b), numbers(c));
    EXPECT_EQ(b.timingsMs.count("shapley"), 1u);
    EXPECT_GT(b.historiesScored, 0u);
}

TEST(ExplainConcurrent, CallersThreadCountSurvivesAndErrorsReachTheCaller) {
    const int before = setComputeThreads(2);
    const auto ds = test::randomDataset(40, 30, 4);
    const auto model = smallModel(ds);
    ExplainConfig cfg;
    cfg.threads = 2;
    explain(model, ds, longHistory(ds), -1, cfg);
    EXPECT_EQ(computeThreads(), 2); // the workers' one-thread setting stayed theirs
    int ran = 0;
    EXPECT_THROW(runConcurrently({[&] { ++ran; },
                                  [] {
                                      throw std::runtime_error("worker");
                                  }}),
                 std::runtime_error);
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(computeThreads(), 2);
    EXPECT_EQ(bundleWorkers(1, 2), 1);
    EXPECT_EQ(bundleWorkers(8, 2), 2);
    EXPECT_GE(bundleWorkers(0, 2), 1);
    setComputeThreads(before);
}

TEST(ExplainConcurrent, ConcurrentModelScoresLikeTheModelAndMerchantAgrees) {
    const auto ds = test::randomDataset(60, 80, 6);
    const auto model = smallModel(ds);
    std::vector<History> hs;
    for (const auto& u : ds.users)
        hs.push_back(u.sequence);
    ASSERT_GE(hs.size(), ConcurrentModel::kMinRows);
    const ConcurrentModel two(model, 2);
    const auto want = model.scoreAll(hs);
    const auto got = two.scoreAll(hs);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], want[i], 1e-4) << i;
    EXPECT_EQ(two.scoreAll(hs), got); // the split depends on the request only
    std::vector<ItemIndex> targets;
    for (size_t i = 0; i < hs.size(); ++i)
        targets.push_back(static_cast<ItemIndex>(i % 60));
    const auto t = two.scoreTargets(hs, targets);
    for (size_t i = 0; i < hs.size(); ++i)
        EXPECT_NEAR(t[i], want[i * 60 + static_cast<size_t>(targets[i])], 1e-4) << i;

    MerchantConfig one, both;
    one.threads = 1;
    both.threads = 2;
    const auto a = explainItem(model, ds, 7, one);
    const auto b = explainItem(model, ds, 7, both);
    EXPECT_EQ(a.inTopK, b.inTopK);
    EXPECT_EQ(a.rankHistogram, b.rankHistogram);
    EXPECT_EQ(a.driverUsers, b.driverUsers);
}
