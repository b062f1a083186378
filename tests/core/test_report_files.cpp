// Writing reports: the file set, completeness (what resumable batches rely on), stale
// temporaries from a killed run, and the PDF hook.
#include "report/customerreport.h"
#include "report/reportfiles.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include "common/atomicfile.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace reclens;
using namespace reclens::report;
using namespace reclens::test;

namespace {

ReportOutput customerOutput(const Dataset& ds) {
    const CustomerReportData d =
        reportCustomerData(ds, {.explainedRanks = {1}, .withTimes = false});
    return buildCustomerReport(ds, d, reportModelCard(ds));
}

} // namespace

TEST(ReportFiles, ParsesFormatLists) {
    auto f = parseReportFormats("html,csv");
    ASSERT_TRUE(f.ok());
    EXPECT_TRUE(f->html && f->csv && !f->pdf && !f->json);
    EXPECT_FALSE(parseReportFormats("html,docx").ok());
    EXPECT_FALSE(parseReportFormats("").ok());
}

TEST(ReportFiles, SafeBaseNamesNeverCollideOrEscapeTheDirectory) {
    EXPECT_EQ(reportBaseName(ReportKind::Customer, "17850"), "customer-17850");
    const std::string a = reportBaseName(ReportKind::Customer, "../x");
    const std::string b = reportBaseName(ReportKind::Customer, "__x");
    EXPECT_EQ(a.find('/'), std::string::npos);
    EXPECT_NE(a, b);
    EXPECT_NE(reportBaseName(ReportKind::Customer, "a/b"),
              reportBaseName(ReportKind::Customer, "a_b"));
}

TEST(ReportFiles, WritesEveryRequestedFileAndReportsCompleteness) {
    Dataset ds = reportDataset();
    ReportOutput out = customerOutput(ds);
    const std::string dir = scratchDir("write");
    ReportFormats formats{true, false, true, true};
    EXPECT_FALSE(reportComplete(dir, ReportKind::Customer, out.baseName, formats));
    ASSERT_TRUE(writeReport(dir, out, formats).ok());
    auto files = reportFiles(dir, ReportKind::Customer, out.baseName, formats);
    EXPECT_EQ(files.size(), 5u + 2u);
    for (const auto& f : files)
        EXPECT_GT(fs::file_size(f), 0u) << f;
    EXPECT_TRUE(reportComplete(dir, ReportKind::Customer, out.baseName, formats));
    fs::remove(files.back());
    EXPECT_FALSE(reportComplete(dir, ReportKind::Customer, out.baseName, formats));
    // Written as valid UTF-8 even though one item title holds invalid bytes (U+FFFD instead).
    auto json = nlohmann::json::parse(readFile(files[5]));
    EXPECT_EQ(json, nlohmann::json::parse(
                        out.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    EXPECT_EQ(json["top_k"].size(), out.json["top_k"].size());
    EXPECT_NE(readFile(files[5]).find("bad \xef\xbf\xbd\xef\xbf\xbd bytes"), std::string::npos);
}

TEST(ReportFiles, PdfNeedsARendererAndUsesTheOneGiven) {
    Dataset ds = reportDataset();
    ReportOutput out = customerOutput(ds);
    const std::string dir = scratchDir("pdf");
    ReportFormats pdfOnly{false, true, false, false};
    EXPECT_FALSE(writeReport(dir, out, pdfOnly).ok());
    int calls = 0;
    auto fake = [&](const ReportDocument& doc) -> Expected<std::string> {
        ++calls;
        return std::string("%PDF-fake ") + doc.title;
    };
    ASSERT_TRUE(writeReport(dir, out, pdfOnly, fake).ok());
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(readFile(dir + "/" + out.baseName + ".pdf"), "%PDF-fake " + out.document.title);
    auto failing = [](const ReportDocument&) -> Expected<std::string> {
        return makeError(ErrorCode::Internal, "", 0, 0, "boom");
    };
    auto st = writeReport(scratchDir("pdf-fail"), out, pdfOnly, failing);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().message, "boom");
}

TEST(ReportFiles, RemovesOnlyTheTemporariesOfItsOwnTargets) {
    const std::string dir = scratchDir("stale");
    const std::string mine = dir + "/customer-1.html", other = dir + "/customer-2.html";
    // The target first: saving it would already clean its temporaries of exited processes.
    for (const auto& p : {mine, mine + ".tmp-123-456", other + ".tmp-9-9"})
        ASSERT_TRUE(writeFileAtomically(p, "x").ok());
    EXPECT_EQ(removeStaleTemporaries(dir, {mine}), 1);
    EXPECT_FALSE(fs::exists(mine + ".tmp-123-456"));
    EXPECT_TRUE(fs::exists(other + ".tmp-9-9"));
    EXPECT_TRUE(fs::exists(mine));
}
