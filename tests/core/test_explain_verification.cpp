// Checks that can fail: every "verified" flag, the Shapley efficiency gap and each clause of the
// summary come from fresh forward passes of the caller's model, so a model whose second answer
// differs from its first (what a stale cache would hide) is caught, and a tampered result is
// reported as not verified. Also the leave-one-out position artifact and in-place occlusion.

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "explain/verification.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>

using namespace reclens;
using reclens::test::ToyModel;

namespace {

Dataset namedItems(int items) {
    Dataset ds;
    ds.name = "verification";
    for (int i = 0; i < items; ++i) {
        Item it;
        it.id = std::string("i").append(std::to_string(i));
        it.title = std::string("Item ").append(std::to_string(i));
        ds.items.push_back(it);
    }
    return ds;
}

/// Answers like `inner` the first time it sees a history; every later time the scores of
/// `target` are moved by shift(history). A memo in front of it hides that, a fresh pass does not.
class SecondAnswerDiffers final : public SequenceModel {
public:
    SecondAnswerDiffers(const SequenceModel& inner, ItemIndex target,
                        std::function<float(const History&)> shift)
        : m_inner(inner)
        , m_target(target)
        , m_shift(std::move(shift)) {}
    int itemCount() const override { return m_inner.itemCount(); }
    int maxLength() const override { return m_inner.maxLength(); }
    bool supportsMaskedSlots() const override { return m_inner.supportsMaskedSlots(); }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        auto rows = m_inner.scoreAll(hs);
        const size_t n = static_cast<size_t>(itemCount());
        for (size_t i = 0; i < hs.size(); ++i)
            if (m_seen[hs[i]]++ > 0)
                rows[i * n + static_cast<size_t>(m_target)] += m_shift(hs[i]);
        return rows;
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>& t) const override {
        const auto rows = scoreAll(hs);
        std::vector<float> out;
        for (size_t i = 0; i < hs.size(); ++i)
            out.push_back(rows[i * static_cast<size_t>(itemCount()) + static_cast<size_t>(t[i])]);
        return out;
    }
    AttentionMaps attention(const History& h) const override { return m_inner.attention(h); }
    EmbeddingGradients gradients(const History& h, ItemIndex t) const override {
        return m_inner.gradients(h, t);
    }
    PathGradients pathGradients(const History& h, ItemIndex t, IgBaseline b,
                                const std::vector<double>& a) const override {
        return m_inner.pathGradients(h, t, b, a);
    }

private:
    const SequenceModel& m_inner;
    ItemIndex m_target;
    std::function<float(const History&)> m_shift;
    mutable std::map<History, int> m_seen;
};

/// Item 0's score depends on WHERE the trigger (item 1) sits: 3 when it is the second-to-last
/// purchase, plus 1 when item 2 is there instead, plus 0.5 when item 3 is the last purchase.
/// Item 5 scores 2 always, the others −1. With history [4, 2, 1, 3], removing the last purchase
/// (re-packing) moves the trigger out of its slot, so leave-one-out blames item 3; occluding in
/// place does not move anything and finds the trigger.
class PositionModel final : public SequenceModel {
public:
    int itemCount() const override { return 6; }
    int maxLength() const override { return 10; }
    bool supportsMaskedSlots() const override { return true; }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        std::vector<float> out;
        for (const History& h : hs) {
            const size_t n = h.size();
            const ItemIndex last = n >= 1 ? h[n - 1] : -2;
            const ItemIndex second = n >= 2 ? h[n - 2] : -2;
            const float s0 = (second == 1 ? 3.0f : 0.0f) + (second == 2 ? 1.0f : 0.0f) +
                             (last == 3 ? 0.5f : 0.0f);
            out.insert(out.end(), {s0, -1, -1, -1, -1, 2.0f});
        }
        return out;
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>& t) const override {
        const auto rows = scoreAll(hs);
        std::vector<float> out;
        for (size_t i = 0; i < hs.size(); ++i)
            out.push_back(rows[i * 6 + static_cast<size_t>(t[i])]);
        return out;
    }
    AttentionMaps attention(const History&) const override { return {}; }
    EmbeddingGradients gradients(const History&, ItemIndex) const override { return {}; }
    PathGradients pathGradients(const History&, ItemIndex, IgBaseline,
                                const std::vector<double>&) const override {
        return {};
    }
};

