// The merchant side of search (search/searchmerchant.h): every per-query count equals what
// fresh SearchModel::scoreAll passes of each logged (customer, query) give, with the history
// and the grouping rebuilt here; the purchase lifts equal explicit re-runs without the purchase.

#include "data/querylog.h"
#include "search/searchmerchant.h"
#include "search/searchmerchantjson.h"
#include "searchshopfixture.h"
#include "testdata.h"
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <map>

using namespace reclens;
using namespace reclens::search;

namespace {

using Shop = test::SearchShop;

/// A small planted search shop and a briefly trained tiny search model, built once.
const Shop& shop() {
    static const Shop s = test::buildSearchShop({"search_merchant", 90, 50, 1, 3, 2});
    return s;
}

/// The item most often logged as the end of a search.
ItemIndex mostSearchedItem(const QueryLog& log) {
    std::map<ItemIndex, int> count;
    for (const auto& r : log.records)
        ++count[r.item];
    return std::max_element(count.begin(), count.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

/// Fresh score and strict rank (1 + items scored higher) of `item` for one request.
std::pair<float, int> fresh(const SearchModel& m, const SearchRequest& r, ItemIndex item) {
    const auto s = m.scoreAll({r});
    const float v = s.scores[static_cast<std::size_t>(item)];
    int above = 0;
    for (float x : s.scores)
        above += x > v ? 1 : 0;
    return {v, above + 1};
}

std::string joined(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words)
        s += (s.empty() ? "" : " ") + w;
    return s;
}

} // namespace

TEST(SearchMerchant, PerQueryCountsEqualFreshForwardPassesOfEveryLoggedSearch) {
    const Shop& s = shop();
    const SearchModel& model = *s.model;
    const ItemIndex item = mostSearchedItem(s.log);
    SearchMerchantConfig cfg;
    cfg.k = 10;
    cfg.maxSearches = 0;
    cfg.batchSize = 37; // batches that cut across queries and history lengths
    cfg.maxFailingQueries = 0;
    const auto m = explainItemSearches(model, s.ds, s.log, item, cfg);
    ASSERT_FALSE(m.sampled);
    ASSERT_EQ(m.searchesAnalysed, static_cast<int>(s.log.records.size()));

    struct Expect {
        int searches = 0, inTopK = 0, best = 1 << 30;
        double rankSum = 0;
    };
    std::map<std::string, Expect> expected;
    int inTopK = 0;
    for (const QueryRecord& r : s.log.records) {
        const History& seq = s.ds.users[static_cast<std::size_t>(r.user)].sequence;
        SearchRequest req{History(seq.begin(), seq.begin() + r.position),
                          model.encodeQuery(r.query).ids};
        const int rank = fresh(model, req, item).second;
        Expect& e = expected[joined(text::tokenize(r.query))];
        ++e.searches;
        e.inTopK += rank <= cfg.k ? 1 : 0;
        inTopK += rank <= cfg.k ? 1 : 0;
        e.best = std::min(e.best, rank);
        e.rankSum += rank;
    }
    ASSERT_EQ(m.queries.size(), expected.size());
    EXPECT_EQ(m.inTopK, inTopK);
    EXPECT_GT(inTopK, 0) << "the planted item never reaches a top-10: the test checks nothing";
    for (const QuerySearchStats& q : m.queries) {
        ASSERT_TRUE(expected.count(q.query)) << q.query;
        const Expect& e = expected.at(q.query);
        EXPECT_EQ(q.searches, e.searches) << q.query;
        EXPECT_EQ(q.inTopK, e.inTopK) << q.query;
        EXPECT_EQ(q.bestRank, e.best) << q.query;
        EXPECT_NEAR(q.meanRank, e.rankSum / e.searches, 1e-9) << q.query;
        int histogram = 0;
        for (int c : q.rankHistogram)
            histogram += c;
        EXPECT_EQ(histogram, q.searches) << q.query;
        EXPECT_EQ(q.fails, q.topKShare < cfg.failShare);
    }
    // Most searched first.
    for (std::size_t i = 1; i < m.queries.size(); ++i)
        EXPECT_GE(m.queries[i - 1].searches, m.queries[i].searches);

    // A seeded cap: the same sample twice, flagged as sampled.
    cfg.maxSearches = 25;
    const auto a = explainItemSearches(model, s.ds, s.log, item, cfg);
    const auto b = explainItemSearches(model, s.ds, s.log, item, cfg);
    EXPECT_TRUE(a.sampled);
    EXPECT_EQ(a.searchesAnalysed, 25);
    EXPECT_EQ(searchMerchantToJson(a, s.ds)["queries"], searchMerchantToJson(b, s.ds)["queries"]);
}

TEST(SearchMerchant, PurchaseLiftsEqualExplicitRerunsWithoutThePurchase) {
    const Shop& s = shop();
    const SearchModel& model = *s.model;
    const ItemIndex item = mostSearchedItem(s.log);
    SearchMerchantConfig cfg;
    cfg.maxSearches = 0;
    cfg.failShare = 1.0; // every query short of a perfect top-K share is analysed
    cfg.maxFailingQueries = 2;
    cfg.maxLooSearches = 0; // all of its searches, so the re-run below covers the same ones
    cfg.topLifts = 100;
    const auto m = explainItemSearches(model, s.ds, s.log, item, cfg);
    int checked = 0;
    for (const QuerySearchStats& q : m.queries) {
        if (q.liftSearches == 0)
            continue;
        for (const PurchaseLift& lift : q.lifts) {
            // Independently: every search of this query whose history holds the purchase,
            // re-scored without it (each occurrence; the largest drop counts).
            int searches = 0;
            double sum = 0;
            for (const QueryRecord& r : s.log.records) {
                if (joined(text::tokenize(r.query)) != q.query)
                    continue;
                const History& seq = s.ds.users[static_cast<std::size_t>(r.user)].sequence;
                History h(seq.begin(), seq.begin() + r.position);
                if (h.size() > static_cast<std::size_t>(model.maxLength()))
                    h.erase(h.begin(), h.end() - model.maxLength());
                const auto words = model.encodeQuery(r.query).ids;
                const float base = fresh(model, {h, words}, item).first;
                double best = -1e30;
                for (std::size_t t = 0; t < h.size(); ++t) {
                    if (h[t] != lift.item)
                        continue;
                    History without = h;
                    without.erase(without.begin() + static_cast<std::ptrdiff_t>(t));
                    best = std::max(best, static_cast<double>(
                                              base - fresh(model, {without, words}, item).first));
                }
                if (best > -1e29) {
                    ++searches;
                    sum += best;
                }
            }
            EXPECT_EQ(lift.searches, searches) << q.query;
            ASSERT_GT(searches, 0);
            EXPECT_NEAR(lift.meanScoreLift, sum / searches, 2e-3) << q.query;
            EXPECT_GT(lift.meanScoreLift, 0.0f);
            ++checked;
        }
    }
    EXPECT_GT(checked, 0) << "no lift was reported: the test checks nothing";
}
