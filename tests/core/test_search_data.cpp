// Search-mode data: the query-log importer's matching and drop policy, make-queries (the HEM
// protocol: category paths, root dropped, title words by document frequency, deterministic)
// and BM25.

#include "data/importers.h"
#include "data/querylog.h"
#include "search/bm25.h"
#include "search/makequeries.h"
#include "search/searcheval.h"
#include "testdata.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace reclens;

namespace {

Dataset shop(bool withCategories) {
    Dataset ds;
    ds.name = "test";
    const char* titles[] = {"Red Paper Bag", "Blue Paper Bag",       "Vanilla Candle Large",
                            "Rose Candle",   "Sanding Roll 80 Grit", "Paper Bag Jumbo Zebra"};
    const char* cats[] = {"Shop > Bags > Paper Bags", "Shop > Bags > Paper Bags",
                          "Shop > Home > Candles",    "Shop > Home > Candles",
                          "Shop > Tools & Sanding",   "Shop > Bags > Paper Bags"};
    for (int i = 0; i < 6; ++i) {
        Item it;
        it.id = "i" + std::to_string(i);
        it.title = titles[i];
        if (withCategories)
            it.category = cats[i];
        ds.items.push_back(it);
    }
    ds.users.push_back({"u0", {0, 2, 0, 4}, {10, 20, 30, 40}});
    ds.users.push_back({"u1", {3, 1, 5}, {5, 6, 7}});
    applyLeaveOneOutSplit(ds);
    ds.finalize();
    return ds;
}

std::string writeLog(const std::string& name, const std::string& text) {
    const auto dir = test::scratchDir(name);
    const auto path = dir + "/queries.csv";
    test::writeFile(path, text);
    return path;
}

} // namespace

TEST(QueryLog, MatchesEachRowToTheNearestUnclaimedPurchase) {
    const Dataset ds = shop(true);
    const auto path = writeLog("qlog_match", "\xEF\xBB\xBFuser,query,item,timestamp\r\n"
                                             "u0,paper bag,i0,29\r\n"
                                             "u0,\"bag, red\",i0,0\r\n"
                                             "u1,rose candle,i3,5\r\n");
    auto log = loadQueryLog(path, ds);
    ASSERT_TRUE(log.ok()) << log.error().message;
    ASSERT_EQ(log->records.size(), 3u);
    // Sorted by (user, position): the second row claims the purchase at time 10 because the
    // first already took the nearer one at time 30.
    EXPECT_EQ(log->records[0].position, 0);
    EXPECT_EQ(log->records[0].query, "bag, red");
    EXPECT_EQ(log->records[1].position, 2);
    EXPECT_EQ(log->records[1].line, 2);
    EXPECT_EQ(log->find(0, 2), 1);
    EXPECT_EQ(log->find(0, 1), -1);
    EXPECT_EQ(log->cleanup.rowsKept, 3);
}

TEST(QueryLog, UnknownUsersAndPurchasesAreCountedDropsMalformedRowsAreErrors) {
    const Dataset ds = shop(true);
    auto log = loadQueryLog(writeLog("qlog_drop", "user,query,item\n"
                                                  "u0,candle,i2\n"
                                                  "nobody,candle,i2\n"
                                                  "u1,candle,i2\n"
                                                  "u0,roll,i4\n"
                                                  "u0,roll,i4\n"),
                            ds);
    ASSERT_TRUE(log.ok()) << log.error().message;
    EXPECT_EQ(log->cleanup.rowsRead, 5);
    EXPECT_EQ(log->cleanup.rowsKept, 2);
    EXPECT_EQ(log->cleanup.missingUser, 1);
    EXPECT_EQ(log->cleanup.other, 2); // u1 never bought i2; u0 bought i4 once, searched twice
    EXPECT_EQ(log->cleanup.notes.size(), 3u);

    auto empty = loadQueryLog(writeLog("qlog_empty", "user,query,item\nu0,  ,i2\n"), ds);
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().message.find("queries.csv:2:4: empty query; expected"),
              std::string::npos)
        << empty.error().message;
    QueryLogOptions renamed;
    renamed.queryColumn = "search";
    auto noColumn = loadQueryLog(writeLog("qlog_col", "user,query,item\nu0,a,i2\n"), ds, renamed);
    ASSERT_FALSE(noColumn.ok());
    EXPECT_NE(noColumn.error().message.find("no column 'search'"), std::string::npos);
    auto ok = loadQueryLog(writeLog("qlog_col2", "user,search,item\nu0,a,i2\n"), ds, renamed);
    EXPECT_TRUE(ok.ok());
}

TEST(MakeQueries, CategoryPathsLoseTheSharedRootStopWordsAndRepeats) {
    const Dataset ds = shop(true);
    search::MakeQueriesResult stats;
    const auto q = search::itemQueries(ds, {}, &stats);
    EXPECT_EQ(stats.source, search::QuerySource::Category);
    EXPECT_EQ(stats.root, "shop");
    EXPECT_EQ(q[0], "bags paper");
    EXPECT_EQ(q[2], "home candles");
    EXPECT_EQ(q[4], "tools sanding");
    const auto r = search::makeQueries(ds);
    EXPECT_EQ(r.purchases, 7);
    EXPECT_EQ(r.records.size(), 7u);
    EXPECT_EQ(r.distinctQueries, 3);
}

