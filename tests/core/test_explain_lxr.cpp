// LXR POS@k / NEG@k curves on an additive model whose ranks are known by hand: the target's
// logit is the sum of its history items' weights, every other item has a fixed logit, so the
// target's rank after any removal follows from the weights removed.

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "explain/lxr.h"
#include "jsonschemalite.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace reclens;

namespace {

// 26 items. Target 0 scores Σ weight(item) over the history; item j ≥ 1 scores 25.5 − j. With
// an integer sum S ∈ [0, 25] the target's rank is 1 + #{j : 25.5 − j > S} = 26 − S.
class AdditiveModel final : public SequenceModel {
public:
    static constexpr int kItems = 26;
    std::vector<float> weights = std::vector<float>(kItems, 0.0f);
    mutable int scoreAllCalls = 0; // single-threaded use only

    int itemCount() const override { return kItems; }
    int maxLength() const override { return 50; }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        ++scoreAllCalls;
        std::vector<float> out;
        for (const auto& h : hs) {
            float s = 0;
            for (ItemIndex i : h)
                s += weights[static_cast<size_t>(i)];
            out.push_back(s);
            for (int j = 1; j < kItems; ++j)
                out.push_back(25.5f - static_cast<float>(j));
        }
        return out;
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>& t) const override {
        std::vector<float> out;
        for (size_t i = 0; i < hs.size(); ++i)
            out.push_back(scoreAll({hs[i]})[static_cast<size_t>(t[i])]);
        return out;
    }
    // LXR needs logits only; these prove it asks for nothing else.
    AttentionMaps attention(const History&) const override {
        throw std::logic_error("LXR must not ask for attention");
    }
    EmbeddingGradients gradients(const History&, ItemIndex) const override {
        throw std::logic_error("LXR must not ask for gradients");
    }
    PathGradients pathGradients(const History&, ItemIndex, IgBaseline,
                                const std::vector<double>&) const override {
        throw std::logic_error("LXR must not ask for path gradients");
    }
};

// History = items 1..10; weight by position {6, 0, 4, 1, 8, 2, 3, 0, 1, 0}: S = 25, rank 1.
AdditiveModel tenItemModel() {
    AdditiveModel m;
    const std::vector<float> w{6, 0, 4, 1, 8, 2, 3, 0, 1, 0};
    for (size_t p = 0; p < w.size(); ++p)
        m.weights[p + 1] = w[p];
    return m;
}
History tenItems() {
    return {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
}
// The exact attribution of an additive model: each item's own weight.
Attribution exactWeights(const AdditiveModel& m, const History& h) {
    Attribution a{"exact", {}};
    for (ItemIndex i : h)
        a.values.push_back(m.weights[static_cast<size_t>(i)]);
    return a;
}

std::vector<float> asFloats(const std::vector<int>& v) {
    return {v.begin(), v.end()};
}

void expectCurve(const LxrCurve& c, const std::vector<int>& ranks,
                 const std::vector<float>& areas) {
    EXPECT_EQ(c.ranks, asFloats(ranks));
    const std::vector<int> ks{1, 5, 10, 20};
    ASSERT_EQ(c.inTopK.size(), ks.size());
    for (size_t k = 0; k < ks.size(); ++k)
        for (size_t s = 0; s < ranks.size(); ++s)
            EXPECT_EQ(c.inTopK[k][s], ranks[s] <= ks[k] ? 1.0f : 0.0f) << "k " << ks[k];
    ASSERT_EQ(c.areas.size(), areas.size());
    for (size_t k = 0; k < areas.size(); ++k)
        EXPECT_NEAR(c.areas[k], areas[k], 1e-6) << "k " << ks[k];
}

} // namespace

