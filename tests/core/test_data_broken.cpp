// Every malformed input is an Error naming file, line, column and what was expected; none
// crashes. Tiny broken files live in tests/data/; big ones are generated here.

#include "data/importers.h"
#include "testdata.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace reclens;

namespace {

std::string brokenFile(const std::string& name) {
    return test::sourcePath("tests/data/" + name);
}

void expectError(const Expected<Dataset>& r, ErrorCode code, const std::string& fileSuffix,
                 std::int64_t line, int column, const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << "expected an error mentioning '" << fragment << "'";
    const Error& e = r.error();
    EXPECT_EQ(e.code, code) << e.message;
    EXPECT_TRUE(e.file.size() >= fileSuffix.size() &&
                e.file.compare(e.file.size() - fileSuffix.size(), fileSuffix.size(), fileSuffix) ==
                    0)
        << e.file << " vs " << fileSuffix;
    EXPECT_EQ(e.line, line) << e.message;
    EXPECT_EQ(e.column, column) << e.message;
    const std::string where = e.file + ":" + std::to_string(line) +
                              (column > 0 ? ":" + std::to_string(column) : std::string());
    EXPECT_NE(e.message.find(where), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(fragment), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("expected"), std::string::npos) << e.message;
}

std::string writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

} // namespace

TEST(DataBroken, UciMissingColumn) {
    expectError(loadDataset(brokenFile("uci_missing_column.csv")), ErrorCode::Schema,
                "uci_missing_column.csv", 1, 1, "no column 'Quantity'");
}

TEST(DataBroken, UciBadNumber) {
    expectError(loadDataset(brokenFile("uci_bad_number.csv")), ErrorCode::Parse,
                "uci_bad_number.csv", 3, 34, "bad Quantity 'six'");
}

TEST(DataBroken, UciBadDate) {
    expectError(loadDataset(brokenFile("uci_bad_date.csv")), ErrorCode::Parse, "uci_bad_date.csv",
                3, 39, "bad InvoiceDate '2010-13-01 08:28:00'");
}

TEST(DataBroken, NonUtf8Bytes) {
    expectError(loadDataset(brokenFile("uci_latin1.csv")), ErrorCode::Parse, "uci_latin1.csv", 2,
                18, "invalid UTF-8 byte 0xE9");
}

TEST(DataBroken, EmptyFile) {
    expectError(loadDataset(brokenFile("empty.csv")), ErrorCode::Schema, "empty.csv", 1, 1,
                "empty file");
    expectError(loadUciRetail(brokenFile("empty.csv")), ErrorCode::Schema, "empty.csv", 1, 1,
                "empty file");
}

TEST(DataBroken, UnterminatedQuote) {
    expectError(loadDataset(brokenFile("unterminated_quote.csv")), ErrorCode::Parse,
                "unterminated_quote.csv", 3, 4, "unterminated quoted field");
}

TEST(DataBroken, MissingFieldInRow) {
    expectError(loadDataset(brokenFile("missing_field.csv")), ErrorCode::Parse, "missing_field.csv",
                3, 5, "expected 3 fields as in the header but found 2");
}

TEST(DataBroken, BadTimestamp) {
    expectError(loadDataset(brokenFile("bad_timestamp.csv")), ErrorCode::Parse, "bad_timestamp.csv",
                3, 6, "bad timestamp 'yesterday'");
}

TEST(DataBroken, MissingUserColumnNamesTheOption) {
    ImportOptions opt;
    opt.userColumn = "customer";
    expectError(loadDataset(brokenFile("bad_timestamp.csv"), opt), ErrorCode::Schema,
                "bad_timestamp.csv", 1, 1, "--user-column");
}

TEST(DataBroken, CatalogBadPrice) {
    ImportOptions opt;
    opt.catalogPath = brokenFile("catalog_bad_price.csv");
    expectError(loadDataset(test::sourcePath("sample_data/interactions.csv"), opt),
                ErrorCode::Parse, "catalog_bad_price.csv", 3, 20, "bad price 'cheap'");
}

TEST(DataBroken, UniSrecUnknownItemInSplitFile) {
    expectError(loadDataset(brokenFile("unisrec_unknown_item")), ErrorCode::Unknown, "T.test.inter",
                3, 5, "unknown item 7");
}

TEST(DataBroken, UniSrecUnknownUserInSplitFile) {
    expectError(loadDataset(brokenFile("unisrec_unknown_user")), ErrorCode::Unknown, "T.test.inter",
                3, 1, "unknown user 5");
}

TEST(DataBroken, MovieLensUnknownMovie) {
    expectError(loadDataset(brokenFile("movielens_unknown_movie")), ErrorCode::Unknown,
                "ratings.csv", 4, 3, "unknown movieId '3'");
}

TEST(DataBroken, TenMegabyteLineIsALimitError) {
    const std::string dir = test::scratchDir("big");
    const std::string huge(10u << 20, 'x');
    expectError(loadDataset(writeFile(dir + "/huge.csv",
                                      "user,item,timestamp\nu1,a,1\nu1," + huge + ",2\nu1,b,3\n")),
                ErrorCode::Limit, "huge.csv", 3, 1, "record longer than 1 MiB");
    // The same inside a quoted field, and in the UCI importer.
    expectError(
        loadDataset(writeFile(dir + "/quoted.csv", "user,item,timestamp\nu1,\"" + huge + "\",2\n")),
        ErrorCode::Limit, "quoted.csv", 2, 1, "record longer than 1 MiB");
    std::ifstream in(brokenFile("uci_bad_number.csv"));
    std::string header;
    std::getline(in, header);
    expectError(loadUciRetail(writeFile(dir + "/uci.csv", header + "\n" + huge + "\n")),
                ErrorCode::Limit, "uci.csv", 2, 1, "record longer than 1 MiB");
}

TEST(DataBroken, TruncatedGzip) {
    const std::string real = test::realDataPath("uci-online-retail/online_retail.csv.gz");
    ASSERT_FALSE(real.empty());
    std::ifstream in(real, std::ios::binary);
    std::string head(200000, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    const std::string path = writeFile(test::scratchDir("gz") + "/cut.csv.gz", head);
    auto r = loadUciRetail(path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Parse) << r.error().message;
    EXPECT_NE(r.error().message.find("gzip"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
}

TEST(DataBroken, MissingPathsAreIoErrors) {
    EXPECT_EQ(loadDataset("/nonexistent/ratings.csv").error().code, ErrorCode::Io);
    EXPECT_EQ(loadUciRetail("/nonexistent/x.csv.gz").error().code, ErrorCode::Io);
    EXPECT_EQ(loadMovieLens(test::scratchDir("nomovies")).error().code, ErrorCode::Io);
    EXPECT_EQ(loadUniSrec(test::scratchDir("nounisrec")).error().code, ErrorCode::Schema);
}
