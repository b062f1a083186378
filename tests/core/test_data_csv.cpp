// The RFC 4180 reader and the generic CSV/TSV importer.

#include "data/csvreader.h"
#include "data/importers.h"
#include "testdata.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace reclens;

namespace {

std::string writeFile(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::vector<std::vector<std::string>> readAll(const std::string& text, char delim = ',') {
    data::CsvReader reader(text, "t.csv", delim);
    data::CsvRecord rec;
    std::vector<std::vector<std::string>> out;
    for (;;) {
        auto got = reader.next(rec);
        EXPECT_TRUE(got.ok()) << got.error().message;
        if (!got.ok() || !*got)
            break;
        out.push_back(rec.fields);
    }
    return out;
}

} // namespace

TEST(DataCsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
    const auto rows = readAll("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n1,,3");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1], (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
    EXPECT_EQ(rows[2], (std::vector<std::string>{"1", "", "3"}));
}

TEST(DataCsvReader, BomIsSkippedAndDelimiterDetected) {
    const std::string text = "\xEF\xBB\xBFuser\titem\ttimestamp\nu\ti\t1\n";
    EXPECT_EQ(data::detectDelimiter(text), '\t');
    const auto rows = readAll(text, '\t');
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0], "user");
    EXPECT_EQ(data::detectDelimiter("a;b;\"c,d,e\"\n"), ';');
}

TEST(DataCsvReader, ErrorsNameLineAndColumn) {
    data::CsvReader reader("a,b\n1,\"open\n2,3\n", "f.csv", ',');
    data::CsvRecord rec;
    ASSERT_TRUE(reader.next(rec).ok());
    auto got = reader.next(rec);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().line, 2);
    EXPECT_EQ(got.error().column, 3);
    EXPECT_NE(got.error().message.find("f.csv:2:3: unterminated quoted field"), std::string::npos)
        << got.error().message;

    data::CsvReader stray("a,b\n1,x\"y\n", "g.csv", ',');
    ASSERT_TRUE(stray.next(rec).ok());
    got = stray.next(rec);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().line, 2);
    EXPECT_EQ(got.error().column, 4);
}

TEST(DataGenericCsv, LoadsOrdersByTimeStablyAndSplitsLeaveOneOut) {
    const std::string dir = test::scratchDir("g");
    const std::string path = writeFile(dir, "events.csv",
                                       "user,item,timestamp\n"
                                       "u1,b,20\n"
                                       "u1,a,10\n"
                                       "u2,a,5\n"
                                       "u1,c,20\n" // same time as b: file order kept
                                       "u1,d,30\n"
                                       "u2,\"e,1\",6\n");
    auto ds = loadDataset(path);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->name, "csv");
    ASSERT_EQ(ds->users.size(), 2u);
    const auto& u1 = ds->users[static_cast<std::size_t>(ds->findUser("u1"))];
    std::vector<std::string> ids;
    for (auto i : u1.sequence)
        ids.push_back(ds->items[static_cast<std::size_t>(i)].id);
    EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(u1.times, (std::vector<std::int64_t>{10, 20, 20, 30}));
    EXPECT_EQ(u1.testPos, 3);
    EXPECT_EQ(u1.validPos, 2);
    const auto& u2 = ds->users[static_cast<std::size_t>(ds->findUser("u2"))];
    EXPECT_EQ(u2.testPos, 1);
    EXPECT_EQ(u2.validPos, -1);
    EXPECT_GE(ds->findItem("e,1"), 0);
    EXPECT_EQ(ds->interactionCount(), 6);
    EXPECT_EQ(ds->trainingSequence(ds->findUser("u2")).size(), 1u);
}

