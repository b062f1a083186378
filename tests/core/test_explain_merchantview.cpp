// The merchant view merchants act on (issue #15 point 11, #16): the top-K customer list, the
// segment filter, the confidence intervals of a sampled view, the product comparison and the
// merchant what-if, each checked against an independent re-ranking of every customer with a
// plain model.scoreAll call (not the view's batched rows). Toy model: no torch, milliseconds.

#include "explain/explanationjson.h"
#include "explain/merchantjson.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace reclens;
using reclens::test::ToyModel;

namespace {

// Histories of 3..12 items over `items` items in 3 categories.
Dataset mixedDataset(int items, int users, std::uint64_t seed) {
    Dataset ds;
    ds.name = "merchant-toy";
    for (int i = 0; i < items; ++i) {
        Item it;
        it.id = std::string("i").append(std::to_string(i));
        it.title = std::string("Item ").append(std::to_string(i));
        it.category = std::string("cat").append(std::to_string(i % 3));
        ds.items.push_back(it);
    }
    ds.categories = {"cat0", "cat1", "cat2"};
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> len(3, 12), pick(0, items - 1);
    for (int u = 0; u < users; ++u) {
        User us;
        us.id = std::string("u").append(std::to_string(u));
        for (int n = len(rng), t = 0; t < n; ++t)
            us.sequence.push_back(pick(rng));
        ds.users.push_back(us);
    }
    return ds;
}

// The independent check: one fresh scoreAll row per customer.
int freshRank(const SequenceModel& model, const History& h, ItemIndex item) {
    return rankOf(model.scoreAll({clipHistory(h, model.maxLength())}), item);
}

struct Fixture {
    ToyModel model{30, 5, 16, 61, 3};
    Dataset ds = mixedDataset(30, 240, 7);
    // A product in the top-10 of a fair share of customers, so the figures are not all zero.
    ItemIndex item = topKOf(model.scoreAll({ds.users[0].sequence}), 1)[0].item;
};

} // namespace

TEST(MerchantView, CustomerListRanksEqualAFreshForwardPassPerCustomer) {
    Fixture f;
    MerchantConfig cfg;
    cfg.batchSize = 32;
    const auto m = explainItem(f.model, f.ds, f.item, cfg);
    ASSERT_GT(m.inTopK, 3);
    ASSERT_EQ(static_cast<int>(m.customers.size()), m.inTopK);
    EXPECT_FALSE(m.customersCapped);
    for (size_t i = 0; i < m.customers.size(); ++i) {
        const MerchantCustomer& c = m.customers[i];
        const History& h = f.ds.users[static_cast<size_t>(c.user)].sequence;
        EXPECT_EQ(c.rank, freshRank(f.model, h, f.item)) << "customer " << c.user;
        EXPECT_LE(c.rank, cfg.k);
        EXPECT_EQ(c.historyLength, static_cast<int>(h.size()));
        if (i > 0) {
            EXPECT_LE(m.customers[i - 1].rank, c.rank); // best first
        }
    }
    cfg.maxCustomers = 3;
    const auto capped = explainItem(f.model, f.ds, f.item, cfg);
    ASSERT_EQ(capped.customers.size(), 3u);
    EXPECT_TRUE(capped.customersCapped);
    EXPECT_EQ(capped.customers[0].user, m.customers[0].user);
    const auto j = merchantToJson(capped, f.ds);
    EXPECT_EQ(j["customers"].size(), 3u);
    EXPECT_TRUE(j["customers_capped"].get<bool>());
    EXPECT_TRUE(j["confidence"].is_null()); // everyone scored: exact, no interval
}

TEST(MerchantView, SampledIntervalsContainTheFullPopulationValue) {
    Fixture f;
    MerchantConfig cfg;
    const auto full = explainItem(f.model, f.ds, f.item, cfg);
    EXPECT_FALSE(full.sampled);
    EXPECT_DOUBLE_EQ(full.topKShareCi.lo, full.topKShare);
    cfg.maxUsers = 90;
    cfg.seed = 42;
    const auto s = explainItem(f.model, f.ds, f.item, cfg);
    ASSERT_TRUE(s.sampled);
    EXPECT_EQ(s.usersConsidered, 90);
    EXPECT_EQ(s.usersEligible, 240);
    EXPECT_GT(s.topKShareCi.hi - s.topKShareCi.lo, 0.01); // a real interval, not a point
    EXPECT_TRUE(s.topKShareCi.contains(s.topKShare));
    EXPECT_TRUE(s.topKShareCi.contains(full.topKShare))
        << full.topKShare << " not in [" << s.topKShareCi.lo << ", " << s.topKShareCi.hi << "]";
    EXPECT_TRUE(s.exposureShareCi.contains(full.exposureShare));
    EXPECT_TRUE(s.meanRankCi.contains(full.meanRank))
        << full.meanRank << " not in [" << s.meanRankCi.lo << ", " << s.meanRankCi.hi << "]";
    const auto j = merchantToJson(s, f.ds);
    EXPECT_EQ(j["confidence"]["top_k_share"][0].get<double>(), s.topKShareCi.lo);
    EXPECT_NE(j["summary_sentence"].get<std::string>().find("seed 42"), std::string::npos);
}