TEST(Lxr, ExactAttributionCurvesMatchHandComputedRanksAndAreas) {
    const AdditiveModel m = tenItemModel();
    const History h = tenItems();
    const auto r = evaluateLxr(m, h, 0, {exactWeights(m, h)}, nullptr, 0, 1);
    EXPECT_EQ(m.scoreAllCalls, 1) << "every history in one batched call";
    EXPECT_EQ(r.ks, (std::vector<int>{1, 5, 10, 20}));
    EXPECT_EQ(r.removedCounts, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    EXPECT_EQ(r.fixedCounts, (std::vector<int>{1, 2, 3, 4, 5}));
    EXPECT_EQ(lxrKIndex(r, 10), 2);
    EXPECT_EQ(lxrKIndex(r, 7), -1);
    EXPECT_EQ(lxrNearestK(r, 10), 10);
    EXPECT_EQ(lxrNearestK(r, 8), 10);
    EXPECT_EQ(lxrNearestK(r, 3), 1); // a tie goes to the smaller k
    EXPECT_EQ(lxrNearestK(r, 100), 20);
    ASSERT_EQ(r.methods.size(), 1u);
    EXPECT_TRUE(r.references.empty()); // no random orders, no popularity
    const LxrMethodCurves& e = r.methods[0];
    EXPECT_EQ(e.method, "exact");
    // POS removes weights 8, 6, 4, 3, 2, 1, 1, 0, 0, 0: S = 25 17 11 7 4 2 1 0 0 0 0.
    EXPECT_EQ(e.pos.scores, (std::vector<float>{25, 17, 11, 7, 4, 2, 1, 0, 0, 0, 0}));
    expectCurve(e.pos, {1, 9, 15, 19, 22, 24, 25, 26, 26, 26, 26}, {0.05f, 0.05f, 0.15f, 0.35f});
    // NEG removes weights 0, 0, 0, 1, 1, 2, 3, 4, 6, 8: S = 25 25 25 25 24 23 21 18 14 8 0.
    expectCurve(e.neg, {1, 1, 1, 1, 2, 3, 5, 8, 12, 18, 26}, {0.35f, 0.65f, 0.75f, 0.95f});
    expectCurve(e.posFixed, {9, 15, 19, 22, 24}, {});
    expectCurve(e.negFixed, {1, 1, 1, 2, 3}, {});
}

TEST(Lxr, PopularityReferenceOrdersByInteractionCount) {
    const AdditiveModel m = tenItemModel();
    const History h = tenItems();
    // Popularity falling with weight: most popular first is the exact attribution's NEG order
    // (ties by position in both), least popular first its POS order.
    std::vector<std::int64_t> pop(AdditiveModel::kItems, 0);
    for (ItemIndex i : h)
        pop[static_cast<size_t>(i)] =
            100 - 10 * static_cast<std::int64_t>(m.weights[static_cast<size_t>(i)]);
    const auto r = evaluateLxr(m, h, 0, {exactWeights(m, h)}, &pop, 0, 1);
    ASSERT_EQ(r.references.size(), 1u);
    const LxrMethodCurves& p = r.references[0];
    EXPECT_EQ(p.method, "popularity");
    expectCurve(p.pos, {1, 1, 1, 1, 2, 3, 5, 8, 12, 18, 26}, {0.35f, 0.65f, 0.75f, 0.95f});
    expectCurve(p.neg, {1, 9, 15, 19, 22, 24, 25, 26, 26, 26, 26}, {0.05f, 0.05f, 0.15f, 0.35f});
    // A popularity vector shorter than the catalog: missing items count as 0 interactions.
    const std::vector<std::int64_t> shortPop{0, 5}; // item 1 most popular, the rest 0
    const auto s = evaluateLxr(m, h, 0, {}, &shortPop, 0, 1);
    EXPECT_EQ(s.references[0].pos.ranks[1], 26.0f - 19.0f); // item 1 (weight 6) removed first
}

TEST(Lxr, RandomReferenceIsTheMeanOverSeededOrdersAndTheirReverses) {
    const AdditiveModel m = tenItemModel();
    const History h = tenItems();
    const int orders = 3;
    const auto r = evaluateLxr(m, h, 0, {}, nullptr, orders, 7);
    ASSERT_EQ(r.references.size(), 1u);
    EXPECT_EQ(r.references[0].method, "random");
    EXPECT_EQ(r.randomOrders, orders);
    // Independent recomputation from the additive formula: rank = 26 − S.
    const auto os = seededRandomOrders(10, orders, 7);
    ASSERT_EQ(os.size(), 3u);
    EXPECT_NE(os[0], os[1]);
    for (bool reversed : {false, true}) {
        std::vector<double> rank(11, 0), in10(11, 0);
        for (auto o : os) {
            if (reversed)
                std::reverse(o.begin(), o.end());
            double s = 25;
            for (int c = 0; c <= 10; ++c) {
                if (c > 0)
                    s -= m.weights[static_cast<size_t>(h[static_cast<size_t>(o[c - 1])])];
                rank[c] += (26 - s) / orders;
                in10[c] += (26 - s <= 10 ? 1.0 : 0.0) / orders;
            }
        }
        const LxrCurve& c = reversed ? r.references[0].neg : r.references[0].pos;
        double area = 0;
        for (int s = 0; s < 11; ++s) {
            EXPECT_NEAR(c.ranks[s], rank[s], 1e-5) << s;
            EXPECT_NEAR(c.inTopK[2][s], in10[s], 1e-6) << s;
            if (s > 0)
                area += 0.05 * (in10[s - 1] + in10[s]);
        }
        EXPECT_NEAR(c.areas[2], area, 1e-6);
    }
}

TEST(Lxr, ShortHistoriesRoundStepCountsAndCapFixedCounts) {
    AdditiveModel m;
    m.weights[5] = 8;  // alone: S = 8, rank 18 (in the top 20 only)
    m.weights[6] = 12; // with 5: S = 20, rank 6
    m.weights[7] = 3;
    {
        const auto r = evaluateLxr(m, {5}, 0, {{"w", {8}}}, nullptr, 0, 1);
        // round(f · 1), half away from zero: the item goes at f = 0.5.
        EXPECT_EQ(r.removedCounts, (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}));
        EXPECT_EQ(r.fixedCounts, (std::vector<int>{1}));
        expectCurve(r.methods[0].pos, {18, 18, 18, 18, 18, 26, 26, 26, 26, 26, 26},
                    {0, 0, 0, 0.45f});
        expectCurve(r.methods[0].negFixed, {26}, {});
    }
    {
        const auto r = evaluateLxr(m, {5, 6}, 0, {{"w", {8, 12}}}, nullptr, 0, 1);
        EXPECT_EQ(r.removedCounts, (std::vector<int>{0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2}));
        EXPECT_EQ(r.fixedCounts, (std::vector<int>{1, 2}));
        // POS drops 12 first (S 20 → 8), NEG drops 8 first (S 20 → 12, rank 14).
        expectCurve(r.methods[0].pos, {6, 6, 6, 18, 18, 18, 18, 18, 26, 26, 26},
                    {0, 0, 0.25f, 0.75f});
        expectCurve(r.methods[0].neg, {6, 6, 6, 14, 14, 14, 14, 14, 26, 26, 26},
                    {0, 0, 0.25f, 0.75f});
    }
    {
        const auto r = evaluateLxr(m, {7, 5, 6}, 0, {{"w", {3, 8, 12}}}, nullptr, 0, 1);
        EXPECT_EQ(r.removedCounts, (std::vector<int>{0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3}));
        EXPECT_EQ(r.fixedCounts, (std::vector<int>{1, 2, 3}));
        // S = 23 (rank 3); POS: 11 (15), 3 (23), 0; NEG: 20 (6), 12 (14), 0.
        expectCurve(r.methods[0].pos, {3, 3, 15, 15, 15, 23, 23, 23, 23, 26, 26},
                    {0, 0.15f, 0.15f, 0.45f});
        expectCurve(r.methods[0].neg, {3, 3, 6, 6, 6, 14, 14, 14, 14, 26, 26},
                    {0, 0.15f, 0.45f, 0.85f});
        expectCurve(r.methods[0].posFixed, {15, 23, 26}, {});
    }
    EXPECT_THROW(evaluateLxr(m, {5, 6}, 0, {{"w", {1}}}, nullptr, 0, 1), std::invalid_argument);
    EXPECT_THROW(evaluateLxr(m, {5}, 26, {}, nullptr, 0, 1), std::invalid_argument);
}