ExplainConfig scoringOnly(int k) {
    ExplainConfig cfg;
    cfg.k = k;
    cfg.threads = 1; // one memo, no fork: each history reaches the model once per bundle
    cfg.methods = ExplainMethods::none();
    cfg.methods.loo = cfg.methods.shapley = cfg.methods.counterfactual = cfg.methods.whatIf = true;
    return cfg;
}

const History kHistory{3, 17, 8, 21, 5, 12, 9, 26};

} // namespace

TEST(FreshPassVerification, CounterfactualVerifiedOnlyWhenAFreshPassAgrees) {
    const ToyModel toy(30, 5, 10, 51, 3);
    const Dataset ds = namedItems(30);
    const ExplainConfig cfg = scoringOnly(1);
    const auto honest = explain(toy, ds, kHistory, -1, cfg);
    ASSERT_TRUE(honest.counterfactual && honest.counterfactual->found);
    EXPECT_TRUE(honest.counterfactual->verified);
    EXPECT_GT(honest.counterfactual->newRank, 1);

    // The second answer for any history lifts the target back to the top: the search (through
    // the bundle's memo) saw it fall, a fresh pass does not. Before the fix the re-check read
    // the memo's row back and this was "verified".
    const SecondAnswerDiffers flaky(toy, honest.target, [](const History&) { return 100.0f; });
    const auto b = explain(flaky, ds, kHistory, -1, cfg);
    ASSERT_TRUE(b.counterfactual && b.counterfactual->found);
    EXPECT_FALSE(b.counterfactual->verified);
    EXPECT_EQ(b.counterfactual->newRank, 1);
    EXPECT_EQ(b.summary.find("Without your purchase"), std::string::npos) << b.summary;
    EXPECT_NE(b.summary.find("did not hold"), std::string::npos) << b.summary;
    ASSERT_TRUE(b.whatIf);
    EXPECT_FALSE(b.whatIf->verified);
    ASSERT_TRUE(honest.whatIf);
    EXPECT_TRUE(honest.whatIf->verified);
    EXPECT_EQ(explanationToJson(b, ds, "u")["counterfactual"]["verified"], false);
}

TEST(FreshPassVerification, TamperedCounterfactualSetIsNotVerified) {
    const ToyModel toy(30, 5, 10, 51, 3);
    ExplainConfig cfg = scoringOnly(1);
    const auto row = toy.scoreAll({kHistory});
    const ItemIndex top =
        static_cast<ItemIndex>(std::max_element(row.begin(), row.end()) - row.begin());
    const auto loo = explainLeaveOneOut(toy, kHistory, top);
    auto r = minimalCounterfactual(toy, kHistory, top, loo.effect, cfg);
    ASSERT_TRUE(r.found);
    ASSERT_TRUE(r.verified);
    verifyCounterfactual(toy, kHistory, top, cfg.k, r);
    EXPECT_TRUE(r.verified); // re-checking an honest result keeps it verified

    auto wrongItems = r;
    wrongItems.removedItems[0] = (wrongItems.removedItems[0] + 1) % 30;
    verifyCounterfactual(toy, kHistory, top, cfg.k, wrongItems);
    EXPECT_FALSE(wrongItems.verified);

    auto emptySet = r;
    emptySet.removedPositions.clear();
    emptySet.removedItems.clear();
    verifyCounterfactual(toy, kHistory, top, cfg.k, emptySet);
    EXPECT_FALSE(emptySet.verified);
    EXPECT_EQ(emptySet.newRank, 1);
}

TEST(FreshPassVerification, WhyAboveVerifiedOnlyWhenAFreshPassAgrees) {
    const ToyModel toy(30, 5, 10, 51, 3);
    const ExplainConfig cfg = scoringOnly(1);
    const auto row = toy.scoreAll({kHistory});
    std::vector<int> order(30);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int x, int y) { return row[x] > row[y]; });
    const ItemIndex a = order[0], b = order[1];
    const auto honest = whyAbove(toy, kHistory, a, b, cfg);
    ASSERT_TRUE(honest.found);
    EXPECT_TRUE(honest.verified);
    // A second answer that lifts A by 100 keeps it above B in the fresh pass.
    const SecondAnswerDiffers flaky(toy, a, [](const History&) { return 100.0f; });
    const auto r = whyAbove(flaky, kHistory, a, b, cfg);
    ASSERT_TRUE(r.found);
    EXPECT_FALSE(r.verified);
}