TEST(MerchantView, SegmentRestrictsTheCustomersConsidered) {
    Fixture f;
    MerchantConfig cfg;
    cfg.segment.minHistoryLength = 5;
    cfg.segment.maxHistoryLength = 8;
    cfg.segment.category = "cat1";
    int expected = 0, expectedInTop = 0;
    for (const User& u : f.ds.users) {
        const int n = static_cast<int>(u.sequence.size());
        const bool bought = std::any_of(u.sequence.begin(), u.sequence.end(),
                                        [](ItemIndex i) { return i % 3 == 1; });
        if (n >= 5 && n <= 8 && bought) {
            ++expected;
            expectedInTop += freshRank(f.model, u.sequence, f.item) <= cfg.k ? 1 : 0;
        }
    }
    const auto m = explainItem(f.model, f.ds, f.item, cfg);
    ASSERT_GT(expected, 10);
    ASSERT_LT(expected, 240);
    EXPECT_EQ(m.usersEligible, expected);
    EXPECT_EQ(m.usersConsidered, expected);
    EXPECT_EQ(m.inTopK, expectedInTop);
    for (const MerchantCustomer& c : m.customers) {
        EXPECT_GE(c.historyLength, 5);
        EXPECT_LE(c.historyLength, 8);
    }
}

TEST(MerchantView, ComparisonCountsAgreeWithTheTwoRankLists) {
    Fixture f;
    MerchantConfig cfg;
    cfg.compareWith = (f.item + 7) % 30;
    cfg.maxUsers = 120; // the comparison runs over the same sample
    const auto m = explainItem(f.model, f.ds, f.item, cfg);
    ASSERT_TRUE(m.comparison);
    const MerchantComparison& c = *m.comparison;
    EXPECT_EQ(c.itemAhead + c.otherAhead + c.tied, m.usersConsidered);
    // Re-rank both products for everyone; the sample is the customers of a run without the
    // comparison (same seed), so the same customers.
    MerchantConfig plain = cfg;
    plain.compareWith = -1;
    plain.maxCustomers = 1000;
    plain.k = 30; // every customer listed, so the sample is visible
    const auto all = explainItem(f.model, f.ds, f.item, plain);
    ASSERT_EQ(static_cast<int>(all.customers.size()), m.usersConsidered);
    int ahead = 0, behind = 0, otherTop = 0;
    for (const MerchantCustomer& u : all.customers) {
        const History& h = f.ds.users[static_cast<size_t>(u.user)].sequence;
        const int a = freshRank(f.model, h, f.item), b = freshRank(f.model, h, c.other);
        ahead += a < b ? 1 : 0;
        behind += b < a ? 1 : 0;
        otherTop += b <= cfg.k ? 1 : 0;
    }
    EXPECT_EQ(c.itemAhead, ahead);
    EXPECT_EQ(c.otherAhead, behind);
    EXPECT_EQ(c.otherInTopK, otherTop);
    EXPECT_GT(ahead + behind, 0);
}