TEST(Lxr, AggregateAveragesCurvesAndCountsFixedStepsPerCustomer) {
    AdditiveModel m = tenItemModel();
    const auto a = evaluateLxr(m, tenItems(), 0, {exactWeights(m, tenItems())}, nullptr, 0, 1);
    const History three{5, 1, 3}; // weights 8, 6, 4: S = 18
    const auto b = evaluateLxr(m, three, 0, {exactWeights(m, three)}, nullptr, 0, 1);
    const auto g = aggregateLxr({&a, nullptr, &b});
    EXPECT_EQ(g.customers, 2);
    EXPECT_EQ(g.fixedCounts, (std::vector<int>{1, 2, 3, 4, 5}));
    ASSERT_EQ(g.methods.size(), 1u);
    const auto& e = g.methods[0];
    EXPECT_EQ(e.customers, 2);
    EXPECT_EQ(e.fixedCustomers, (std::vector<int>{2, 2, 2, 1, 1}));
    for (size_t k = 0; k < 4; ++k) {
        EXPECT_NEAR(e.pos.areas[k], 0.5 * (a.methods[0].pos.areas[k] + b.methods[0].pos.areas[k]),
                    1e-6);
        for (size_t s = 0; s < 11; ++s)
            EXPECT_NEAR(e.neg.inTopK[k][s],
                        0.5 * (a.methods[0].neg.inTopK[k][s] + b.methods[0].neg.inTopK[k][s]),
                        1e-6);
    }
    // Fixed counts 4 and 5 exist only for the ten-item customer: their mean is its value.
    EXPECT_EQ(e.posFixed.ranks[4], a.methods[0].posFixed.ranks[4]);
    EXPECT_NEAR(e.posFixed.ranks[0],
                0.5 * (a.methods[0].posFixed.ranks[0] + b.methods[0].posFixed.ranks[0]), 1e-6);
    EXPECT_EQ(aggregateLxr({}).customers, 0);
}