TEST(FreshPassVerification, ShapleyEfficiencyGapComesFromIndependentPasses) {
    const ToyModel toy(30, 5, 10, 51, 3);
    const Dataset ds = namedItems(30);
    const ExplainConfig cfg = scoringOnly(5);
    const auto honest = explain(toy, ds, kHistory, -1, cfg);
    ASSERT_TRUE(honest.shapley);
    EXPECT_TRUE(honest.shapley->efficiencyIndependent);
    EXPECT_LT(honest.shapley->efficiencyGap, 1e-3f);
    EXPECT_NEAR(honest.shapley->freshScoreAll, honest.targetScore, 1e-4);
    // Second answers shifted by the history's length: the coalition table (first answers) is
    // unchanged and its own gap would still be zero; the fresh f(all) − f(empty) moves by 8.
    const SecondAnswerDiffers flaky(toy, honest.target,
                                    [](const History& h) { return static_cast<float>(h.size()); });
    const auto b = explain(flaky, ds, kHistory, honest.target, cfg);
    ASSERT_TRUE(b.shapley);
    EXPECT_NEAR(b.shapley->efficiencyGap, static_cast<float>(kHistory.size()), 1e-3);
    const auto j = explanationToJson(b, ds, "u");
    EXPECT_EQ(j["shapley"]["efficiency_reference"], "fresh_pass");
}

TEST(SummaryStatesCheckedFacts, SingleRemovalClauseDisappearsWhenFreshRanksDisagree) {
    const ToyModel toy(30, 5, 10, 51, 3);
    const Dataset ds = namedItems(30);
    ExplainConfig cfg = scoringOnly(5);
    cfg.methods.counterfactual = false;
    const auto honest = explain(toy, ds, kHistory, -1, cfg);
    ASSERT_TRUE(honest.facts.checked && honest.facts.looAgrees);
    // The honest summary states a leave-one-out fact (a named purchase or the all-removals one).
    const bool statesLoo = honest.summary.find("matters most") != std::string::npos ||
                           honest.summary.find("Removing any single purchase") != std::string::npos;
    EXPECT_TRUE(statesLoo) << honest.summary;
    // Second answers push the target down by 50 logits except for the full history: every
    // leave-one-out rank the bundle computed is now contradicted by the fresh pass.
    const SecondAnswerDiffers flaky(
        toy, honest.target, [&](const History& h) { return h == kHistory ? 0.0f : -50.0f; });
    const auto b = explain(flaky, ds, kHistory, honest.target, cfg);
    EXPECT_FALSE(b.facts.looAgrees);
    EXPECT_EQ(b.facts.causePosition, -1);
    EXPECT_EQ(b.summary.find("matters most"), std::string::npos) << b.summary;
    EXPECT_EQ(b.summary.find("Removing any single purchase"), std::string::npos) << b.summary;
    EXPECT_NE(b.summary.find("not reproduced"), std::string::npos) << b.summary;
}

