// Prefix sharing in SASRec scoring (core/model/prefixsharing.h): the plan covers every row
// once and only shares positions rows really agree on, and scores computed from a shared
// prefix equal the ordinary forward's (sharing off) on explanation-shaped batches.

#include "explain/explainmethods.h"
#include "model/fastattention.h"
#include "model/prefixsharing.h"
#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

using namespace reclens;

namespace {

/// Restores the default (sharing on) even when an assertion fails.
struct SharingSwitch {
    explicit SharingSwitch(bool on) { setPrefixSharingEnabled(on); }
    ~SharingSwitch() { setPrefixSharingEnabled(true); }
};

/// Keys of padded rows of length t: a history, its in-place occlusions (key −1) and, padded by
/// one on the left, its single removals (as SasRecModel pads them in one batch).
std::vector<std::vector<std::int64_t>> explanationRows(size_t t, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::int64_t> h(t);
    for (auto& x : h)
        x = static_cast<std::int64_t>(rng() % 1000) + 2;
    std::vector<std::vector<std::int64_t>> rows{h};
    for (size_t p = 0; p < t; ++p) {
        auto removed = h;
        removed.erase(removed.begin() + static_cast<std::ptrdiff_t>(p));
        removed.insert(removed.begin(), 0);
        rows.push_back(removed);
        auto occluded = h;
        occluded[p] = -1;
        rows.push_back(occluded);
    }
    return rows;
}

size_t commonPrefix(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    return static_cast<size_t>(std::mismatch(a.begin(), a.end(), b.begin()).first - a.begin());
}

/// Checks the plan's invariants; returns the positions it computes.
size_t checkPlan(const PrefixPlan& plan, const std::vector<std::vector<std::int64_t>>& rows,
                 size_t t) {
    std::multiset<size_t> seen(plan.plainRows.begin(), plan.plainRows.end());
    size_t computed = plan.plainRows.size() * t;
    for (const auto& f : plan.families) {
        computed += t; // the base's keys and values
        for (const auto& g : f.groups) {
            EXPECT_GE(g.suffix, 1);
            EXPECT_LE(g.suffix, static_cast<std::int64_t>(t));
            for (size_t r : g.rows) {
                seen.insert(r);
                // The positions taken from the base must be the row's own.
                EXPECT_GE(commonPrefix(rows[r], rows[f.base]), t - static_cast<size_t>(g.suffix))
                    << "row " << r << " base " << f.base;
                computed += static_cast<size_t>(g.suffix);
            }
        }
    }
    EXPECT_EQ(seen.size(), rows.size());
    for (size_t r = 0; r < rows.size(); ++r)
        EXPECT_EQ(seen.count(r), 1u) << "row " << r;
    return computed;
}

std::vector<std::int64_t> flat(const std::vector<std::vector<std::int64_t>>& rows) {
    std::vector<std::int64_t> keys;
    for (const auto& r : rows)
        keys.insert(keys.end(), r.begin(), r.end());
    return keys;
}

} // namespace

TEST(PrefixSharing, PlanSharesTheRemovalsAndOcclusionsPrefixes) {
    const size_t t = 60;
    auto rows = explanationRows(t, 7);
    std::shuffle(rows.begin(), rows.end(), std::mt19937_64(3)); // order must not matter
    const PrefixPlan plan = planPrefixSharing(flat(rows), rows.size(), t);
    ASSERT_GE(plan.families.size(), 2u); // occlusions around the history, removals apart
    const size_t computed = checkPlan(plan, rows, t);
    // A row that differs at position p needs t − p positions: about half of all on average.
    EXPECT_LT(static_cast<double>(computed), 0.65 * static_cast<double>(rows.size() * t));
}

TEST(PrefixSharing, UnrelatedRowsStayPlain) {
    std::mt19937_64 rng(5);
    const size_t t = 40, n = 50;
    std::vector<std::vector<std::int64_t>> rows(n, std::vector<std::int64_t>(t));
    for (auto& r : rows)
        for (auto& x : r)
            x = static_cast<std::int64_t>(rng() % 500);
    const PrefixPlan plan = planPrefixSharing(flat(rows), n, t);
    EXPECT_TRUE(plan.families.empty());
    EXPECT_EQ(checkPlan(plan, rows, t), n * t);
    // Malformed input: nothing shared, every row still scored.
    EXPECT_EQ(planPrefixSharing({1, 2, 3}, n, t).plainRows.size(), n);
}

TEST(PrefixSharing, ScoresEqualTheOrdinaryForwardOnExplanationBatches) {
    const auto ds = test::randomDataset(60, 10, 11);
    for (const int layers : {1, 2, 3}) {
        ModelConfig cfg;
        cfg.maxLength = 100;
        cfg.dim = 16;
        cfg.heads = 2;
        cfg.layers = layers;
        cfg.useCategory = true;
        auto m = SasRecModel::create(ds, cfg, 5);
        ASSERT_TRUE(m.ok());
        const SasRecModel& model = *m;
        // A history longer than the model's maximum (its last 100 count), every removal and
        // occlusion of it, and rows that share nothing, of several lengths, and the empty one.
        History h;
        for (int i = 0; i < 105; ++i)
            h.push_back((i * 17 + 3) % 60);
        std::vector<History> batch{h};
        for (size_t p = 5; p < h.size(); ++p) {
            batch.push_back(removePositions(h, {static_cast<int>(p)}));
            History occluded = h;
            occluded[p] = kMaskedSlot;
            batch.push_back(occluded);
        }
        batch.push_back({});
        batch.push_back({1, 2, 3});
        for (int r = 0; r < 6; ++r) {
            History other;
            for (int i = 0; i < 70 + 5 * r; ++i)
                other.push_back((i * 7 + r * 13) % 60);
            batch.push_back(other);
        }
        std::vector<ItemIndex> targets;
        for (size_t r = 0; r < batch.size(); ++r)
            targets.push_back(static_cast<ItemIndex>((r * 11) % 60));
        std::vector<float> plainAll, plainTargets;
        {
            SharingSwitch off(false);
            plainAll = model.scoreAll(batch);
            plainTargets = model.scoreTargets(batch, targets);
        }
        const auto before = prefixSharedRows();
        const auto sharedAll = model.scoreAll(batch);
        const auto sharedTargets = model.scoreTargets(batch, targets);
        EXPECT_GT(prefixSharedRows() - before, batch.size()) << layers << " layers";
        ASSERT_EQ(sharedAll.size(), plainAll.size());
        double worst = 0;
        for (size_t i = 0; i < plainAll.size(); ++i)
            worst = std::max(worst, static_cast<double>(std::fabs(sharedAll[i] - plainAll[i])) /
                                        std::max(1.0, static_cast<double>(std::fabs(plainAll[i]))));
        EXPECT_LT(worst, 1e-4) << layers << " layers";
        for (size_t r = 0; r < batch.size(); ++r)
            EXPECT_NEAR(sharedTargets[r], plainTargets[r],
                        1e-4 * std::max(1.0f, std::fabs(plainTargets[r])))
                << "row " << r << ", " << layers << " layers";
    }
}
