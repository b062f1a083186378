// Metrics against cases computed by hand.

#include "eval/evaluator.h"
#include "explain/scoring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace reclens;

TEST(Metrics, RankCountsTiesPessimistically) {
    const std::vector<float> s = {0.5f, 0.9f, 0.5f, 0.1f};
    EXPECT_EQ(rankOfTarget(s, 1), 1);
    EXPECT_EQ(rankOfTarget(s, 0), 3); // 0.9 and the tied 0.5 rank above
    EXPECT_EQ(rankOfTarget(s, 2), 3);
    EXPECT_EQ(rankOfTarget(s, 3), 4);
    const std::vector<float> nan = {0.1f, std::numeric_limits<float>::quiet_NaN(), 0.2f};
    EXPECT_EQ(rankOfTarget(nan, 1), 3);
    EXPECT_EQ(rankOfTarget(nan, 2), 1);
}

TEST(Metrics, HitRateNdcgAndMrrFromRanks) {
    const auto m = rankMetrics({1, 2, 11, 5}, {1, 5, 10});
    EXPECT_DOUBLE_EQ(m.at("hr@1"), 0.25);
    EXPECT_DOUBLE_EQ(m.at("hr@5"), 0.75);
    EXPECT_DOUBLE_EQ(m.at("hr@10"), 0.75);
    EXPECT_DOUBLE_EQ(m.at("ndcg@1"), 0.25);
    EXPECT_NEAR(m.at("ndcg@5"), (1.0 + 1.0 / std::log2(3.0) + 1.0 / std::log2(6.0)) / 4.0, 1e-12);
    EXPECT_NEAR(m.at("ndcg@10"), m.at("ndcg@5"), 1e-12);
    EXPECT_NEAR(m.at("mrr"), (1.0 + 0.5 + 1.0 / 11.0 + 0.2) / 4.0, 1e-12);
    const auto empty = rankMetrics({}, {10});
    EXPECT_EQ(empty.at("hr@10"), 0.0);
    EXPECT_EQ(empty.at("mrr"), 0.0);
}

TEST(Metrics, BeyondAccuracyByHand) {
    const std::vector<std::int64_t> pop = {10, 5, 3, 1, 0};
    const std::vector<std::vector<ItemIndex>> lists = {{0, 1}, {0, 2}};
    const auto m2 = beyondAccuracyMetrics(lists, pop, 5, 2);
    EXPECT_DOUBLE_EQ(m2.at("coverage@2"), 0.6);
    // exposure sorted [0,0,1,1,2]: sum (2i-n-1) x = 2*1 + 4*2 = 10; / (5 * 4)
    EXPECT_DOUBLE_EQ(m2.at("gini@2"), 0.5);
    EXPECT_DOUBLE_EQ(m2.at("popularity@2"), 7.0);
    // head = most popular 20 % of 5 items = item 0; items 1 and 2 are long tail.
    EXPECT_DOUBLE_EQ(m2.at("longtail@2"), 0.5);
    const auto m1 = beyondAccuracyMetrics(lists, pop, 5, 1);
    EXPECT_DOUBLE_EQ(m1.at("coverage@1"), 0.2);
    EXPECT_DOUBLE_EQ(m1.at("gini@1"), 0.8);
    EXPECT_DOUBLE_EQ(m1.at("popularity@1"), 10.0);
    EXPECT_DOUBLE_EQ(m1.at("longtail@1"), 0.0);
    // Perfectly even exposure has Gini 0.
    const auto even = beyondAccuracyMetrics({{0, 1}, {2, 3}, {4, 0}, {1, 2}, {3, 4}}, pop, 5, 2);
    EXPECT_NEAR(even.at("gini@2"), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(even.at("coverage@2"), 1.0);
}

TEST(Metrics, TopKSkipsExcludedAndNan) {
    const float s[] = {0.1f, 0.9f, 0.9f, std::numeric_limits<float>::quiet_NaN(), 0.5f};
    EXPECT_EQ(topK(s, 5, 3), (std::vector<ItemIndex>{1, 2, 4}));
    EXPECT_EQ(topK(s, 5, 3, {2}), (std::vector<ItemIndex>{1, 4, 0}));
    EXPECT_EQ(topK(s, 5, 10).size(), size_t{5});
    EXPECT_EQ(topK(s, 5, 10).back(), 3);
    EXPECT_TRUE(topK(s, 5, 0).empty());
}

TEST(Metrics, OnePassTopKEqualsAFullSortAndTopKInRowRanksEqualRankInRow) {
    // Coarse scores make many ties; -infinity marks excluded candidates (candidatefilter.h).
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> grid(0, 30), coin(0, 9);
    for (int n : {1, 7, 64, 1000}) {
        for (int round = 0; round < 5; ++round) {
            std::vector<float> row(static_cast<size_t>(n));
            for (auto& v : row)
                v = coin(rng) == 0 ? -std::numeric_limits<float>::infinity()
                                   : static_cast<float>(grid(rng)) / 3.0f;
            std::vector<ItemIndex> exclude;
            for (int i = 0; i < n; i += 5)
                exclude.push_back(i);
            std::vector<ItemIndex> all;
            for (int i = 0; i < n; ++i)
                if (i % 5 != 0)
                    all.push_back(i);
            std::stable_sort(all.begin(), all.end(),
                             [&](ItemIndex a, ItemIndex b) { return row[a] > row[b]; });
            for (int k : {0, 1, 10, n + 3}) {
                const auto want = std::vector<ItemIndex>(
                    all.begin(), all.begin() + std::min<std::ptrdiff_t>(
                                                   k, static_cast<std::ptrdiff_t>(all.size())));
                EXPECT_EQ(topK(row.data(), n, k, exclude), want) << n << " " << k;
                for (const RankedItem& r : topKInRow(row.data(), row.size(), k)) {
                    EXPECT_FALSE(std::isinf(r.score)) << "an excluded item was listed";
                    EXPECT_EQ(r.rank, rankInRow(row.data(), row.size(), r.item)) << r.item;
                }
            }
        }
    }
}

namespace {

/// Item i always scores -i: item 0 is the best, whatever the history.
class FixedModel : public SequenceModel {
public:
    explicit FixedModel(int n)
        : m_n(n) {}
    int itemCount() const override { return m_n; }
    int maxLength() const override { return 50; }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        std::vector<float> out;
        for (size_t h = 0; h < hs.size(); ++h)
            for (int i = 0; i < m_n; ++i)
                out.push_back(-static_cast<float>(i));
        return out;
    }
    std::vector<float> scoreTargets(const std::vector<History>&,
                                    const std::vector<ItemIndex>& t) const override {
        std::vector<float> out;
        for (auto i : t)
            out.push_back(-static_cast<float>(i));
        return out;
    }
    AttentionMaps attention(const History&) const override { return {}; }
    EmbeddingGradients gradients(const History&, ItemIndex) const override { return {}; }
    PathGradients pathGradients(const History&, ItemIndex, IgBaseline,
                                const std::vector<double>&) const override {
        return {};
    }

private:
    int m_n;
};

Dataset threeUsers(int items) {
    Dataset ds;
    for (int i = 0; i < items; ++i)
        ds.items.push_back({"I" + std::to_string(i), "", "", "", 0.0, -1, -1});
    // test targets 0, 2 and 4; user B has item 1 in its history.
    ds.users.push_back({"A", {3, 4, 0}, {}, 1, 2});
    ds.users.push_back({"B", {3, 1, 2}, {}, 1, 2});
    ds.users.push_back({"C", {0, 4}, {}, -1, 1});
    return ds;
}

} // namespace

