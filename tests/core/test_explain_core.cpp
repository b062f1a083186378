// Properties of the explanation engine on a small hand-made model (no torch): Shapley
// efficiency and equality with brute force, LOO = explicit re-run,
// counterfactual sets verified and near-minimal, what-if bookkeeping, rollout arithmetic.

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "explain/merchantjson.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>

using namespace reclens;
using reclens::test::randomHistory;
using reclens::test::ToyModel;

namespace {

Dataset toyDataset(int items, int users, int len, std::uint64_t seed) {
    Dataset ds;
    ds.name = "toy";
    for (int i = 0; i < items; ++i) {
        Item it;
        // append() rather than operator+: GCC 12 warns falsely (-Wrestrict) on "x" + string.
        it.id = std::string("i").append(std::to_string(i));
        it.title = std::string("Item ").append(std::to_string(i));
        it.category = std::string("cat").append(std::to_string(i % 3));
        ds.items.push_back(it);
    }
    std::mt19937_64 rng(seed);
    for (int u = 0; u < users; ++u) {
        User us;
        us.id = std::string("u").append(std::to_string(u));
        us.sequence = randomHistory(rng, items, len);
        ds.users.push_back(us);
    }
    return ds;
}

int rankDirect(const SequenceModel& m, const History& h, ItemIndex t) {
    return rankOf(m.scoreAll({h}), t);
}

} // namespace

