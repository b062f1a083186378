// Customer and product report builders on hand-built engine results: every number a consumer
// can read back (CSV, JSON) equals the engine's, and the document has every required part.
#include "explain/explanationjson.h"
#include "explain/lxr.h"
#include "explain/merchantjson.h"
#include "report/csvwriter.h"
#include "report/customerreport.h"
#include "report/productreport.h"
#include "report/reportfiles.h"
#include "report/reportformat.h"
#include "test_report_fixtures.h"

#include <gtest/gtest.h>

#include <set>

using namespace reclens;
using namespace reclens::report;
using namespace reclens::test;

namespace {

const Table* csvTable(const ReportOutput& out, const std::string& name) {
    for (const Table& t : out.csvTables)
        if (t.csvName == name)
            return &t;
    return nullptr;
}

std::vector<std::vector<std::string>> roundTrip(const Table& t) {
    std::vector<std::vector<std::string>> rows;
    EXPECT_TRUE(parseCsv(tableToCsv(t), rows));
    return rows;
}

template <typename T> int countBlocks(const ReportDocument& doc) {
    int n = 0;
    for (const Block& b : doc.blocks)
        n += std::holds_alternative<T>(b);
    return n;
}

MerchantExplanation merchant() {
    MerchantExplanation m;
    m.item = 6;
    m.k = 5;
    m.totalUsers = 3;
    m.usersConsidered = 3;
    m.inTopK = 2;
    m.topKShare = 2.0 / 3.0;
    m.rankBinEdges = {1, 2, 6};
    m.rankHistogram = {1, 1, 1};
    m.meanRank = 3.5;
    m.medianRank = 3;
    m.bestRank = 1;
    m.exposureShare = 2.0 / 15.0;
    m.popularityShare = 1.0 / 13.0;
    m.exposureLift = m.exposureShare / m.popularityShare;
    m.drivers = {{5, 2, 1, 0.75f}, {1, 1, 0, 0.125f}};
    m.driverCategories = {{"Home & <Garden>", 2, 0.75f}};
    return m;
}

} // namespace

TEST(ReportCustomer, CsvAttributionsEqualTheEngineNumbersExactly) {
    Dataset ds = reportDataset();
    CustomerReportData d = reportCustomerData(ds);
    ReportOutput out = buildCustomerReport(ds, d, reportModelCard(ds));
    const Table* t = csvTable(out, "attributions");
    ASSERT_NE(t, nullptr);
    auto rows = roundTrip(*t);
    ASSERT_EQ(rows.size(), 1 + 2 * d.history.size());
    const auto& header = rows[0];
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const ExplanationBundle& b = d.explanations[(r - 1) / d.history.size()];
        const std::size_t pos = (r - 1) % d.history.size();
        EXPECT_EQ(rows[r][0], std::to_string(b.targetRank));
        EXPECT_EQ(rows[r][3], ds.items[static_cast<std::size_t>(b.history[pos])].id);
        for (std::size_t c = 4; c < header.size(); ++c) {
            const Attribution* a = b.attribution(header[c]);
            ASSERT_NE(a, nullptr) << header[c];
            EXPECT_EQ(std::stof(rows[r][c]), a->values[pos]) << header[c] << " row " << r;
        }
    }
    const Table* topk = csvTable(out, "topk");
    ASSERT_NE(topk, nullptr);
    auto tk = roundTrip(*topk);
    for (std::size_t i = 0; i < d.topK.size(); ++i)
        EXPECT_EQ(std::stof(tk[i + 1][3]), d.topK[i].score);
    auto cf = roundTrip(*csvTable(out, "counterfactual"));
    EXPECT_EQ(cf[1][5], std::to_string(d.explanations[0].counterfactual->newRank));
    EXPECT_EQ(cf[1][8], "3 5"); // 1-based positions of the removed items
}

