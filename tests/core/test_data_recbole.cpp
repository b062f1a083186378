// RecBole atomic files: both .inter layouts (one interaction per row with timestamps; one row
// per user with its history), the .item catalog, format detection, errors that name file, line
// and column, and the real Amazon Video Games files (LLMRank's RecBole export).

#include "data/datasetstats.h"
#include "data/importers.h"
#include "testdata.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

using namespace reclens;

namespace {

std::string put(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::vector<std::string> sequenceIds(const Dataset& ds, const std::string& user) {
    std::vector<std::string> ids;
    for (ItemIndex i : ds.users[static_cast<size_t>(ds.findUser(user))].sequence)
        ids.push_back(ds.items[static_cast<size_t>(i)].id);
    return ids;
}

} // namespace

TEST(RecBoleImport, InteractionsWithTimestampsAndItemCatalog) {
    const std::string dir = test::scratchDir("recbole-ts");
    // u1's rows are out of time order in the file: the importer sorts by timestamp.
    put(dir, "shop.inter",
        "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
        "u1\ti2\t4\t200\nu1\ti1\t5\t100\nu1\ti3\t3\t300\nu2\ti2\t5\t50\nu2\ti3\t1\t60\n");
    put(dir, "shop.item",
        "item_id:token\ttitle:token_seq\tcategories:token_seq\tbrand:token\tprice:float\n"
        "i1\tBlue mug\tKitchen Mugs\tAcme\t3.5\ni2\tRed mug\tKitchen Mugs\tAcme\t\n"
        "i3\tTea\tFood\tLeaf\t2\ni4\tNever sold\tFood\tLeaf\t1\n");
    ASSERT_EQ(detectFormat(dir).value(), DataFormat::RecBole);
    auto ds = loadDataset(dir);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->name, "recbole");
    EXPECT_EQ(ds->users.size(), 2u);
    EXPECT_EQ(ds->items.size(), 4u); // the catalog's unsold product is kept
    EXPECT_EQ(sequenceIds(*ds, "u1"), (std::vector<std::string>{"i1", "i2", "i3"}));
    const Item& mug = ds->items[static_cast<size_t>(ds->findItem("i1"))];
    EXPECT_EQ(mug.title, "Blue mug");
    EXPECT_EQ(mug.category, "Kitchen Mugs");
    EXPECT_EQ(mug.brand, "Acme");
    EXPECT_DOUBLE_EQ(mug.price, 3.5);
    EXPECT_TRUE(std::isnan(ds->items[static_cast<size_t>(ds->findItem("i2"))].price));
    EXPECT_EQ(ds->interactionCount(), 5);
    EXPECT_EQ(datasetStats(*ds).itemsNeverBought, 1);
}

TEST(RecBoleImport, OneRowPerUserKeepsTheLongestRowAndTheFileOrder) {
    const std::string dir = test::scratchDir("recbole-seq");
    const std::string inter = put(dir, "Games-6k.test.inter",
                                  "user_id:token\titem_id_list:token_seq\titem_id:token\n"
                                  "0\t0 1 2 3\t4\n1\t5\t6\n1\t5 6\t7\n");
    put(dir, "Games.item", "item_id:token\ttitle:token_seq\n0\tFire Emblem: The Sacred Stones\n");
    ASSERT_EQ(detectFormat(inter).value(), DataFormat::RecBole);
    auto ds = loadDataset(inter);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(sequenceIds(*ds, "0"), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
    EXPECT_EQ(sequenceIds(*ds, "1"), (std::vector<std::string>{"5", "6", "7"}));
    EXPECT_EQ(ds->cleanup.rowsRead, 3);
    EXPECT_EQ(ds->cleanup.other, 1); // u1's shorter row
    EXPECT_EQ(ds->items[static_cast<size_t>(ds->findItem("0"))].title,
              "Fire Emblem: The Sacred Stones"); // the only .item file, another prefix
    const auto test = ds->targetFor(ds->findUser("0"), EvalSplit::Test);
    EXPECT_EQ(ds->items[static_cast<size_t>(test)].id, "4");
}

TEST(RecBoleImport, MalformedFilesNameFileLineAndColumn) {
    const std::string dir = test::scratchDir("recbole-bad");
    struct Case {
        const char* text;
        int line, column;
        const char* says;
    };
    const Case cases[] = {
        {"user_id\titem_id:token\nu\ti\n", 1, 1, "has no type"},
        {"user_id:token\titem_id:tokens\nu\ti\n", 1, 15, "unknown field type 'tokens'"},
        {"uid:token\titem_id:token\nu\ti\n", 1, 1, "no field 'user_id:token'"},
        {"user_id:token\titem_id:token\nu\ti\textra\n", 2, 1, "3 field(s); expected 2"},
        {"user_id:token\titem_id:token\ttimestamp:float\nu\ti\tyesterday\n", 2, 5, "bad timestamp"},
        {"user_id:token\titem_id:token\n\ti\n", 2, 1, "empty id"},
        {"user_id:token\titem_id:token\n", 1, 1, "no interactions"},
    };
    for (const Case& c : cases) {
        const std::string path = put(dir, "bad.inter", c.text);
        auto ds = loadRecBole(path);
        ASSERT_FALSE(ds.ok()) << c.text;
        EXPECT_EQ(ds.error().file, path) << c.text;
        EXPECT_EQ(ds.error().line, c.line) << c.text << ds.error().message;
        EXPECT_EQ(ds.error().column, c.column) << c.text << ds.error().message;
        EXPECT_NE(ds.error().message.find(c.says), std::string::npos) << ds.error().message;
    }
}

TEST(RecBoleImport, AmazonVideoGamesLoadsWithTheCountsItsSourceStates) {
    const std::string dir = test::realDataPath("amazon-videogames-llmrank");
    ASSERT_FALSE(dir.empty());
    auto ds = loadDataset(dir);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    // SOURCE.md: 50,546 users, 16,859 items, 440,264 interactions (one row per user).
    EXPECT_EQ(ds->users.size(), 50546u);
    EXPECT_EQ(ds->items.size(), 16859u);
    EXPECT_EQ(ds->interactionCount(), 440264);
    const Item& first = ds->items[static_cast<size_t>(ds->findItem("0"))];
    EXPECT_EQ(first.title, "Fire Emblem: The Sacred Stones");
}
