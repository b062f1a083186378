// "Exclude products the customer already bought" (explain/candidatefilter.h): with the filter
// on, a bought product never appears in a list, a rank or a counterfactual; with it off it
// does. The model below is the trap the issue describes: it scores every purchase of the
// history far above everything else, so without the filter the whole top list is bought items.

#include "eval/evaluator.h"
#include "explain/candidatefilter.h"
#include "explain/explainmethods.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace reclens;
using reclens::test::ToyModel;

namespace {

/// ToyModel plus a large bonus for every item already in the history (a repeat-loving model).
class RepeatLovingModel final : public ForwardingModel {
public:
    explicit RepeatLovingModel(const SequenceModel& m)
        : ForwardingModel(m) {}
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        auto out = inner().scoreAll(hs);
        const size_t n = static_cast<size_t>(itemCount());
        for (size_t r = 0; r < hs.size(); ++r)
            for (ItemIndex i : hs[r])
                if (i >= 0)
                    out[r * n + static_cast<size_t>(i)] += 50.0f;
        return out;
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>& t) const override {
        auto out = inner().scoreTargets(hs, t);
        for (size_t r = 0; r < hs.size(); ++r)
            if (std::find(hs[r].begin(), hs[r].end(), t[r]) != hs[r].end())
                out[r] += 50.0f;
        return out;
    }
};

Dataset toyShop(int items) {
    Dataset ds;
    ds.name = "toy";
    for (int i = 0; i < items; ++i) {
        Item it;
        it.id = std::string("i").append(std::to_string(i));
        it.title = std::string("Item ").append(std::to_string(i));
        ds.items.push_back(it);
    }
    return ds;
}

bool contains(const History& h, ItemIndex i) {
    return std::find(h.begin(), h.end(), i) != h.end();
}

ExplainConfig smallConfig() {
    ExplainConfig cfg;
    cfg.threads = 1;
    cfg.k = 5;
    cfg.whatIfK = 10;
    cfg.methods.attention = false;
    cfg.methods.gradient = false;
    cfg.methods.ig = false;
    cfg.methods.features = false;
    cfg.methods.faithfulness = false;
    return cfg;
}

} // namespace

TEST(ExcludeBought, SettingParsesAndAutoFollowsTheRepeatRate) {
    ExcludeBought s{};
    EXPECT_TRUE(parseExcludeBought("auto", s));
    EXPECT_EQ(s, ExcludeBought::Auto);
    EXPECT_FALSE(parseExcludeBought("yes", s));
    EXPECT_TRUE(resolveExcludeBought(ExcludeBought::Auto, 0.0));
    EXPECT_TRUE(resolveExcludeBought(ExcludeBought::Auto, kExcludeBoughtRepeatThreshold - 1e-6));
    EXPECT_FALSE(resolveExcludeBought(ExcludeBought::Auto, kExcludeBoughtRepeatThreshold));
    EXPECT_TRUE(resolveExcludeBought(ExcludeBought::On, 0.5));
    EXPECT_FALSE(resolveExcludeBought(ExcludeBought::Off, 0.0));
    EXPECT_STREQ(rankAmongName(true), "not_yet_bought");
}