TEST(ExplainShapley, ExactEqualsBruteForcePermutationsAndIsEfficient) {
    ToyModel model(25, 5, 20, 11);
    std::mt19937_64 rng(2);
    const History h = randomHistory(rng, 25, 6);
    const ItemIndex target = 3;
    const ShapleyExplanation s = explainShapley(model, h, target, ExplainConfig{});
    ASSERT_TRUE(s.exact);
    ASSERT_EQ(s.values.size(), h.size());
    // Brute force: average marginal contribution over all 720 orderings, each scored alone.
    std::vector<int> perm(h.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<double> phi(h.size(), 0.0);
    int count = 0;
    do {
        std::vector<char> present(h.size(), 0);
        auto value = [&] {
            History sub;
            for (size_t t = 0; t < h.size(); ++t)
                if (present[t])
                    sub.push_back(h[t]);
            return static_cast<double>(model.scoreTargets({sub}, {target})[0]);
        };
        double prev = value();
        for (int p : perm) {
            present[static_cast<size_t>(p)] = 1;
            const double cur = value();
            phi[static_cast<size_t>(p)] += cur - prev;
            prev = cur;
        }
        ++count;
    } while (std::next_permutation(perm.begin(), perm.end()));
    for (size_t t = 0; t < h.size(); ++t)
        EXPECT_NEAR(s.values[t], phi[t] / count, 1e-4) << "position " << t;
    const double full = model.scoreTargets({h}, {target})[0];
    const double empty = model.scoreTargets({History{}}, {target})[0];
    const double sum = std::accumulate(s.values.begin(), s.values.end(), 0.0);
    EXPECT_NEAR(sum, full - empty, 1e-4);
    EXPECT_LT(s.efficiencyGap, 1e-4);
}

TEST(ExplainShapley, LongHistoryExactOnLastTwelveWhenAskedWithContextFixed) {
    ToyModel model(25, 5, 30, 12);
    std::mt19937_64 rng(3);
    const History h = randomHistory(rng, 25, 15);
    ExplainConfig cfg;
    cfg.shapleyExactOnLastItems = true;
    const ShapleyExplanation s = explainShapley(model, h, 4, cfg);
    ASSERT_TRUE(s.exact);
    ASSERT_EQ(s.players.size(), 12u);
    EXPECT_EQ(s.players.front(), 3);
    EXPECT_EQ(s.evaluations, 4096);
    for (int t = 0; t < 3; ++t)
        EXPECT_EQ(s.values[static_cast<size_t>(t)], 0.0f);
    const History context(h.begin(), h.begin() + 3);
    const double sum = std::accumulate(s.values.begin(), s.values.end(), 0.0);
    EXPECT_NEAR(sum,
                static_cast<double>(model.scoreTargets({h}, {4})[0]) -
                    model.scoreTargets({context}, {4})[0],
                1e-3);
}

TEST(ExplainShapley, LongHistorySampledByDefaultRecencyStratifiedWithErrors) {
    ToyModel model(25, 5, 30, 14);
    std::mt19937_64 rng(9);
    const History h = randomHistory(rng, 25, 20);
    const ExplainConfig cfg;
    const ShapleyExplanation s = explainShapley(model, h, 4, cfg);
    ASSERT_FALSE(s.exact);
    EXPECT_EQ(s.players.size(), h.size());
    EXPECT_EQ(s.permutations % 2, 0);
    EXPECT_EQ(s.permutations, cfg.shapleyPermutations);
    // The documented budget: P orders of n + 1 coalitions each, plus about
    // shapleyNewestSamples (at least 2, Neyman-allocated) pairs of coalitions per purchase.
    const int n = static_cast<int>(h.size());
    EXPECT_LE(s.evaluations, s.permutations * (n + 1) + 2 * n * (cfg.shapleyNewestSamples + 3));
    EXPECT_GT(s.evaluations, s.permutations * n);
    // The estimate is corrected to the known sum f(all) − f(∅) (the strata do not telescope).
    EXPECT_LT(s.efficiencyGap, 1e-3);
    EXPECT_NEAR(s.scoreAll, model.scoreTargets({h}, {4})[0], 1e-5);
    EXPECT_NEAR(s.scoreEmpty, model.scoreTargets({History{}}, {4})[0], 1e-5);
    int positive = 0;
    for (float e : s.stdErrors)
        positive += e > 0 ? 1 : 0;
    EXPECT_GT(positive, 0);
}

TEST(ExplainShapley, SamplingIsEfficientAndAgreesWithExactWithinErrors) {
    ToyModel model(25, 5, 20, 13);
    std::mt19937_64 rng(4);
    const History h = randomHistory(rng, 25, 8);
    ExplainConfig exactCfg;
    const auto exact = explainShapley(model, h, 5, exactCfg);
    ExplainConfig cfg;
    cfg.shapleyExactLimit = 4;
    cfg.shapleyExactOnLastItems = false;
    cfg.shapleyPermutations = 400;
    const auto s = explainShapley(model, h, 5, cfg);
    ASSERT_FALSE(s.exact);
    EXPECT_EQ(s.permutations, 400);
    EXPECT_LT(s.efficiencyGap, 1e-3);
    for (size_t t = 0; t < h.size(); ++t) {
        EXPECT_GT(s.stdErrors[t], 0.0f);
        EXPECT_LE(std::fabs(s.values[t] - exact.values[t]), 5 * s.stdErrors[t] + 1e-3)
            << "position " << t;
    }
}

TEST(ExplainLoo, EqualsExplicitRerunOfEditedHistory) {
    ToyModel model(40, 6, 20, 21);
    std::mt19937_64 rng(5);
    const History h = randomHistory(rng, 40, 9);
    const ItemIndex target = 7;
    const auto loo = explainLeaveOneOut(model, h, target);
    ASSERT_EQ(loo.scores.size(), h.size());
    EXPECT_EQ(loo.baseRank, rankDirect(model, h, target));
    for (size_t t = 0; t < h.size(); ++t) {
        History edited = h;
        edited.erase(edited.begin() + static_cast<std::ptrdiff_t>(t));
        EXPECT_FLOAT_EQ(loo.scores[t], model.scoreTargets({edited}, {target})[0]);
        EXPECT_EQ(loo.ranks[t], rankDirect(model, edited, target));
        EXPECT_FLOAT_EQ(loo.effect[t], loo.baseScore - loo.scores[t]);
    }
}

TEST(ExplainCounterfactual, EverySetDropsTargetAndIsNearBruteForceMinimum) {
    std::mt19937_64 rng(6);
    int cases = 0, found = 0, bruteFound = 0;
    for (int seed = 0; seed < 40; ++seed) {
        ToyModel model(30, 5, 20, 100 + static_cast<std::uint64_t>(seed));
        const History h = randomHistory(rng, 30, 8);
        const auto row = model.scoreAll({h});
        const ItemIndex target = topKOf(row, 1)[0].item;
        ExplainConfig cfg;
        cfg.k = 3;
        cfg.counterfactualBudget = 200;
        const auto loo = explainLeaveOneOut(model, h, target);
        const auto cf = minimalCounterfactual(model, h, target, loo.effect, cfg);
        ++cases;
        // Brute force over all 256 subsets.
        int best = 99;
        for (unsigned mask = 1; mask < 256; ++mask) {
            std::vector<int> pos;
            for (int t = 0; t < 8; ++t)
                if (mask & (1u << t))
                    pos.push_back(t);
            if (static_cast<int>(pos.size()) < best &&
                rankDirect(model, removePositions(h, pos), target) > cfg.k)
                best = static_cast<int>(pos.size());
        }
        if (best < 99)
            ++bruteFound;
        if (!cf.found) {
            EXPECT_FALSE(cf.message.empty());
            continue;
        }
        ++found;
        EXPECT_TRUE(cf.verified);
        const History edited = removePositions(h, cf.removedPositions);
        EXPECT_GT(rankDirect(model, edited, target), cfg.k);
        EXPECT_EQ(rankDirect(model, edited, target), cf.newRank);
        EXPECT_LE(static_cast<int>(cf.removedPositions.size()), best + 1);
        // Pruned: no single removed item can be put back.
        for (size_t i = 0; i < cf.removedPositions.size() && cf.removedPositions.size() > 1; ++i) {
            auto fewer = cf.removedPositions;
            fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
            EXPECT_LE(rankDirect(model, removePositions(h, fewer), target), cfg.k);
        }
        EXPECT_GE(cf.replacement, 0);
    }
    std::cout << "counterfactual: found " << found << " of " << cases << " (brute force "
              << bruteFound << ")\n";
    EXPECT_GE(found * 10, bruteFound * 9); // measured: 40 of 40
    EXPECT_GT(found, 0);
}

TEST(ExplainWhyAbove, RemovalSetPutsBAboveAVerified) {
    ToyModel model(30, 5, 20, 31);
    std::mt19937_64 rng(7);
    int found = 0;
    for (int c = 0; c < 10; ++c) {
        const History h = randomHistory(rng, 30, 8);
        const auto top = topKOf(model.scoreAll({h}), 5);
        ExplainConfig cfg;
        cfg.counterfactualBudget = 200;
        const auto w = whyAbove(model, h, top[0].item, top[4].item, cfg);
        if (!w.found)
            continue;
        ++found;
        const History edited = removePositions(h, w.removedPositions);
        const auto s = model.scoreTargets({edited, edited}, {top[0].item, top[4].item});
        EXPECT_GT(s[1], s[0]);
        EXPECT_TRUE(w.verified);
    }
    EXPECT_GT(found, 0);
}

TEST(ExplainWhatIf, EditsAndRankChangesAreConsistent) {
    ToyModel model(30, 5, 20, 41);
    const History h{1, 2, 3, 4, 5, 6};
    const std::vector<HistoryEdit> edits{{HistoryEdit::Kind::Remove, 0, -1, -1},
                                         {HistoryEdit::Kind::Insert, 5, 9, -1},
                                         {HistoryEdit::Kind::Move, 0, -1, 2},
                                         {HistoryEdit::Kind::Replace, 1, 17, -1}};
    EXPECT_EQ(applyEdits(h, edits, 30), (History{3, 17, 2, 5, 6, 9}));
    EXPECT_THROW(applyEdits(h, {{HistoryEdit::Kind::Remove, 6, -1, -1}}, 30),
                 std::invalid_argument);
    EXPECT_THROW(applyEdits(h, {{HistoryEdit::Kind::Insert, 0, 30, -1}}, 30),
                 std::invalid_argument);
    const auto w = whatIf(model, h, edits, 5, 10);
    ASSERT_EQ(w.after.size(), 10u);
    const auto after = model.scoreAll({w.edited});
    for (const auto& r : w.after)
        EXPECT_EQ(r.rank, rankOf(after, r.item));
    for (const auto& c : w.movedIn) {
        EXPECT_LE(c.newRank, 10);
        EXPECT_GT(c.oldRank, 10);
    }
    for (const auto& c : w.movedOut) {
        EXPECT_GT(c.newRank, 10);
        EXPECT_LE(c.oldRank, 10);
    }
    EXPECT_EQ(w.movedIn.size(), w.movedOut.size());
    EXPECT_EQ(w.targetChange.newRank, rankOf(after, 5));
}

TEST(ExplainAttention, RolloutMatchesExplicitMatrixProduct) {
    AttentionMaps m;
    m.layers = 2;
    m.heads = 2;
    m.length = 3;
    std::mt19937_64 rng(8);
    std::uniform_real_distribution<float> u(0.1f, 1.0f);
    m.weights.assign(2 * 2 * 3 * 3, 0.0f);
    for (int l = 0; l < 2; ++l)
        for (int hd = 0; hd < 2; ++hd)
            for (int q = 0; q < 3; ++q) {
                float s = 0;
                for (int k = 0; k <= q; ++k)
                    s += m.weights[static_cast<size_t>(((l * 2 + hd) * 3 + q) * 3 + k)] = u(rng);
                for (int k = 0; k <= q; ++k)
                    m.weights[static_cast<size_t>(((l * 2 + hd) * 3 + q) * 3 + k)] /= s;
            }
    double a[2][3][3];
    for (int l = 0; l < 2; ++l)
        for (int q = 0; q < 3; ++q)
            for (int k = 0; k < 3; ++k)
                a[l][q][k] = 0.5 * (m.at(l, 0, q, k) + m.at(l, 1, q, k)) / 2.0 * 2.0 / 2.0 +
                             (q == k ? 0.5 : 0.0);
    // rows of 0.5·mean + 0.5·I already sum to 1; product A1 · A0, last row.
    std::vector<double> expect(3, 0.0);
    for (int k = 0; k < 3; ++k)
        for (int j = 0; j < 3; ++j)
            expect[static_cast<size_t>(k)] += a[1][2][j] * a[0][j][k];
    const auto r = attentionRollout(m);
    ASSERT_EQ(r.size(), 3u);
    for (int k = 0; k < 3; ++k)
        EXPECT_NEAR(r[static_cast<size_t>(k)], expect[static_cast<size_t>(k)], 1e-6);
    EXPECT_NEAR(std::accumulate(r.begin(), r.end(), 0.0), 1.0, 1e-6);
}

TEST(ExplainStats, KendallTauAndCurveAuc) {
    EXPECT_FLOAT_EQ(kendallTau({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0f);
    EXPECT_FLOAT_EQ(kendallTau({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0f);
    EXPECT_FLOAT_EQ(kendallTau({1, 1, 1}, {1, 2, 3}), 0.0f);
    // A straight line from full (1) to empty (0) has area 0.5.
    EXPECT_NEAR(normalisedCurveAuc({0, 0.5f, 1}, {3, 2, 1}, 1, 3), 0.5, 1e-6);
    EXPECT_NEAR(normalisedCurveAuc({0, 0.5f, 1}, {3, 1, 1}, 1, 3), 0.25, 1e-6);
}

TEST(ExplainBundle, AllPartsAlignedSerialisedAndCancellable) {
    ToyModel model(30, 5, 10, 51, 3);
    const Dataset ds = toyDataset(30, 20, 12, 9);
    const History h = ds.users[0].sequence; // longer than maxLength: clipped to 10
    ExplainConfig cfg;
    cfg.k = 5;
    const auto b = explain(model, ds, h, -1, cfg);
    ASSERT_EQ(b.history.size(), 10u);
    EXPECT_EQ(b.history.front(), h[2]);
    EXPECT_EQ(b.targetRank, 1);
    for (const char* m : {"attention_rollout", "grad", "grad_x_input", "ig", "loo", "shapley"}) {
        const Attribution* a = b.attribution(m);
        ASSERT_NE(a, nullptr) << m;
        EXPECT_EQ(a->values.size(), b.history.size()) << m;
    }
    ASSERT_TRUE(b.faithfulness);
    EXPECT_EQ(b.faithfulness->methods.size(), 6u);
    for (const auto& f : b.faithfulness->methods) {
        EXPECT_FLOAT_EQ(f.deletionScores.front(), b.targetScore);
        EXPECT_FLOAT_EQ(f.deletionScores.back(), b.faithfulness->scoreEmpty);
        EXPECT_FLOAT_EQ(f.insertionScores.back(), b.targetScore);
        EXPECT_EQ(f.comprehensiveness.size(), 3u);
    }
    EXPECT_EQ(b.faithfulness->heads.size(), 1u);
    ASSERT_TRUE(b.whatIf);
    ASSERT_TRUE(b.counterfactual);
    EXPECT_NE(b.summary.find(std::string("Item ").append(std::to_string(b.target))),
              std::string::npos)
        << b.summary;
    const auto j = explanationToJson(b, ds, "u0");
    for (const char* key : {"user", "history", "target", "attributions", "ig_completeness_error",
                            "counterfactual", "faithfulness", "summary", "timings_ms", "whatif"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["attributions"]["loo"].size(), 10u);
    EXPECT_EQ(j["target"]["item"], ds.items[static_cast<size_t>(b.target)].id);

    std::atomic_int calls = 0; // polled from both of the bundle's workers
    const auto c = explain(model, ds, h, -1, cfg, [&] { return ++calls > 2; });
    EXPECT_TRUE(c.cancelled);
    EXPECT_FALSE(c.faithfulness);
    EXPECT_THROW(explain(model, ds, History{}, -1, cfg), std::invalid_argument);
    EXPECT_THROW(explain(model, ds, h, 30, cfg), std::invalid_argument);
}

TEST(ExplainMerchant, CountsMatchExplicitRanking) {
    ToyModel model(30, 5, 10, 61, 3);
    const Dataset ds = toyDataset(30, 60, 6, 10);
    MerchantConfig cfg;
    cfg.k = 5;
    cfg.batchSize = 16;
    const ItemIndex item = topKOf(model.scoreAll({ds.users[0].sequence}), 1)[0].item;
    int lastDone = -1, lastTotal = -1;
    const auto m = explainItem(model, ds, item, cfg, [&](int d, int t) {
        EXPECT_GE(d, lastDone);
        lastDone = d;
        lastTotal = t;
    });
    EXPECT_EQ(lastDone, lastTotal);
    EXPECT_EQ(m.usersConsidered, 60);
    int inTop = 0;
    for (const auto& u : ds.users)
        inTop += rankDirect(model, u.sequence, item) <= 5 ? 1 : 0;
    EXPECT_EQ(m.inTopK, inTop);
    EXPECT_EQ(std::accumulate(m.rankHistogram.begin(), m.rankHistogram.end(), 0), 60);
    EXPECT_NEAR(m.exposureShare, inTop / (60.0 * 5), 1e-9);
    int driverUsers = 0;
    for (const auto& d : m.drivers) {
        driverUsers += d.users;
        EXPECT_LE(d.verifiedDrops, d.users);
    }
    EXPECT_LE(driverUsers, inTop);
    EXPECT_GT(driverUsers, 0);
    const auto j = merchantToJson(m, ds);
    EXPECT_EQ(j["in_top_k"], inTop);

    MerchantConfig sample = cfg;
    sample.maxUsers = 20;
    const auto s = explainItem(model, ds, item, sample, {}, [] { return true; });
    EXPECT_TRUE(s.cancelled);
    EXPECT_TRUE(s.sampled);
    EXPECT_EQ(m.driverUsers, inTop); // 6-item histories: far inside the default budget
    EXPECT_FALSE(m.driverUsersSampled);
}

TEST(ExplainMerchant, DriverAnalysisStaysWithinItsPositionBudget) {
    ToyModel model(30, 5, 10, 61, 3);
    const Dataset ds = toyDataset(30, 60, 6, 10); // every history: 6 items, 6·7 = 42 positions
    MerchantConfig cfg;
    cfg.k = 10;
    const ItemIndex item = topKOf(model.scoreAll({ds.users[0].sequence}), 1)[0].item;
    const auto all = explainItem(model, ds, item, cfg);
    ASSERT_GT(all.inTopK, 4);
    cfg.maxDriverPositions = 4 * 42; // room for exactly four users
    const auto cut = explainItem(model, ds, item, cfg);
    EXPECT_EQ(cut.inTopK, all.inTopK); // the ranking phase is never cut
    EXPECT_EQ(cut.driverUsers, 4);
    EXPECT_TRUE(cut.driverUsersSampled);
    int counted = 0;
    for (const auto& d : cut.drivers)
        counted += d.users;
    EXPECT_LE(counted, 4);
    cfg.maxDriverPositions = 1; // smaller than one user: still one, never none
    EXPECT_EQ(explainItem(model, ds, item, cfg).driverUsers, 1);
    EXPECT_TRUE(merchantToJson(cut, ds).at("driver_users_sampled").get<bool>());
}

TEST(ExplainConfigJson, RoundTripsAndRejectsWrongTypes) {
    ExplainConfig c;
    c.k = 7;
    c.igBaseline = IgBaseline::MeanItem;
    c.methods.shapley = false;
    c.counterfactualGoal = CounterfactualGoal::ReplaceTop1;
    const auto back = explainConfigFromJson(explainConfigToJson(c));
    EXPECT_EQ(back.k, 7);
    EXPECT_EQ(back.igBaseline, IgBaseline::MeanItem);
    EXPECT_FALSE(back.methods.shapley);
    EXPECT_EQ(back.counterfactualGoal, CounterfactualGoal::ReplaceTop1);
    EXPECT_THROW(explainConfigFromJson(nlohmann::json{{"k", "ten"}}), std::invalid_argument);
    std::vector<std::string> unknown;
    const auto m = parseExplainMethods("loo, ig,bogus", &unknown);
    EXPECT_TRUE(m.loo && m.ig && !m.shapley);
    EXPECT_EQ(unknown, std::vector<std::string>{"bogus"});
}
