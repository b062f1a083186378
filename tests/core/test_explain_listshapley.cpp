// The one Shapley engine over any value function, and "why this list" (RankingSHAP over
// purchases) on models whose answer is known: an additive game, a pure interaction, a model
// whose whole ranking hangs on one purchase, and brute force on the smooth toy model.

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "explain/shapleyengine.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

using namespace reclens;
using reclens::test::randomHistory;
using reclens::test::ToyModel;

namespace {

/// Ranks items by fixed distinct scores 1, 2, …, n when the history holds `key`, and in the
/// exact reverse order when it does not: the list's order depends on that one purchase only.
class SwitchModel final : public SequenceModel {
public:
    SwitchModel(int items, ItemIndex key)
        : m_items(items)
        , m_key(key) {}
    int itemCount() const override { return m_items; }
    int maxLength() const override { return 50; }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        std::vector<float> out;
        for (const auto& h : hs) {
            const bool on = std::find(h.begin(), h.end(), m_key) != h.end();
            for (int j = 0; j < m_items; ++j)
                out.push_back(on ? static_cast<float>(j) : static_cast<float>(-j));
        }
        return out;
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>& t) const override {
        const auto all = scoreAll(hs);
        std::vector<float> out;
        for (size_t i = 0; i < hs.size(); ++i)
            out.push_back(all[i * static_cast<size_t>(m_items) + static_cast<size_t>(t[i])]);
        return out;
    }
    AttentionMaps attention(const History&) const override { throw std::logic_error("unused"); }
    EmbeddingGradients gradients(const History&, ItemIndex) const override {
        throw std::logic_error("unused");
    }
    PathGradients pathGradients(const History&, ItemIndex, IgBaseline,
                                const std::vector<double>&) const override {
        throw std::logic_error("unused");
    }

private:
    int m_items;
    ItemIndex m_key;
};

/// τ-a by counting pairs (the scores are continuous, so no ties): +1 per pair of list items
/// the scores keep in list order, −1 per pair they swap. Independent of kendallTau().
double tauByPairs(const std::vector<float>& scoresInListOrder) {
    const size_t k = scoresInListOrder.size();
    double s = 0;
    for (size_t i = 0; i < k; ++i)
        for (size_t j = i + 1; j < k; ++j)
            s += scoresInListOrder[i] > scoresInListOrder[j] ? 1 : -1;
    return s / (static_cast<double>(k) * (k - 1) / 2);
}

/// v(S) computed from scratch: the K best items of the full history by sorting its row, their
/// scores after `sub`, τ by pair counting; v(full) = 1.
struct ListGame {
    const SequenceModel& model;
    History full;
    std::vector<ItemIndex> list;
    ListGame(const SequenceModel& m, const History& h, int k)
        : model(m)
        , full(h) {
        const auto row = model.scoreAll({h});
        std::vector<ItemIndex> idx(row.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(),
                         [&](ItemIndex a, ItemIndex b) { return row[a] > row[b]; });
        list.assign(idx.begin(), idx.begin() + k);
    }
    double operator()(const History& sub) const {
        if (sub == full)
            return 1.0;
        const auto row = model.scoreAll({sub});
        std::vector<float> s;
        for (ItemIndex i : list)
            s.push_back(row[static_cast<size_t>(i)]);
        return tauByPairs(s);
    }
};

} // namespace

TEST(ShapleyEngine, AdditiveAndInteractionGamesGiveTheirKnownValuesForEveryOutput) {
    const History h = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    const std::vector<double> w = {0.5, -1, 2, 0, 3, 1, 1, -2, 0.25, 4, 1, 0, 0, 7, -3};
    int calls = 0;
    // Output 0: additive (v(S) = Σ w of the items present) → φ = w exactly, sampled too
    // (every marginal is w). Output 1: 1 when both 12 and 20 are present → ½ each.
    const CoalitionValues game = [&](const std::vector<History>& coalitions) {
        ++calls;
        std::vector<double> v;
        for (const History& c : coalitions) {
            double add = 0;
            for (ItemIndex i : c)
                add += w[static_cast<size_t>(i - 10)];
            const bool both =
                std::count(c.begin(), c.end(), 12) && std::count(c.begin(), c.end(), 20);
            v.push_back(add);
            v.push_back(both ? 1.0 : 0.0);
        }
        return v;
    };
    for (int limit : {15, 4}) { // exact over all 15, then sampled
        ExplainConfig cfg;
        cfg.shapleyExactLimit = limit;
        calls = 0;
        const auto r = shapleyValues(h, 2, game, cfg);
        EXPECT_EQ(calls, 1) << "one call to the value function";
        ASSERT_EQ(r.size(), 2u);
        EXPECT_EQ(r[0].exact, limit == 15);
        for (size_t t = 0; t < h.size(); ++t) {
            EXPECT_NEAR(r[0].values[t], w[t], 1e-5) << "position " << t;
            if (limit == 15) { // exact: the interaction is split evenly between its two players
                EXPECT_NEAR(r[1].values[t], (t == 2 || t == 10) ? 0.5 : 0.0, 1e-6) << t;
            }
        }
        EXPECT_NEAR(r[0].scoreAll, std::accumulate(w.begin(), w.end(), 0.0), 1e-4);
        EXPECT_EQ(r[1].scoreAll, 1.0f);
        EXPECT_EQ(r[1].scoreEmpty, 0.0f);
        EXPECT_LT(r[1].efficiencyGap, 1e-5);
    }
    const CoalitionValues wrongSize = [](const std::vector<History>& c) {
        return std::vector<double>(c.size() + 1, 0.0);
    };
    EXPECT_THROW(shapleyValues(h, 1, wrongSize, ExplainConfig{}), std::invalid_argument);
    EXPECT_THROW(shapleyValues(h, 0, game, ExplainConfig{}), std::invalid_argument);
}

