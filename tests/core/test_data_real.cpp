// Importers on the real datasets in $RECLENS_DATA_DIR; the counts were verified independently
// (Python csv module) and against each folder's SOURCE.md.

#include "data/importers.h"
#include "testdata.h"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>

using namespace reclens;

namespace {

const Item& itemById(const Dataset& ds, const std::string& id) {
    const ItemIndex i = ds.findItem(id);
    EXPECT_GE(i, 0) << id;
    return ds.items.at(static_cast<std::size_t>(std::max(i, 0)));
}

void expectChronological(const Dataset& ds) {
    for (const auto& u : ds.users) {
        ASSERT_EQ(u.times.size(), u.sequence.size()) << u.id;
        for (std::size_t p = 1; p < u.times.size(); ++p)
            ASSERT_LE(u.times[p - 1], u.times[p]) << u.id;
    }
}

} // namespace

TEST(DataUciRetail, FullGzipCountsAndCleanup) {
    const std::string path = test::realDataPath("uci-online-retail/online_retail.csv.gz");
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(*detectFormat(path), DataFormat::UciRetail);
    const auto start = std::chrono::steady_clock::now();
    auto ds = loadDataset(path);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->name, "uci-online-retail");
    const auto& c = ds->cleanup;
    EXPECT_EQ(c.rowsRead, 541909);
    EXPECT_EQ(c.missingUser, 135080);
    EXPECT_EQ(c.cancellations, 8905);
    EXPECT_EQ(c.nonPositiveQuantity, 0); // every Quantity <= 0 row with a customer is a 'C' invoice
    EXPECT_EQ(c.rowsKept + c.nonProductCodes, 397924); // SOURCE.md "clean purchases"
    EXPECT_EQ(c.nonProductCodes, 1554); // POST 1099, M 290, C2 133, DOT 16, BANK CHARGES 12, PADS 4
    EXPECT_EQ(c.rowsKept, 396370);
    EXPECT_EQ(ds->interactionCount(), 396370);
    EXPECT_EQ(ds->users.size(), 4335u);
    EXPECT_EQ(ds->items.size(), 3659u);
    EXPECT_EQ(ds->findItem("POST"), -1);
    EXPECT_EQ(ds->findItem("C2"), -1);
    expectChronological(*ds);

    const Item& heart = itemById(*ds, "85123A");
    EXPECT_EQ(heart.title, "WHITE HANGING HEART T-LIGHT HOLDER");
    EXPECT_DOUBLE_EQ(heart.price, 2.95);
    // Customer 17850's first invoice (536365, 2010-12-01 08:26) in file order.
    const UserIndex u = ds->findUser("17850");
    ASSERT_GE(u, 0);
    const auto& seq = ds->users[static_cast<std::size_t>(u)].sequence;
    ASSERT_GE(seq.size(), 7u);
    EXPECT_EQ(ds->items[static_cast<std::size_t>(seq[0])].id, "85123A");
    EXPECT_EQ(ds->items[static_cast<std::size_t>(seq[1])].id, "71053");
    EXPECT_EQ(ds->users[static_cast<std::size_t>(u)].times[0], 1291191960); // 2010-12-01 08:26 UTC
    EXPECT_LT(seconds, 10.0) << "loading took " << seconds << " s";
}

TEST(DataUciRetail, CountsBeforeNonProductFilterMatchSourceMd) {
    const std::string path = test::realDataPath("uci-online-retail/online_retail.csv.gz");
    ASSERT_FALSE(path.empty());
    auto ds = loadUciRetail(path, false);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->cleanup.rowsKept, 397924);
    EXPECT_EQ(ds->users.size(), 4339u);
    EXPECT_EQ(ds->items.size(), 3665u);
    EXPECT_GE(ds->findItem("POST"), 0);
}

TEST(DataUciRetail, PycaretFranceUsDatesAndTrailingBlanks) {
    const std::string path = test::realDataPath("uci-online-retail/pycaret_france.csv");
    ASSERT_FALSE(path.empty());
    auto ds = loadDataset(path);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->cleanup.rowsRead, 8557);
    EXPECT_EQ(ds->cleanup.missingUser, 66);
    EXPECT_EQ(ds->cleanup.cancellations, 149);
    EXPECT_EQ(ds->cleanup.nonProductCodes, 308);
    EXPECT_EQ(ds->cleanup.rowsKept, 8034);
    EXPECT_EQ(ds->users.size(), 87u);
    EXPECT_EQ(ds->items.size(), 1519u);
    // "ALARM CLOCK BAKELIKE RED " has a trailing blank in the file.
    EXPECT_EQ(itemById(*ds, "22727").title, "ALARM CLOCK BAKELIKE RED");
    const UserIndex u = ds->findUser("12583");
    ASSERT_GE(u, 0);
    EXPECT_EQ(ds->users[static_cast<std::size_t>(u)].times[0], 1291193100); // 12/1/2010 8:45
    expectChronological(*ds);
}