// Regression (exclude-bought asymmetry): the analysed product used to stay a candidate for a
// customer who bought it while the compared one was masked out for a customer who bought it,
// so the comparison counted such customers for the analysed product. Both are kept now.
TEST(MerchantView, ExcludeBoughtComparisonRanksBothProductsAmongTheSameCandidates) {
    Fixture f;
    const ItemIndex a = f.item, b = (f.item + 7) % 30;
    MerchantConfig ab;
    ab.compareWith = b;
    MerchantConfig ba = ab;
    ba.compareWith = a;
    const auto mAb = explainItem(merchantCandidateModel(f.model, a, ab, true), f.ds, a, ab);
    const auto mBa = explainItem(merchantCandidateModel(f.model, b, ba, true), f.ds, b, ba);
    ASSERT_TRUE(mAb.comparison && mBa.comparison);
    // Swapping the two products swaps the counts.
    EXPECT_EQ(mAb.comparison->itemAhead, mBa.comparison->otherAhead);
    EXPECT_EQ(mAb.comparison->otherAhead, mBa.comparison->itemAhead);
    EXPECT_EQ(mAb.comparison->tied, mBa.comparison->tied);
    EXPECT_EQ(mAb.comparison->otherInTopK, mBa.inTopK);
    // And they equal fresh ranks among each customer's not-bought products plus the two.
    int ahead = 0, behind = 0, boughtOne = 0;
    for (const User& u : f.ds.users) {
        if (u.sequence.empty())
            continue;
        History excluded;
        for (ItemIndex i : u.sequence)
            if (i != a && i != b)
                excluded.push_back(i);
        boughtOne += excluded.size() < u.sequence.size() ? 1 : 0;
        const CandidateFilterModel candidates(f.model, excluded);
        const int ra = freshRank(candidates, u.sequence, a);
        const int rb = freshRank(candidates, u.sequence, b);
        ahead += ra < rb ? 1 : 0;
        behind += rb < ra ? 1 : 0;
    }
    EXPECT_GT(boughtOne, 0); // customers who bought one of the two are what this guards
    EXPECT_EQ(mAb.comparison->itemAhead, ahead);
    EXPECT_EQ(mAb.comparison->otherAhead, behind);
}

TEST(MerchantView, WhatIfCountsEqualFreshForwardPasses) {
    Fixture f;
    MerchantConfig cfg;
    cfg.segment.maxHistoryLength = 6;
    cfg.whatIfAdd = (f.item + 1) % 30;
    const auto m = explainItem(f.model, f.ds, f.item, cfg);
    ASSERT_TRUE(m.whatIf);
    const MerchantWhatIf& w = *m.whatIf;
    EXPECT_EQ(w.users, m.usersConsidered);
    EXPECT_FALSE(w.usersSampled);
    int before = 0, after = 0, improved = 0, users = 0;
    for (const User& u : f.ds.users) {
        if (u.sequence.size() > 6)
            continue;
        ++users;
        History edited = u.sequence;
        edited.push_back(cfg.whatIfAdd);
        const int r0 = freshRank(f.model, u.sequence, f.item);
        const int r1 = freshRank(f.model, edited, f.item);
        before += r0 <= cfg.k ? 1 : 0;
        after += r1 <= cfg.k ? 1 : 0;
        improved += r1 < r0 ? 1 : 0;
    }
    EXPECT_EQ(w.users, users);
    EXPECT_EQ(w.inTopKBefore, before);
    EXPECT_EQ(w.inTopKAfter, after);
    EXPECT_EQ(w.improved, improved);
    cfg.whatIfMaxUsers = 10;
    const auto few = explainItem(f.model, f.ds, f.item, cfg);
    EXPECT_EQ(few.whatIf->users, 10);
    EXPECT_TRUE(few.whatIf->usersSampled);
}

TEST(MerchantView, SentenceSaysMoreOrLessExposedFromTheFigures) {
    Fixture f;
    MerchantExplanation m;
    m.item = 3;
    m.k = 10;
    m.usersConsidered = m.usersEligible = 200;
    m.inTopK = 6;
    m.topKShare = 0.03;
    m.exposureShare = 0.003;
    m.popularityShare = 0.0015;
    m.exposureLift = 2.0;
    m.driverUsers = 6;
    m.drivers = {{5, 4, 3, 0.5f}};
    std::string s = merchantSummarySentence(m, f.ds);
    EXPECT_NE(s.find("Ranks in the top 10 for 3.00 % of customers"), std::string::npos) << s;
    EXPECT_NE(s.find("2.00 times its share of purchases (more exposed than bought)"),
              std::string::npos)
        << s;
    EXPECT_NE(s.find("mostly pushed there by Item 5 (the strongest purchase for 4 of 6"),
              std::string::npos)
        << s;
    EXPECT_NE(s.find("drops it out for 3)"), std::string::npos) << s;
    EXPECT_EQ(s.find("CI"), std::string::npos); // exact: no interval claimed

    m.popularityShare = 0.0075;
    m.exposureLift = 0.4;
    m.sampled = true;
    m.usersEligible = 4000;
    m.topKShareCi = {0.012, 0.061};
    s = merchantSummarySentence(m, f.ds);
    EXPECT_NE(s.find("0.40 times its share of purchases (less exposed than bought)"),
              std::string::npos)
        << s;
    EXPECT_NE(s.find("95 % CI 1.20 % to 6.10 %, seeded sample of 200 of 4,000 customers"),
              std::string::npos)
        << s;
}