TEST(ListShapley, RankingThatHangsOnOnePurchaseGivesItEverything) {
    const SwitchModel model(30, 7);
    for (const History& h : {History{3, 7, 1, 9, 4, 5}, // exact (6 players)
                             History{3, 1, 9, 4, 5, 11, 12, 13, 14, 15, 16, 17, 7, 18, 19, 20, 21,
                                     22}}) { // sampled (18 > 12)
        const auto keyAt = static_cast<size_t>(std::find(h.begin(), h.end(), 7) - h.begin());
        const ListShapleyExplanation l = explainListShapley(model, h, 5, ExplainConfig{});
        EXPECT_EQ(l.shapley.exact, h.size() <= 12);
        ASSERT_EQ(l.list.size(), 5u);
        EXPECT_EQ(l.list.front(), 29); // key present: the highest index ranks first
        // Without the key the list is exactly reversed: v(∅) = τ = −1; Σφ = 1 − (−1) = 2, all
        // of it on the key (every marginal of every other purchase is 0).
        EXPECT_FLOAT_EQ(l.shapley.scoreAll, 1.0f);
        EXPECT_FLOAT_EQ(l.shapley.scoreEmpty, -1.0f);
        for (size_t t = 0; t < h.size(); ++t)
            EXPECT_NEAR(l.shapley.values[t], t == keyAt ? 2.0 : 0.0, 1e-6) << "position " << t;
        EXPECT_LT(l.shapley.efficiencyGap, 1e-6);
    }
    EXPECT_THROW(explainListShapley(model, {1, 2}, 1, ExplainConfig{}), std::invalid_argument);
    EXPECT_THROW(explainListShapley(model, {}, 5, ExplainConfig{}), std::invalid_argument);
    EXPECT_THROW(explainListShapley(model, {1, 30}, 5, ExplainConfig{}), std::invalid_argument);
}

TEST(ListShapley, ExactEqualsBruteForceOverOrdersAndIsEfficientAgainstRescoredValues) {
    ToyModel model(25, 5, 20, 31);
    std::mt19937_64 rng(17);
    const History h = randomHistory(rng, 25, 6);
    const int k = 6;
    const ListShapleyExplanation l = explainListShapley(model, h, k, ExplainConfig{});
    ASSERT_TRUE(l.shapley.exact);
    const ListGame v(model, h, k);
    EXPECT_EQ(l.list, v.list);
    // Brute force: mean marginal over all 720 orders, each coalition re-scored on its own.
    std::vector<int> perm(h.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<double> phi(h.size(), 0.0);
    int orders = 0;
    do {
        std::vector<char> present(h.size(), 0);
        auto sub = [&] {
            History s;
            for (size_t t = 0; t < h.size(); ++t)
                if (present[t])
                    s.push_back(h[t]);
            return s;
        };
        double prev = v(sub());
        for (int p : perm) {
            present[static_cast<size_t>(p)] = 1;
            const double cur = v(sub());
            phi[static_cast<size_t>(p)] += cur - prev;
            prev = cur;
        }
        ++orders;
    } while (std::next_permutation(perm.begin(), perm.end()));
    for (size_t t = 0; t < h.size(); ++t)
        EXPECT_NEAR(l.shapley.values[t], phi[t] / orders, 1e-5) << "position " << t;
    const double emptyValue = v(History{});
    EXPECT_NEAR(l.shapley.scoreEmpty, emptyValue, 1e-6);
    const double sum = std::accumulate(l.shapley.values.begin(), l.shapley.values.end(), 0.0);
    EXPECT_NEAR(sum, 1.0 - emptyValue, 1e-5);
    // The game must not be trivial, or the checks above prove little.
    EXPECT_LT(emptyValue, 0.9);
}

TEST(ListShapley, InTheBundleOnlyWhenAskedAndSerialisedWithItsList) {
    ToyModel model(20, 4, 10, 5);
    Dataset ds;
    for (int i = 0; i < 20; ++i) {
        Item it;
        it.id = std::string("i").append(std::to_string(i));
        ds.items.push_back(it);
    }
    const History h = {1, 4, 7, 2, 9};
    ExplainConfig cfg;
    cfg.k = 4;
    cfg.methods = parseExplainMethods("loo", nullptr);
    EXPECT_FALSE(explain(model, ds, h, -1, cfg).listShapley);
    EXPECT_FALSE(ExplainConfig{}.methods.listShapley) << "off by default (cost)";
    EXPECT_TRUE(parseExplainMethods("all", nullptr).listShapley);
    cfg.methods = parseExplainMethods("loo,list_shapley", nullptr);
    const auto b = explain(model, ds, h, -1, cfg);
    ASSERT_TRUE(b.listShapley);
    const auto direct = explainListShapley(model, h, 4, cfg);
    ASSERT_EQ(b.listShapley->shapley.values.size(), h.size());
    for (size_t t = 0; t < h.size(); ++t)
        EXPECT_NEAR(b.listShapley->shapley.values[t], direct.shapley.values[t], 1e-6);
    const auto j = explanationToJson(b, ds, "u");
    ASSERT_TRUE(j["list_shapley"].is_object());
    EXPECT_EQ(j["list_shapley"]["k"], 4);
    EXPECT_EQ(j["list_shapley"]["list"].size(), 4u);
    EXPECT_EQ(j["list_shapley"]["list"][0]["item"],
              ds.items[static_cast<size_t>(b.topK[0].item)].id);
    EXPECT_EQ(j["list_shapley"]["values"].size(), h.size());
    EXPECT_TRUE(explainConfigFromJson(explainConfigToJson(cfg)).methods.listShapley);
}
