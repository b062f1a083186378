// PDF output through Qt, checked with poppler: it opens, has the pages the layout says, draws
// charts as vectors (no embedded images) and keeps hostile text intact.
#include "common/atomicfile.h"
#include "pdfrenderer.h"
#include "report/charts.h"
#include "report/customerreport.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <regex>

using namespace reclens;
using namespace reclens::report;
using namespace reclens::test;

namespace {

ReportDocument customerDocument() {
    Dataset ds = reportDataset();
    return buildCustomerReport(ds, reportCustomerData(ds), reportModelCard(ds)).document;
}

std::string writePdf(const ReportDocument& doc, const std::string& dir, int* pages = nullptr) {
    auto pdf = render::renderPdf(doc);
    EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
    if (!pdf.ok())
        return {};
    if (pages)
        *pages = pdf->pages;
    const std::string path = dir + "/report.pdf";
    EXPECT_TRUE(writeFileAtomically(path, pdf->bytes).ok());
    return path;
}

int pdfinfoPages(const std::string& path) {
    CommandResult info = runCommand("pdfinfo '" + path + "'");
    EXPECT_EQ(info.exitCode, 0) << info.output;
    std::smatch m;
    const std::regex pages(R"(Pages:\s+(\d+))");
    return std::regex_search(info.output, m, pages) ? std::stoi(m[1]) : -1;
}

} // namespace

TEST(RenderPdf, IsAvailableInTheQtBuild) {
    EXPECT_TRUE(render::pdfAvailable());
}

TEST(RenderPdf, OpensWithPopplerWithThePagesTheLayoutProduced) {
    const std::string dir = scratchDir("customer");
    int pages = 0;
    const std::string path = writePdf(customerDocument(), dir, &pages);
    ASSERT_FALSE(path.empty());
    EXPECT_EQ(readFile(path).substr(0, 5), "%PDF-");
    // Title page + one page per explanation (each starts a page) + model card at least.
    EXPECT_GE(pages, 4);
    EXPECT_EQ(pdfinfoPages(path), pages);
    CommandResult ppm =
        runCommand("pdftoppm -png -r 30 -f 1 -l 2 '" + path + "' '" + dir + "/page'");
    EXPECT_EQ(ppm.exitCode, 0) << ppm.output;
    for (const char* png : {"/page-1.png", "/page-2.png", "/page-01.png", "/page-02.png"}) {
        if (std::filesystem::exists(dir + png)) {
            EXPECT_GT(std::filesystem::file_size(dir + png), 1000u) << png;
        }
    }
    const bool rendered = std::filesystem::exists(dir + "/page-1.png") ||
                          std::filesystem::exists(dir + "/page-01.png");
    EXPECT_TRUE(rendered);
}

TEST(RenderPdf, PageBreaksGiveExactlyThePagesExpected) {
    ReportDocument doc;
    doc.title = "Four pages";
    for (int i = 0; i < 4; ++i) {
        if (i > 0)
            doc.pageBreak();
        doc.heading(2, "Section " + std::to_string(i + 1));
        doc.paragraph("Short text.");
    }
    doc.pageBreak();
    doc.pageBreak(); // a break on a page that is still empty adds nothing
    doc.paragraph("Fifth page.");
    int pages = 0;
    const std::string path = writePdf(doc, scratchDir("breaks"), &pages);
    EXPECT_EQ(pages, 5);
    EXPECT_EQ(pdfinfoPages(path), 5);
}

TEST(RenderPdf, ChartsAreVectorPathsNotImages) {
    const std::string path = writePdf(customerDocument(), scratchDir("vector"));
    CommandResult images = runCommand("pdfimages -list '" + path + "'");
    ASSERT_EQ(images.exitCode, 0) << images.output;
    // pdfimages prints a two-line header and one line per image.
    int lines = 0;
    for (char c : images.output)
        lines += c == '\n';
    EXPECT_EQ(lines, 2) << images.output;
}

TEST(RenderPdf, HostileTextSurvivesInMetadataAndPageText) {
    ReportDocument doc = customerDocument();
    const std::string path = writePdf(doc, scratchDir("text"));
    CommandResult info = runCommand("pdfinfo '" + path + "'");
    const auto titleLine = info.output.substr(0, info.output.find('\n'));
    EXPECT_EQ(std::regex_replace(titleLine, std::regex("^Title:\\s+"), ""), doc.title);
    CommandResult text = runCommand("pdftotext -layout '" + path + "' -");
    ASSERT_EQ(text.exitCode, 0);
    EXPECT_NE(text.output.find(kScriptTitle), std::string::npos);
    EXPECT_NE(text.output.find("Caf\xc3\xa9 \xc3\x9c"
                               "ber"),
              std::string::npos);
    EXPECT_NE(text.output.find("Model card"), std::string::npos);
}

TEST(RenderPdf, LargeFiguresAreScaledToFitThePage) {
    ReportDocument doc;
    doc.title = "Big heatmap";
    HeatmapSpec s;
    for (int i = 0; i < 60; ++i) {
        s.rowLabels.push_back("row " + std::to_string(i));
        s.colLabels.push_back("a rather long column label " + std::to_string(i));
    }
    s.values.assign(60 * 60, 0.5);
    doc.add(heatmap(s));
    int pages = 0;
    writePdf(doc, scratchDir("big"), &pages);
    EXPECT_EQ(pages, 1);
}

TEST(RenderPdf, AWideTableStaysInsideThePage) {
    // A customer report's table of every method's attribution ran off the right edge
    // (cut at "Occlusion in place"): more columns than their longest words fit.
    ReportDocument doc;
    doc.title = "Wide table";
    Table t;
    t.header = {"#",
                "Product",
                "Gradient \xc3\x97 input",
                "Integrated gradients",
                "Leave-one-out",
                "Shapley (sampled)",
                "Occlusion in place",
                "Attention rollout",
                "Counterfactual membership",
                "Faithfulness comprehensiveness"};
    for (int r = 0; r < 6; ++r)
        t.rows.push_back({std::to_string(r + 1), "Extraordinarily-long-hyphenated-product-name",
                          "0.000988", "-0.0000320", "0.1235", "12,345", "0.5", "0.25", "yes",
                          "0.0312"});
    t.align.assign(t.header.size(), Align::Right);
    doc.add(t);
    const std::string path = writePdf(doc, scratchDir("wide"));
    CommandResult boxes = runCommand("pdftotext -bbox '" + path + "' -");
    ASSERT_EQ(boxes.exitCode, 0) << boxes.output;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(boxes.output, m, std::regex(R"re(<page width="([0-9.]+)")re")));
    const double pageWidth = std::stod(m[1]);
    const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)")re");
    int words = 0;
    for (auto it = std::sregex_iterator(boxes.output.begin(), boxes.output.end(), word);
         it != std::sregex_iterator(); ++it, ++words)
        EXPECT_LE(std::stod((*it)[2]), pageWidth - 20.0) << "a word ends in the right margin";
    EXPECT_GT(words, 60); // the header and every cell were drawn
    EXPECT_NE(boxes.output.find(">Occlus"), std::string::npos); // may break inside words
}