TEST(ReportCustomer, FaithfulnessShowsLxrPosAndNegAreasAtTheBundlesK) {
    Dataset ds = reportDataset();
    CustomerReportData d = reportCustomerData(ds);
    ReportOutput out = buildCustomerReport(ds, d, reportModelCard(ds));
    const ExplanationBundle& b = d.explanations[0];
    ASSERT_TRUE(b.faithfulness && b.faithfulness->lxr);
    const LxrReport& lxr = *b.faithfulness->lxr;
    ASSERT_EQ(b.k, 5);
    const size_t ki = 1; // k = 5 in {1, 5, 10, 20}
    // CSV: three columns appended (lxr_k, pos_area, neg_area), one row per method plus the
    // random and popularity references, numbers exactly the engine's.
    auto rows = roundTrip(*csvTable(out, "faithfulness"));
    ASSERT_GE(rows.size(), 2u);
    const auto& header = rows[0];
    ASSERT_EQ(header.size(), 11u);
    EXPECT_EQ(header[8], "lxr_k");
    EXPECT_EQ(header[9], "pos_area");
    EXPECT_EQ(header[10], "neg_area");
    std::set<std::string> seen;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (rows[r][1] != ds.items[static_cast<std::size_t>(b.target)].id)
            continue; // the second explanation's rows
        const std::string& method = rows[r][2];
        const LxrMethodCurves* c = lxrCurvesOf(lxr, method);
        ASSERT_NE(c, nullptr) << method;
        EXPECT_EQ(rows[r][8], "5") << method;
        EXPECT_EQ(std::stof(rows[r][9]), c->pos.areas[ki]) << method;
        EXPECT_EQ(std::stof(rows[r][10]), c->neg.areas[ki]) << method;
        seen.insert(method);
    }
    EXPECT_EQ(seen.size(), lxr.methods.size() + 2);
    EXPECT_TRUE(seen.count("popularity"));
    // HTML document: the faithfulness table has the two columns beside deletion/insertion.
    const Table* t = nullptr;
    for (const Block& block : out.document.blocks)
        if (const auto* tb = std::get_if<Table>(&block))
            if (!t && tb->header.size() > 4 && tb->header[3].rfind("POS@5", 0) == 0)
                t = tb;
    ASSERT_NE(t, nullptr) << "no table with a POS@5 column";
    EXPECT_EQ(t->header[4].rfind("NEG@5", 0), 0u);
    ASSERT_EQ(t->rows.size(), lxr.methods.size() + 2); // + random order, popularity order
    EXPECT_EQ(t->rows[0][3], displayNumber(lxr.methods[0].pos.areas[ki]));
    EXPECT_EQ(t->rows[0][4], displayNumber(lxr.methods[0].neg.areas[ki]));
    EXPECT_EQ(t->rows.back()[0], "Popularity order");
    for (const auto& row : t->rows) // people read names, not the engine's ids
        for (const char* id : {"loo", "ig", "grad", "shapley", "random", "popularity"})
            EXPECT_NE(row[0], id);
    EXPECT_EQ(t->rows.back()[3], displayNumber(lxr.references[1].pos.areas[ki]));
    // JSON: the engine's "lxr" block, embedded as is.
    EXPECT_EQ(out.json["explanations"][0]["lxr"], lxrToJson(lxr));
}