TEST(Evaluator, FullRankingByHand) {
    auto ds = threeUsers(5);
    FixedModel model(5);
    EvalConfig cfg;
    cfg.ks = {1, 3};
    auto r = evaluate(model, ds, cfg);
    ASSERT_EQ(r.users, 3);
    EXPECT_EQ(r.ranks, (std::vector<std::int64_t>{1, 3, 5}));
    EXPECT_DOUBLE_EQ(r.metrics.at("hr@1"), 1.0 / 3);
    EXPECT_DOUBLE_EQ(r.metrics.at("hr@3"), 2.0 / 3);
    EXPECT_NEAR(r.metrics.at("mrr"), (1.0 + 1.0 / 3 + 0.2) / 3, 1e-12);
    EXPECT_DOUBLE_EQ(r.metrics.at("coverage@3"), 0.6); // everyone gets items 0, 1, 2
    EXPECT_DOUBLE_EQ(r.metrics.at("users"), 3.0);

    cfg.excludeSeen = true; // B's seen item 1 leaves the ranking; C's seen 0 too
    r = evaluate(model, ds, cfg);
    EXPECT_EQ(r.ranks, (std::vector<std::int64_t>{1, 2, 4}));

    cfg.split = EvalSplit::Valid; // only A and B have validation targets (4 and 1)
    cfg.excludeSeen = false;
    r = evaluate(model, ds, cfg);
    EXPECT_EQ(r.ranks, (std::vector<std::int64_t>{5, 2}));
}

TEST(Evaluator, Sampled100RanksAmongUnseenNegatives) {
    Dataset ds;
    for (int i = 0; i < 300; ++i)
        ds.items.push_back({"I" + std::to_string(i), "", "", "", 0.0, -1, -1});
    ds.users.push_back({"best", {5, 6, 0}, {}, 1, 2});
    ds.users.push_back({"worst", {5, 6, 299}, {}, 1, 2});
    ds.users.push_back({"mid", {5, 6, 150}, {}, 1, 2});
    FixedModel model(300);
    EvalConfig cfg;
    cfg.protocol = EvalProtocol::Sampled100;
    auto r = evaluate(model, ds, cfg);
    ASSERT_EQ(r.ranks.size(), size_t{3});
    EXPECT_EQ(r.ranks[0], 1);
    EXPECT_EQ(r.ranks[1], 101);
    EXPECT_GT(r.ranks[2], 1);
    EXPECT_LT(r.ranks[2], 101);
    auto again = evaluate(model, ds, cfg);
    EXPECT_EQ(again.ranks, r.ranks) << "same seed, same negatives";
}