TEST(DataGenericCsv, MappedColumnsTsvAndCatalog) {
    const std::string dir = test::scratchDir("m");
    const std::string inter = writeFile(dir, "log.tsv",
                                        "when\tcustomer\tproduct\textra\n"
                                        "2024-01-02 10:00:00\tc1\tp2\tx\n"
                                        "2024-01-01\tc1\tp1\ty\n");
    const std::string cat = writeFile(dir, "items.csv",
                                      "item,title,category,brand,price\n"
                                      "p1,\"Mug, \"\"Big\"\"\",Kitchen,Acme,3.5\n"
                                      "p3,Unused,Garden,,\n");
    ImportOptions opt;
    opt.userColumn = "customer";
    opt.itemColumn = "product";
    opt.timeColumn = "when";
    opt.catalogPath = cat;
    auto ds = loadDataset(inter, opt);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    ASSERT_EQ(ds->items.size(), 3u); // catalog items first, then uncatalogued ones
    EXPECT_EQ(ds->items[0].title, "Mug, \"Big\"");
    EXPECT_EQ(ds->items[0].category, "Kitchen");
    EXPECT_EQ(ds->items[0].brand, "Acme");
    EXPECT_DOUBLE_EQ(ds->items[0].price, 3.5);
    EXPECT_TRUE(std::isnan(ds->items[1].price));
    EXPECT_EQ(ds->items[0].categoryId, 0);
    EXPECT_EQ(ds->categories.size(), 2u);
    EXPECT_EQ(ds->users[0].sequence, (std::vector<ItemIndex>{0, 2}));
}

TEST(DataGenericCsv, SemicolonDelimiterIsDetected) {
    const std::string dir = test::scratchDir("s");
    auto ds =
        loadDataset(writeFile(dir, "events.txt", "user;item;timestamp\nu1;\"a;b\";1\nu1;c;2\n"));
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->items.size(), 2u);
    EXPECT_GE(ds->findItem("a;b"), 0);
}

TEST(DataGenericCsv, FingerprintTracksContent) {
    const std::string dir = test::scratchDir("f");
    const std::string a = writeFile(dir, "a.csv", "user,item,timestamp\nu,x,1\nu,y,2\nu,z,3\n");
    const std::string b = writeFile(dir, "b.csv", "user,item,timestamp\nu,x,1\nu,z,2\nu,y,3\n");
    auto da = loadDataset(a), da2 = loadDataset(a), db = loadDataset(b);
    ASSERT_TRUE(da.ok() && da2.ok() && db.ok());
    EXPECT_EQ(da->fingerprint, da2->fingerprint);
    EXPECT_NE(da->fingerprint, db->fingerprint);
    EXPECT_EQ(da->fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(DataGenericCsv, KCoreDropsSparseUsersAndItems) {
    const std::string dir = test::scratchDir("k");
    std::string text = "user,item,timestamp\n";
    for (int u = 0; u < 4; ++u)
        for (int i = 0; i < 3; ++i)
            text += std::string("u")
                        .append(std::to_string(u))
                        .append(",i")
                        .append(std::to_string(i))
                        .append(",")
                        .append(std::to_string(i))
                        .append("\n");
    text += "u0,rare,9\nlonely,i0,1\n";
    ImportOptions opt;
    opt.kCore = 3;
    auto ds = loadDataset(writeFile(dir, "k.csv", text), opt);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_EQ(ds->users.size(), 4u);
    EXPECT_EQ(ds->items.size(), 3u);
    EXPECT_EQ(ds->findItem("rare"), -1);
    EXPECT_EQ(ds->findUser("lonely"), -1);
    EXPECT_EQ(ds->users[0].testPos, 2);
}

TEST(DataFormats, DetectsFormatsFromPaths) {
    EXPECT_EQ(*detectFormat(test::sourcePath("sample_data")), DataFormat::Csv);
    EXPECT_EQ(*detectFormat(test::sourcePath("sample_data/interactions.csv")), DataFormat::Csv);
    EXPECT_EQ(*parseFormatName("uci-retail"), DataFormat::UciRetail);
    EXPECT_FALSE(parseFormatName("xls").ok());
    EXPECT_EQ(detectFormat(test::scratchDir("empty")).error().code, ErrorCode::Schema);
    EXPECT_EQ(detectFormat("/nonexistent/file.csv").error().code, ErrorCode::Io);
}