TEST(Lxr, BundleCarriesLxrSharingTheDeletionCurvesHistoriesAndMatchesTheSchema) {
    test::ToyModel model(30, 5, 20, 51, 3);
    Dataset ds;
    for (int i = 0; i < 30; ++i)
        ds.items.push_back({std::string("i").append(std::to_string(i)), "", "", "", 0, -1, -1});
    std::mt19937_64 rng(3);
    for (int u = 0; u < 5; ++u)
        ds.users.push_back({std::string("u").append(std::to_string(u)),
                            test::randomHistory(rng, 30, 15),
                            {},
                            -1,
                            -1});
    ExplainConfig cfg;
    const auto b = explain(model, ds, ds.users[0].sequence, -1, cfg);
    ASSERT_TRUE(b.faithfulness && b.faithfulness->lxr);
    const LxrReport& r = *b.faithfulness->lxr;
    ASSERT_EQ(r.methods.size(), b.faithfulness->methods.size());
    for (size_t i = 0; i < r.methods.size(); ++i) {
        // 15 items, 11 points: the deletion curve removes the same counts in the same order.
        EXPECT_EQ(r.methods[i].pos.ranks, asFloats(b.faithfulness->methods[i].deletionRanks))
            << r.methods[i].method;
        EXPECT_EQ(r.methods[i].pos.inTopK[0][0], 1.0f) << "the top-1 is explained";
    }
    ASSERT_EQ(r.references.size(), 2u);
    EXPECT_EQ(r.references[1].method, "popularity");
    // Its order against the dataset's interaction counts, recomputed here.
    const auto pop = itemInteractionCounts(ds);
    std::vector<float> popValues;
    for (ItemIndex i : b.history)
        popValues.push_back(static_cast<float>(pop[static_cast<size_t>(i)]));
    const auto direct = evaluateLxr(model, b.history, b.target, {{"p", popValues}}, nullptr, 0, 1);
    EXPECT_EQ(r.references[1].pos.ranks, direct.methods[0].pos.ranks);
    EXPECT_EQ(r.references[1].neg.ranks, direct.methods[0].neg.ranks);

    // Switched off, the report is the same without LXR: its histories changed nothing else.
    ExplainConfig off = cfg;
    off.lxr = false;
    const auto o = explain(model, ds, ds.users[0].sequence, -1, off);
    ASSERT_TRUE(o.faithfulness);
    EXPECT_FALSE(o.faithfulness->lxr);
    EXPECT_EQ(o.faithfulness->randomDeletionAuc, b.faithfulness->randomDeletionAuc);
    for (size_t i = 0; i < o.faithfulness->methods.size(); ++i) {
        EXPECT_EQ(o.faithfulness->methods[i].deletionAuc, b.faithfulness->methods[i].deletionAuc);
        EXPECT_EQ(o.faithfulness->methods[i].insertionAuc, b.faithfulness->methods[i].insertionAuc);
    }
    EXPECT_LT(o.historiesScored, b.historiesScored);

    std::ifstream in(RECLENS_SOURCE_DIR "/docs/explanation-schema.json");
    std::stringstream text;
    text << in.rdbuf();
    const test::SchemaLite schema(nlohmann::json::parse(text.str()));
    auto j = explanationToJson(b, ds, "u0");
    ASSERT_TRUE(j["lxr"].is_object());
    EXPECT_EQ(j["lxr"]["methods"].size(), 6u);
    EXPECT_TRUE(schema.validate(j).empty());
    j["lxr"]["methods"]["ig"]["pos"]["areas"][0] = 1.5; // out of [0, 1]
    EXPECT_FALSE(schema.validate(j).empty()) << "the schema must be able to reject LXR";
}