TEST(ExcludeBought, OnNoBoughtProductInListsRanksOrCounterfactualsOffTheyAppear) {
    const ToyModel toy(40, 6, 20, 7);
    const RepeatLovingModel model(toy);
    const Dataset ds = toyShop(40);
    const History history = {3, 17, 8, 25, 11, 30};
    const ExplainConfig cfg = smallConfig();

    // Off: the trap is visible, the top item is something the customer already bought.
    const CandidateFilterModel off(model, {});
    const ExplanationBundle bOff = explain(off, ds, history, -1, cfg);
    ASSERT_FALSE(bOff.topK.empty());
    EXPECT_TRUE(contains(history, bOff.topK.front().item));
    EXPECT_TRUE(contains(history, bOff.target));

    // On: the customer's original history is the excluded set.
    const CandidateFilterModel on(model, history);
    const ExplanationBundle b = explain(on, ds, history, -1, cfg);
    EXPECT_FALSE(contains(history, b.target));
    for (const RankedItem& r : b.topK)
        EXPECT_FALSE(contains(history, r.item)) << "bought item " << r.item << " listed";
    // The rank is among the candidates: 1 + candidates (not bought) scoring strictly higher.
    const auto raw = model.scoreAll({history});
    int higher = 0;
    for (ItemIndex i = 0; i < 40; ++i)
        higher += !contains(history, i) &&
                  raw[static_cast<size_t>(i)] > raw[static_cast<size_t>(b.target)];
    EXPECT_EQ(b.targetRank, higher + 1);
    ASSERT_TRUE(b.loo);
    for (int r : b.loo->ranks)
        EXPECT_LE(r, 40 - static_cast<int>(history.size()));
    ASSERT_TRUE(b.whatIf);
    for (const RankedItem& r : b.whatIf->after)
        EXPECT_FALSE(contains(history, r.item)) << "bought item in the edited list";
    ASSERT_TRUE(b.counterfactual);
    EXPECT_FALSE(contains(history, b.counterfactual->replacement));
    // The summary can name purchases as reasons, but never the target itself: it is no
    // purchase of this customer.
    const std::string targetName = "\u201cItem " + std::to_string(b.target) + "\u201d";
    EXPECT_EQ(b.summary.find(targetName + " is #"), 0u);
    EXPECT_EQ(b.summary.find(targetName, 1), std::string::npos) << b.summary;

    // Edits do not change the excluded set: removing a purchase keeps it out of the list.
    const WhatIfResult w =
        whatIf(on, history, {{HistoryEdit::Kind::Remove, 0, -1, -1}}, b.target, 10);
    for (const RankedItem& r : w.after)
        EXPECT_FALSE(contains(history, r.item)) << "a removed purchase came back";

    // An explicitly requested bought target stays a candidate (ranked among the rest + it).
    const CandidateFilterModel keep(model, history, history[1]);
    const ExplanationBundle bk = explain(keep, ds, history, history[1], cfg);
    EXPECT_EQ(bk.targetRank, 1);
    for (const RankedItem& r : bk.topK)
        EXPECT_TRUE(r.item == history[1] || !contains(history, r.item));
}

TEST(ExcludeBought, TopKAndEvaluationUseTheSameFilter) {
    const ToyModel toy(40, 6, 20, 3);
    const RepeatLovingModel model(toy);
    Dataset ds = toyShop(40);
    std::mt19937_64 rng(5);
    for (int u = 0; u < 12; ++u) {
        User us;
        us.id = "u" + std::to_string(u);
        us.sequence = reclens::test::randomHistory(rng, 40, 6);
        ds.users.push_back(us);
    }
    applyLeaveOneOutSplit(ds);
    ds.finalize();
    const History h = ds.users[0].sequence;
    const CandidateFilterModel on(model, h);
    ExplainConfig cfg = smallConfig();
    cfg.methods = ExplainMethods::none();
    cfg.methods.loo = true;
    for (const auto& b : explainTopK(on, ds, h, 5, cfg))
        EXPECT_FALSE(contains(h, b.target));
    // Evaluation's excludeSeen ranks each target among the items not in its own history.
    EvalConfig ec;
    ec.excludeSeen = true;
    ec.beyondAccuracy = false;
    const EvalResult withFilter = evaluate(model, ds, ec);
    const EvalResult perHistory = [&] {
        EvalConfig plain = ec;
        plain.excludeSeen = false;
        return evaluate(CandidateFilterModel::perHistory(model), ds, plain);
    }();
    ec.excludeSeen = false;
    const EvalResult without = evaluate(model, ds, ec);
    ASSERT_EQ(withFilter.ranks.size(), without.ranks.size());
    int better = 0;
    for (size_t i = 0; i < withFilter.ranks.size(); ++i) {
        EXPECT_LE(withFilter.ranks[i], without.ranks[i]);
        better += withFilter.ranks[i] < without.ranks[i];
    }
    EXPECT_GT(better, 0); // the repeat bonus pushed targets down when bought items counted
    // The decorator in per-history mode agrees where the target was not bought before.
    for (size_t i = 0; i < withFilter.ranks.size(); ++i)
        if (perHistory.ranks[i] <= 40 - 6) {
            EXPECT_EQ(perHistory.ranks[i], withFilter.ranks[i]);
        }
}
