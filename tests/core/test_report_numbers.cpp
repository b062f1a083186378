// One rule for integers people read in reports (issue #14): "1,500" in the sentences, the
// key/value lists and the tables of HTML and PDF alike; plain digits in CSV and JSON. And the
// model card lists every merchant setting that changes a product report's numbers.
#include "report/chartprimitives.h"
#include "report/customerreport.h"
#include "report/modelcard.h"
#include "report/productreport.h"
#include "report/reportformat.h"
#include "test_report_fixtures.h"

#include <gtest/gtest.h>

#include <regex>

using namespace reclens;
using namespace reclens::report;
using namespace reclens::test;

namespace {

/// A product with four- and five-digit counts and ranks everywhere the report shows one.
MerchantExplanation bigMerchant() {
    MerchantExplanation m;
    m.item = 6;
    m.k = 10;
    m.totalUsers = 84420;
    m.usersEligible = 84420;
    m.usersConsidered = 12000;
    m.sampled = true;
    m.inTopK = 1500;
    m.topKShare = 0.125;
    m.rankBinEdges = {1, 2, 6, 11, 21, 51, 101, 501, 1001};
    m.rankHistogram = {1500, 0, 0, 0, 0, 0, 0, 0, 10500};
    m.meanRank = 3457.2;
    m.medianRank = 2048;
    m.bestRank = 1;
    m.exposureShare = 0.01;
    m.popularityShare = 0.001;
    m.exposureLift = 10;
    m.drivers = {{5, 1200, 1024, 0.75f}};
    m.driverUsers = 1200;
    m.driverCategories = {{"Home", 1200, 0.75f}};
    m.customers = {{0, 1, 2500}};
    return m;
}

/// Every text a reader sees in `blocks` up to the model card (the card has hashes and dates).
std::vector<std::string> readerTexts(const ReportDocument& doc) {
    std::vector<std::string> out;
    for (const Block& b : doc.blocks) {
        if (const auto* h = std::get_if<Heading>(&b)) {
            if (h->text == "Model card")
                break;
            out.push_back(h->text);
        } else if (const auto* p = std::get_if<Paragraph>(&b)) {
            out.push_back(p->text);
        } else if (const auto* kv = std::get_if<KeyValues>(&b)) {
            for (const auto& [k, v] : kv->items)
                out.push_back(k + ": " + v);
        } else if (const auto* t = std::get_if<Table>(&b)) {
            out.push_back(t->caption);
            for (const auto& row : t->rows)
                for (const auto& cell : row)
                    out.push_back(cell);
        }
    }
    return out;
}

/// A run of four or more digits not grouped with commas ("1500" but not "1,500", "0.1235" or
/// the year of a date "2010-12-01").
bool hasUngroupedInteger(const std::string& s) {
    static const std::regex plain(R"((^|[^\d,.\-])\d{4,}($|[^\d,\-]))");
    return std::regex_search(s, plain);
}

bool anyContains(const std::vector<std::string>& texts, const std::string& needle) {
    for (const auto& t : texts)
        if (t.find(needle) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST(ReportNumbers, GroupedIntGroupsThousandsAndDisplayNumberFollowsFromAThousand) {
    EXPECT_EQ(groupedInt(0), "0");
    EXPECT_EQ(groupedInt(999), "999");
    EXPECT_EQ(groupedInt(1000), "1,000");
    EXPECT_EQ(groupedInt(1500), "1,500");
    EXPECT_EQ(groupedInt(-12345), "-12,345");
    EXPECT_EQ(groupedInt(-123), "-123");
    EXPECT_EQ(groupedInt(1234567), "1,234,567");
    EXPECT_EQ(intCell(1500, true), "1500");
    EXPECT_EQ(intCell(1500, false), "1,500");
    EXPECT_EQ(displayNumber(3457.2), "3,457");
    EXPECT_EQ(displayNumber(12345.6), "12,346"); // was "1.235e+04"
    EXPECT_EQ(displayNumber(999.4), "999.4");
    EXPECT_EQ(displayNumber(0.123456), "0.1235");
    // Small values in fixed notation, never "9.88e-04" (issue 15, point 6).
    EXPECT_EQ(displayNumber(0.000988), "0.000988");
    EXPECT_EQ(displayNumber(-3.2e-05), "-0.0000320");
    EXPECT_EQ(displayNumber(7.68e-05), "0.0000768");
    EXPECT_EQ(displayNumber(4e-9), "< 0.000001");
    EXPECT_EQ(displayNumber(-4e-9), "> -0.000001");
    EXPECT_EQ(displayNumber(0.0), "0");
    // Chart labels (saliency panels, ticks) too, two significant digits.
    EXPECT_EQ(detail::formatCompact(-0.000988), "-0.00099");
    EXPECT_EQ(detail::formatCompact(5.56e-05), "0.000056");
    EXPECT_EQ(detail::formatCompact(0.0412), "0.0412");
    EXPECT_EQ(detail::formatCompact(5e-6), "5.0e-06"); // a weight decay on the model card
}

TEST(ReportNumbers, ProductReportGroupsEveryIntegerForPeopleAndKeepsCsvPlain) {
    Dataset ds = reportDataset();
    ProductReportData data{ds.items[6].id, bigMerchant(), nullptr};
    ReportOutput out = buildProductReport(ds, data, reportModelCard(ds));
    const auto texts = readerTexts(out.document);
    for (const auto& t : texts)
        EXPECT_FALSE(hasUngroupedInteger(t)) << t;
    EXPECT_TRUE(anyContains(texts, "1,500 customers")) << "the in-top-K figure";
    EXPECT_TRUE(anyContains(texts, "3,457")) << "the mean rank";
    // The sentence (core/explain) and the tables say the same number the same way.
    EXPECT_NE(std::get<Paragraph>(out.document.blocks.front()).text.find("1,200 of 1,200"),
              std::string::npos);
    // CSV and JSON keep plain numbers.
    bool sawCsv = false;
    for (const Table& t : out.csvTables)
        if (t.csvName == "exposure") {
            EXPECT_EQ(t.rows.at(0).at(3), "1500");
            sawCsv = true;
        }
    EXPECT_TRUE(sawCsv);
    EXPECT_EQ(out.json["merchant"]["in_top_k"], 1500);
}

TEST(ReportNumbers, CustomerReportGroupsTheHistoryLength) {
    Dataset ds = reportDataset();
    CustomerReportData d = reportCustomerData(ds, {.explainedRanks = {1}, .withTimes = false});
    d.fullHistoryLength = 12345;
    ReportOutput out = buildCustomerReport(ds, d, reportModelCard(ds));
    const auto texts = readerTexts(out.document);
    for (const auto& t : texts)
        EXPECT_FALSE(hasUngroupedInteger(t)) << t;
    EXPECT_TRUE(anyContains(texts, "12,345 items"));
}

TEST(ReportNumbers, ModelCardListsTheMerchantSegmentComparisonAndWhatIf) {
    Dataset ds = reportDataset();
    ModelCard card = reportModelCard(ds);
    card.merchant.segment.minHistoryLength = 3;
    card.merchant.segment.category = "Home";
    card.merchant.compareWith = 2;
    card.merchant.whatIfAdd = 4;
    card.merchant.whatIfMaxUsers = 1500;
    card.merchant.maxCustomers = 250;
    const nlohmann::json j = modelCardToJson(card, &ds)["merchant_config"];
    EXPECT_EQ(j["segment"]["min_history_length"], 3);
    EXPECT_EQ(j["segment"]["max_history_length"], 0);
    EXPECT_EQ(j["segment"]["category"], "Home");
    EXPECT_EQ(j["compare_with"], ds.items[2].id);
    EXPECT_EQ(j["what_if_add"], ds.items[4].id);
    EXPECT_EQ(j["what_if_max_users"], 1500);
    EXPECT_EQ(j["max_customers"], 250);
    EXPECT_EQ(j["max_driver_users"], card.merchant.maxDriverUsers);
    EXPECT_EQ(j["max_driver_positions"], card.merchant.maxDriverPositions);
    // Without the dataset the products are indices; unset ones are null.
    card.merchant.whatIfAdd = -1;
    const nlohmann::json bare = modelCardToJson(card)["merchant_config"];
    EXPECT_EQ(bare["compare_with"], 2);
    EXPECT_TRUE(bare["what_if_add"].is_null());

    // The product report's card (HTML and PDF) says the same.
    card.merchant.whatIfAdd = 4;
    ProductReportData data{ds.items[6].id, bigMerchant(), nullptr};
    ReportOutput out = buildProductReport(ds, data, card);
    std::vector<std::pair<std::string, std::string>> settings;
    for (const Block& b : out.document.blocks)
        if (const auto* kv = std::get_if<KeyValues>(&b); kv && kv->caption == "Method settings")
            settings = kv->items;
    auto value = [&](const std::string& key) {
        for (const auto& [k, v] : settings)
            if (k == key)
                return v;
        return std::string("(missing)");
    };
    EXPECT_EQ(value("Segment"), "history length 3 to any, bought category Home");
    EXPECT_EQ(value("Compared with"), ds.items[2].id);
    EXPECT_EQ(value("What-if"), ds.items[4].id + " added, up to 1,500 customers re-scored");
    EXPECT_EQ(value("Customers listed"), "up to 250");
    EXPECT_EQ(out.json["model_card"]["merchant_config"]["compare_with"], ds.items[2].id);
}
