// The project note (Project::note): one free-text field for the whole project, kept in the
// project file as a key of its `project` table, so files saved before it still open; and shown
// in the reports' "Analyst feedback and notes" section (HTML/PDF document and JSON).

#include "project/projectfile.h"
#include "report/customerreport.h"
#include "report/productreport.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

using namespace reclens;
using namespace reclens::report;

namespace {

/// The value of the key/value row "Project note" in the section, "" when it is absent.
std::string projectNoteShown(const ReportDocument& doc) {
    bool inSection = false;
    for (const Block& b : doc.blocks) {
        if (const auto* h = std::get_if<Heading>(&b))
            inSection = h->text == "Analyst feedback and notes";
        else if (const auto* kv = std::get_if<KeyValues>(&b); kv && inSection)
            for (const auto& [k, v] : kv->items)
                if (k == "Project note")
                    return v;
    }
    return {};
}

} // namespace

TEST(ProjectNote, SurvivesSaveAndLoadAndAFileWithoutItOpensWithNoNote) {
    const std::string path = test::scratchDir("projectnote") + "/note.reclens";
    Project p;
    p.datasetPath = "/data/shop.csv";
    p.note =
        "Checked the k-core filter.\nAsk the client about \xe2\x80\x9cvase\xe2\x80\x9d returns.";
    p.bookmarks = {{"12347", "85123A", "odd top pick"}};
    ASSERT_TRUE(saveProject(path, p).ok());
    auto back = loadProject(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->note, p.note);
    EXPECT_TRUE(*back == p);

    // A file as the build before the note wrote it: the same schema version without the row.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DELETE FROM project WHERE key = 'note'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_changes(db), 1) << "the note is not where the format says it is";
    sqlite3_close(db);
    auto older = loadProject(path);
    ASSERT_TRUE(older.ok()) << older.error().message;
    EXPECT_TRUE(older->note.empty());
    EXPECT_EQ(older->datasetPath, p.datasetPath);
    EXPECT_EQ(older->bookmarks, p.bookmarks);
}

TEST(ProjectNote, ReportsShowItInTheAnalystSectionAndJson) {
    Dataset ds = test::reportDataset();
    const ModelCard card = test::reportModelCard(ds);
    CustomerReportData d =
        test::reportCustomerData(ds, {.explainedRanks = {1}, .withTimes = false});
    EXPECT_EQ(projectNoteShown(buildCustomerReport(ds, d, card).document), "");
    EXPECT_FALSE(buildCustomerReport(ds, d, card).json.contains("project_note"));
    d.projectNote = "Seasonal shop: December skews the histories.";
    const ReportOutput customer = buildCustomerReport(ds, d, card);
    EXPECT_EQ(projectNoteShown(customer.document), d.projectNote);
    EXPECT_EQ(customer.json["project_note"], d.projectNote);

    MerchantExplanation m;
    m.item = 6;
    ProductReportData p{ds.items[6].id, m, nullptr};
    const ReportOutput product = buildProductReport(ds, p, card, "Seasonal shop.");
    EXPECT_EQ(projectNoteShown(product.document), "Seasonal shop.");
    EXPECT_EQ(product.json["project_note"], "Seasonal shop.");
}