TEST(ReportCustomer, JsonCarriesTheEngineJsonAndTheModelCard) {
    Dataset ds = reportDataset();
    CustomerReportData d = reportCustomerData(ds);
    ModelCard card = reportModelCard(ds);
    ReportOutput out = buildCustomerReport(ds, d, card);
    ASSERT_EQ(out.json["explanations"].size(), 2u);
    EXPECT_EQ(out.json["explanations"][0], explanationToJson(d.explanations[0], ds, d.userId));
    EXPECT_EQ(out.json["model_card"], modelCardToJson(card));
    EXPECT_EQ(out.json["model_card"]["dataset"]["fingerprint"], ds.fingerprint);
    EXPECT_EQ(out.json["top_k"][0]["score"].get<float>(), d.topK[0].score);
    // Survives a text round trip (what consumers read); the one invalid-UTF-8 title is the
    // only thing that changes (to U+FFFD).
    auto back = nlohmann::json::parse(
        out.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    EXPECT_EQ(back["explanations"][0]["summary"], out.json["explanations"][0]["summary"]);
    EXPECT_EQ(back["model_card"], out.json["model_card"]);
    EXPECT_EQ(back["top_k"][0], out.json["top_k"][0]);
}

TEST(ReportCustomer, DocumentHasEveryRequiredPart) {
    Dataset ds = reportDataset();
    CustomerReportData d = reportCustomerData(ds);
    ReportOutput out = buildCustomerReport(ds, d, reportModelCard(ds));
    std::vector<std::string> headings;
    for (const Block& b : out.document.blocks)
        if (const auto* h = std::get_if<Heading>(&b))
            headings.push_back(h->text);
    auto has = [&](const std::string& s) {
        return std::count(headings.begin(), headings.end(), s);
    };
    EXPECT_EQ(has("Attention"), 2);
    EXPECT_EQ(has("Saliency by method"), 2);
    EXPECT_EQ(has("Faithfulness"), 2);
    EXPECT_EQ(has("Minimal counterfactual"), 2);
    EXPECT_EQ(has("Model card"), 1);
    // Per explanation: 2 heatmaps, 1 bar-panel figure, 2 curves.
    EXPECT_EQ(countBlocks<Figure>(out.document), 2 * 5);
    bool summary = false;
    for (const Block& b : out.document.blocks)
        if (const auto* p = std::get_if<Paragraph>(&b))
            summary = summary || p->text == d.explanations[0].summary;
    EXPECT_TRUE(summary);
    std::vector<std::string> names;
    for (const Table& t : out.csvTables)
        names.push_back(t.csvName);
    EXPECT_EQ(names, csvTableNames(ReportKind::Customer));
}

TEST(ReportProduct, NumbersAndTablesComeFromTheMerchantExplanation) {
    Dataset ds = reportDataset();
    auto catalog = std::make_shared<CatalogExposure>();
    catalog->k = 5;
    catalog->users = 3;
    catalog->topKCount = {0, 1, 0, 2, 1, 3, 2, 0};
    catalog->interactions = {1, 2, 2, 2, 2, 2, 1, 1};
    ProductReportData data{ds.items[6].id, merchant(), catalog};
    ModelCard card = reportModelCard(ds);
    ReportOutput out = buildProductReport(ds, data, card);
    EXPECT_EQ(out.baseName, reportBaseName(ReportKind::Product, ds.items[6].id));
    std::vector<std::string> names;
    for (const Table& t : out.csvTables)
        names.push_back(t.csvName);
    EXPECT_EQ(names, csvTableNames(ReportKind::Product));
    auto exposure = roundTrip(*csvTable(out, "exposure"));
    EXPECT_EQ(std::stod(exposure[1][4]), data.merchant.topKShare);
    EXPECT_EQ(std::stod(exposure[1][7]), data.merchant.exposureLift);
    auto drivers = roundTrip(*csvTable(out, "drivers"));
    ASSERT_EQ(drivers.size(), 3u);
    EXPECT_EQ(drivers[1][0], ds.items[5].id);
    EXPECT_EQ(std::stof(drivers[1][4]), 0.75f);
    EXPECT_EQ(out.json["merchant"], merchantToJson(data.merchant, ds));
    EXPECT_EQ(out.json["catalog_exposure"]["in_top_k"], 2);
    EXPECT_EQ(countBlocks<Figure>(out.document), 3); // histogram, drivers, scatter
}

// Page one leads with the verdicts: the summary, the at-a-glance table (one row per explained
// recommendation, its decisive purchases from the verified counterfactual when there is one) and
// the list; the history and the details start after a page break.
TEST(ReportCustomer, FirstPageLeadsWithASummaryOfEachExplainedRecommendation) {
    Dataset ds = reportDataset();
    CustomerReportData d = reportCustomerData(ds);
    ReportOutput out = buildCustomerReport(ds, d, reportModelCard(ds));
    std::vector<std::string> order; // headings and page breaks in reading order
    const Table* glance = nullptr;
    for (const Block& b : out.document.blocks) {
        if (const auto* h = std::get_if<Heading>(&b))
            order.push_back(h->text);
        else if (std::holds_alternative<PageBreak>(b))
            order.push_back("<page>");
        else if (const auto* t = std::get_if<Table>(&b);
                 t && !glance && !t->header.empty() && t->header[1] == "Recommended")
            glance = t;
    }
    ASSERT_GE(order.size(), 4u);
    EXPECT_EQ(std::vector<std::string>(order.begin(), order.begin() + 4),
              (std::vector<std::string>{"At a glance", "Recommendations", "<page>", "History"}));
    ASSERT_NE(glance, nullptr);
    ASSERT_EQ(glance->rows.size(), d.explanations.size());
    for (std::size_t i = 0; i < d.explanations.size(); ++i) {
        const ExplanationBundle& b = d.explanations[i];
        const auto& row = glance->rows[i];
        EXPECT_EQ(row[0], std::to_string(b.targetRank));
        EXPECT_EQ(row[1], ds.items[static_cast<std::size_t>(b.target)].title);
        if (b.counterfactual && b.counterfactual->found && b.counterfactual->verified) {
            for (ItemIndex removed : b.counterfactual->removedItems)
                EXPECT_NE(row[2].find(ds.items[static_cast<std::size_t>(removed)].title),
                          std::string::npos)
                    << row[2];
            EXPECT_NE(row[2].find("to #" + std::to_string(b.counterfactual->newRank)),
                      std::string::npos);
        }
        EXPECT_NE(row[3].find("deletion AUC"), std::string::npos) << row[3];
    }
}