TEST(MakeQueries, TitleQueriesUseTheMostCommonWordsNeverRareOnesAndAreDeterministic) {
    const Dataset ds = shop(false);
    search::MakeQueriesConfig cfg;
    cfg.minDocFreq = 2;
    search::MakeQueriesResult stats;
    const auto q = search::itemQueries(ds, cfg, &stats);
    EXPECT_EQ(stats.source, search::QuerySource::Title);
    // paper and bag occur in 3 titles, candle in 2; zebra, jumbo, red, vanilla only once.
    EXPECT_EQ(q[0], "paper bag");
    EXPECT_EQ(q[5], "paper bag");
    EXPECT_EQ(q[3], "candle");
    EXPECT_EQ(q[4], ""); // no word of "Sanding Roll 80 Grit" is common: no query
    const auto a = search::makeQueries(ds, cfg);
    const auto b = search::makeQueries(ds, cfg);
    ASSERT_EQ(a.records.size(), b.records.size());
    for (std::size_t i = 0; i < a.records.size(); ++i)
        EXPECT_EQ(a.records[i].query, b.records[i].query);
    EXPECT_EQ(a.withoutQuery, 1);
}

TEST(MakeQueries, WrittenLogReadsBackToTheSamePurchases) {
    const Dataset ds = shop(true);
    const auto made = search::makeQueries(ds);
    const auto path = test::scratchDir("qlog_roundtrip") + "/q.csv";
    ASSERT_TRUE(writeQueryLog(path, ds, made.records).ok());
    auto log = loadQueryLog(path, ds);
    ASSERT_TRUE(log.ok()) << log.error().message;
    ASSERT_EQ(log->records.size(), made.records.size());
    for (std::size_t i = 0; i < made.records.size(); ++i) {
        EXPECT_EQ(log->records[i].position, made.records[i].position);
        EXPECT_EQ(log->records[i].query, made.records[i].query);
    }
}

TEST(Bm25, ScoresFollowRobertsonZaragozaAndMatchesAreReported) {
    const Dataset ds = shop(true);
    search::Bm25Config cfg;
    cfg.tieBreakSeed = 0;
    const search::Bm25Index bm(ds, cfg);
    const auto s = bm.scoreAll({"candle", "rose"});
    // Hand computation for item 3 ("Rose Candle" + "Shop Home Candles": 5 words).
    double total = 0;
    for (const auto& it : ds.items)
        total += static_cast<double>(search::itemWords(it).size());
    const double avg = total / 6.0;
    auto idf = [](double n) {
        return std::log(1.0 + (6.0 - n + 0.5) / (n + 0.5));
    };
    const double norm = 1.0 - 0.75 + 0.75 * 5.0 / avg;
    const double expect = idf(2) * 2.2 / (1 + 1.2 * norm) + idf(1) * 2.2 / (1 + 1.2 * norm);
    EXPECT_NEAR(s[3], expect, 1e-5);
    EXPECT_GT(s[3], s[2]);
    EXPECT_EQ(s[0], 0.0f);
    EXPECT_EQ(search::lexicalMatches({"rose", "bag", "candle", "rose"}, ds.items[3]),
              (std::vector<std::string>{"rose", "candle"}));
    // The seeded tie-break orders equal scores without changing any order BM25 decides.
    const search::Bm25Index tied(ds);
    const auto t = tied.scoreAll({"paper"});
    EXPECT_NE(t[0], t[1]);
    EXPECT_GT(std::min(t[0], t[1]), t[2]);
}

TEST(MakeQueries, AmazonScientificGivesTheDocumentedCountsAndBm25Calibration) {
    const std::string dir = test::realDataPath("amazon-scientific-unisrec");
    ASSERT_FALSE(dir.empty());
    auto ds = loadDataset(dir);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    const auto made = search::makeQueries(*ds);
    // The figures of docs/DATA.md and docs/BENCHMARKS.md.
    EXPECT_EQ(made.source, search::QuerySource::Category);
    EXPECT_EQ(made.root, "industrial scientific");
    EXPECT_EQ(made.purchases, 59384);
    EXPECT_EQ(made.records.size(), 57804u);
    EXPECT_EQ(made.withoutQuery, 1580);
    EXPECT_NEAR(made.meanWords, 5.96, 0.01);
    QueryLog log;
    log.datasetFingerprint = ds->fingerprint;
    log.records = made.records;
    search::SearchEvalConfig ec;
    ec.maxUsers = 1500;
    const auto e = search::evaluateSearch(*ds, log, nullptr, nullptr, ec);
    ASSERT_EQ(e.rankers.size(), 1u);
    EXPECT_EQ(e.rankers[0].name, "bm25");
    // Measured 0.2946 (BENCHMARKS.md); the calibration says about 0.31.
    EXPECT_NEAR(e.rankers[0].metrics.at("ndcg@10"), 0.2946, 0.0005);
}
