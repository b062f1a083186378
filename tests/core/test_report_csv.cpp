// CSV writer: RFC 4180 quoting and an exact round trip.
#include "report/csvwriter.h"
#include "test_report_fixtures.h"

#include <gtest/gtest.h>

using namespace reclens::report;

TEST(ReportCsv, QuotesOnlyFieldsThatNeedIt) {
    EXPECT_EQ(csvField("plain"), "plain");
    EXPECT_EQ(csvField("a,b"), "\"a,b\"");
    EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvField("cr\r"), "\"cr\r\"");
    EXPECT_EQ(csvField(""), "");
    EXPECT_EQ(csvRow({"a", "b,c"}), "a,\"b,c\"\r\n");
}

TEST(ReportCsv, HostileValuesRoundTripExactly) {
    Table t;
    t.header = {"id", "title", "value"};
    t.rows = {{"1", reclens::test::kScriptTitle, "-0.5"},
              {"2", reclens::test::kQuoteTitle, "1e-09"},
              {"3", reclens::test::kUnicodeTitle, ""},
              {"4", "multi\r\nline, with \"quotes\"", "x"}};
    const std::string csv = tableToCsv(t);
    EXPECT_EQ(csv.substr(0, 16), "id,title,value\r\n");
    std::vector<std::vector<std::string>> rows;
    ASSERT_TRUE(parseCsv(csv, rows));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0], t.header);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        EXPECT_EQ(rows[i + 1], t.rows[i]);
}

TEST(ReportCsv, ParserRejectsMalformedQuoting) {
    std::vector<std::vector<std::string>> rows;
    EXPECT_FALSE(parseCsv("a,\"unterminated\r\n", rows));
    EXPECT_FALSE(parseCsv("a,b\"c\r\n", rows));
    EXPECT_FALSE(parseCsv("\"a\"b\r\n", rows));
}