TEST(DataUciRetail, PycaretGermanyWithBom) {
    const std::string path = test::realDataPath("uci-online-retail/pycaret_germany.csv");
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(*detectFormat(path), DataFormat::UciRetail); // despite the BOM
    auto ds = loadDataset(path);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->cleanup.rowsRead, 9495);
    EXPECT_EQ(ds->cleanup.missingUser, 0);
    EXPECT_EQ(ds->cleanup.cancellations, 453);
    EXPECT_EQ(ds->cleanup.nonProductCodes, 383);
    EXPECT_EQ(ds->cleanup.rowsKept, 8659);
    EXPECT_EQ(ds->users.size(), 94u);
    EXPECT_EQ(ds->items.size(), 1663u);
    EXPECT_EQ(itemById(*ds, "22809").title, "SET OF 6 T-LIGHTS SANTA");
}

TEST(DataUniSrec, ScientificKeepsItsSplitAndParsesTexts) {
    const std::string dir = test::realDataPath("amazon-scientific-unisrec");
    ASSERT_FALSE(dir.empty());
    EXPECT_EQ(*detectFormat(dir), DataFormat::UniSrec);
    auto ds = loadDataset(dir);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->name, "amazon-unisrec");
    EXPECT_EQ(ds->users.size(), 8442u);
    EXPECT_EQ(ds->items.size(), 4385u);
    EXPECT_EQ(ds->interactionCount(), 59384);
    // test.inter line 2: user 0 = ABW8NXS7SV55K, history items 0..12, target 13.
    const UserIndex u0 = ds->findUser("ABW8NXS7SV55K");
    ASSERT_EQ(u0, 0);
    const User& user = ds->users[0];
    EXPECT_EQ(user.testPos, 13);
    EXPECT_EQ(user.validPos, 12);
    EXPECT_EQ(user.sequence.size(), 14u);
    EXPECT_EQ(ds->targetFor(0, EvalSplit::Test), 13);
    EXPECT_EQ(ds->items[0].id, "B00TNNWMXI");
    for (const auto& u : ds->users) {
        ASSERT_EQ(u.testPos, static_cast<int>(u.sequence.size()) - 1) << u.id;
        ASSERT_EQ(u.validPos, u.testPos - 1) << u.id;
    }
    // Text parsing: clean, anchored on the category root, and without a category.
    const Item& gorilla = itemById(*ds, "B0000223UV");
    EXPECT_EQ(gorilla.title,
              "Gorilla Original Gorilla Glue, Waterproof Polyurethane Glue, 8 ounce Bottle, Brown");
    EXPECT_EQ(gorilla.category,
              "Industrial & Scientific Tapes, Adhesives & Sealants Urethane Adhesives");
    EXPECT_EQ(gorilla.brand, "Gorilla");
    std::size_t withCategory = 0, withBrand = 0, withTitle = 0;
    for (const auto& item : ds->items) {
        withTitle += !item.title.empty();
        withBrand += !item.brand.empty();
        if (!item.category.empty()) {
            ++withCategory;
            EXPECT_EQ(item.category.rfind("Industrial & Scientific", 0), 0u) << item.id;
        }
    }
    EXPECT_EQ(withTitle, 4385u);
    EXPECT_GE(withBrand, 4300u);
    EXPECT_EQ(withCategory, 4385u - 134u); // 134 texts read "title. . brand."
    // Read by people: its counts are grouped like every other count.
    EXPECT_NE(ds->cleanup.notes.at(0).find("4,226 of 4,385"), std::string::npos)
        << ds->cleanup.notes.at(0);

    // Opening one of its .inter files gives the same dataset.
    const std::string inter = dir + "/Scientific.test.inter";
    EXPECT_EQ(*detectFormat(inter), DataFormat::UniSrec);
    auto same = loadDataset(inter);
    ASSERT_TRUE(same.ok()) << same.error().message;
    EXPECT_EQ(same->fingerprint, ds->fingerprint);
}

TEST(DataMovieLens, LatestSmallCounts) {
    const std::string dir = test::realDataPath("movielens-latest-small");
    ASSERT_FALSE(dir.empty());
    EXPECT_EQ(*detectFormat(dir), DataFormat::MovieLens);
    EXPECT_EQ(*detectFormat(dir + "/ratings.csv"), DataFormat::MovieLens);
    auto ds = loadDataset(dir);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->name, "movielens");
    EXPECT_EQ(ds->users.size(), 671u);
    EXPECT_EQ(ds->interactionCount(), 100004);
    EXPECT_EQ(ds->items.size(), 9125u);
    const Item& toy = itemById(*ds, "1");
    EXPECT_EQ(toy.title, "Toy Story (1995)");
    EXPECT_EQ(toy.category, "Adventure|Animation|Children|Comedy|Fantasy");
    expectChronological(*ds);
    for (const auto& u : ds->users)
        ASSERT_EQ(u.testPos, static_cast<int>(u.sequence.size()) - 1);
}