TEST(SummaryStatesCheckedFacts, AllRemovalsClauseNeedsEveryFreshRankNotWorse) {
    // Item 0 gains from no purchase (removing any one raises or keeps its score) yet one removal
    // lifts item 5 above it: "keeps or improves its rank" would be false from scores alone.
    class Crowded final : public SequenceModel {
    public:
        int itemCount() const override { return 6; }
        int maxLength() const override { return 10; }
        std::vector<float> scoreAll(const std::vector<History>& hs) const override {
            std::vector<float> out;
            for (const History& h : hs) {
                const bool has4 = std::find(h.begin(), h.end(), 4) != h.end();
                out.insert(out.end(), {5.0f - 0.01f * static_cast<float>(h.size()), 1, 1, 1, 1,
                                       has4 ? 4.0f : 6.0f});
            }
            return out;
        }
        std::vector<float> scoreTargets(const std::vector<History>& hs,
                                        const std::vector<ItemIndex>& t) const override {
            const auto rows = scoreAll(hs);
            std::vector<float> out;
            for (size_t i = 0; i < hs.size(); ++i)
                out.push_back(rows[i * 6 + static_cast<size_t>(t[i])]);
            return out;
        }
        AttentionMaps attention(const History&) const override { return {}; }
        EmbeddingGradients gradients(const History&, ItemIndex) const override { return {}; }
        PathGradients pathGradients(const History&, ItemIndex, IgBaseline,
                                    const std::vector<double>&) const override {
            return {};
        }
    } model;
    const Dataset ds = namedItems(6);
    ExplainConfig cfg = scoringOnly(5);
    cfg.methods.counterfactual = cfg.methods.shapley = false;
    const auto b = explain(model, ds, History{1, 2, 4}, 0, cfg);
    ASSERT_TRUE(b.loo);
    for (float e : b.loo->effect)
        EXPECT_LE(e, 0.0f);            // no purchase raises item 0's score...
    EXPECT_EQ(b.facts.looRanks[2], 2); // ...but without item 4, item 5 overtakes it
    EXPECT_EQ(b.summary.find("keeps or improves"), std::string::npos) << b.summary;
    EXPECT_EQ(b.summary.find("matters most"), std::string::npos) << b.summary;
}

TEST(LeaveOneOutPositionArtifact, OcclusionFindsTheTriggerWhereRepackingBlamesTheLastPurchase) {
    const PositionModel model;
    const Dataset ds = namedItems(6);
    const History h{4, 2, 1, 3}; // the trigger (item 1) is the second-to-last purchase
    ExplainConfig cfg = scoringOnly(1);
    cfg.methods.faithfulness = true;
    const auto b = explain(model, ds, h, 0, cfg);
    ASSERT_TRUE(b.loo);
    ASSERT_EQ(b.loo->occlusionEffect.size(), h.size());
    const auto argmax = [](const std::vector<float>& v) {
        return std::max_element(v.begin(), v.end()) - v.begin();
    };
    EXPECT_EQ(argmax(b.loo->effect), 3);          // re-packing: the last purchase "matters"
    EXPECT_EQ(argmax(b.loo->occlusionEffect), 2); // in place: the trigger does
    EXPECT_FLOAT_EQ(b.loo->occlusionEffect[2], 3.0f);
    EXPECT_FLOAT_EQ(b.loo->occlusionEffect[3], 0.5f);
    ASSERT_NE(b.attribution("occlusion"), nullptr);
    ASSERT_TRUE(b.faithfulness);
    // The summary never names the position artifact as the decisive purchase.
    EXPECT_NE(b.facts.causePosition, 3);
    EXPECT_EQ(b.summary.find("matters most is \u201cItem 3\u201d"), std::string::npos) << b.summary;
    if (b.facts.causePosition >= 0) {
        EXPECT_EQ(b.facts.causePosition, 2);
        EXPECT_EQ(b.facts.causeEvidence.rfind("occlusion", 0), 0u) << b.facts.causeEvidence;
    }
    const auto j = explanationToJson(b, ds, "u");
    EXPECT_EQ(j["loo"]["occlusion_ranks"].size(), h.size());
}

TEST(GradientSaliency, GradIsTheUnsignedL2NormAndNotPairedWithGradTimesInput) {
    const ToyModel toy(30, 5, 10, 51, 3);
    const ItemIndex target = 4;
    const auto g = toy.gradients(kHistory, target);
    const auto [grad, gxi] = explainGradient(toy, kHistory, target);
    for (size_t t = 0; t < kHistory.size(); ++t) {
        double sq = 0;
        for (int d = 0; d < g.dim; ++d) {
            const double v = g.gradient[0][t * static_cast<size_t>(g.dim) + static_cast<size_t>(d)];
            sq += v * v;
        }
        EXPECT_NEAR(grad.values[t], std::sqrt(sq), 1e-5);
        EXPECT_GE(grad.values[t], 0.0f);
    }
    EXPECT_FALSE(isSignedMethod("grad"));
    EXPECT_TRUE(isSignedMethod("grad_x_input"));
    EXPECT_TRUE(std::isnan(methodAgreement(grad, gxi)));
    const Attribution loo{"loo", explainLeaveOneOut(toy, kHistory, target).effect};
    EXPECT_FALSE(std::isnan(methodAgreement(grad, loo)));
}
