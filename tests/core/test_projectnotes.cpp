// What the workbench keeps in a project besides feedback (issue 15): what-if edits stored by
// item id and re-applied to a history (a product gone from the dataset is named and dropped),
// and analysts' notes in the customer report (HTML/PDF section, CSV table, JSON rows that the
// schema checks).

#include "jsonschemalite.h"
#include "project/feedbackjson.h"
#include "project/whatifedits.h"
#include "report/customerreport.h"
#include "report/feedbacksection.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include <gtest/gtest.h>

using namespace reclens;

TEST(ProjectWhatIf, EditsStoredByIdReapplyToTheSameHistoryAsTheEngine) {
    const Dataset ds = test::reportDataset("C1");
    const History history = {0, 1, 2, 3, 4, 5};
    const std::vector<HistoryEdit> edits = {{HistoryEdit::Kind::Remove, 4, -1, -1},
                                            {HistoryEdit::Kind::Insert, 1, 7, -1},
                                            {HistoryEdit::Kind::Move, 0, -1, 3},
                                            {HistoryEdit::Kind::Replace, 2, 6, -1}};
    const std::vector<WhatIfEdit> stored = toWhatIfEdits(ds, "C1", edits);
    ASSERT_EQ(stored.size(), 4u);
    EXPECT_EQ(stored[1].kind, "insert");
    EXPECT_EQ(stored[1].item, ds.items[7].id); // the id, not the index
    EXPECT_EQ(stored[2].toPosition, 3);
    EXPECT_TRUE(stored[0].item.empty());
    std::vector<std::string> missing;
    // Independent of the conversion: the engine's own applyEdits on the index edits.
    EXPECT_EQ(applyWhatIfEdits(ds, history, stored, &missing),
              applyEdits(history, edits, static_cast<int>(ds.items.size())));
    EXPECT_TRUE(missing.empty());

    Project p;
    EXPECT_TRUE(replaceWhatIfEdits(p, "C1", stored));
    EXPECT_FALSE(replaceWhatIfEdits(p, "C1", stored));     // unchanged: the project is not touched
    EXPECT_TRUE(replaceWhatIfEdits(p, "C2", {stored[0]})); // becomes C2's edit
    EXPECT_EQ(whatIfEditsOf(p, "C1"), stored);
    EXPECT_TRUE(replaceWhatIfEdits(p, "C1", {}));
    ASSERT_EQ(p.whatIfEdits.size(), 1u);
    EXPECT_EQ(p.whatIfEdits[0].customer, "C2");
}

TEST(ProjectWhatIf, AProductNoLongerInTheDatasetIsNamedAndDropped) {
    const Dataset ds = test::reportDataset("C1");
    const History history = {0, 1, 2};
    const std::vector<WhatIfEdit> stored = {{"C1", "insert", 0, "gone-123", -1},
                                            {"C1", "remove", 2, "", -1},
                                            {"C1", "replace", 0, "gone-456", -1},
                                            {"C1", "remove", 9, "", -1}}; // past the end
    std::vector<std::string> missing;
    const History edited = applyWhatIfEdits(ds, history, stored, &missing);
    EXPECT_EQ(edited, (History{0, 1}));
    EXPECT_EQ(missing, (std::vector<std::string>{"gone-123", "gone-456"}));
}

TEST(ProjectNotes, CustomerReportCarriesTheCustomersNotesInEveryFormat) {
    Dataset ds = test::reportDataset();
    report::CustomerReportData d =
        test::reportCustomerData(ds, {.explainedRanks = {1}, .withTimes = false});
    const std::string target = ds.items[static_cast<size_t>(d.explanations[0].target)].id;
    d.notes = {{d.userId, target, "check the mugs", 1700000000},
               {"someone-else", target, "not this one", 1700000001},
               {d.userId, "", "loyal customer", 1700000002}};
    const report::ReportOutput out = report::buildCustomerReport(ds, d, test::reportModelCard(ds));
    ASSERT_TRUE(out.json.contains("analyst_notes"));
    const auto& notes = out.json["analyst_notes"];
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0]["text"], "check the mugs");
    EXPECT_EQ(notes[0]["target"], target);
    EXPECT_EQ(notes[1]["text"], "loyal customer");
    EXPECT_EQ(notes[1]["time"], 1700000002);
    EXPECT_FALSE(out.json.contains("analyst_feedback")); // notes alone: no verdict rows

    bool heading = false;
    const report::Table* shown = nullptr;
    for (const auto& b : out.document.blocks) {
        if (const auto* h = std::get_if<report::Heading>(&b))
            heading = heading || h->text == "Analyst feedback and notes";
        if (const auto* t = std::get_if<report::Table>(&b);
            t && t->header == std::vector<std::string>{"About", "Note", "Date (UTC)"})
            shown = t;
    }
    EXPECT_TRUE(heading);
    ASSERT_NE(shown, nullptr);
    ASSERT_EQ(shown->rows.size(), 2u);
    EXPECT_EQ(shown->rows[1][0], "the customer");
    EXPECT_EQ(shown->rows[0][2], "2023-11-14 22:13");
    bool csv = false;
    for (const auto& t : out.csvTables)
        csv = csv || (t.csvName == "notes" && t.rows.size() == 2u);
    EXPECT_TRUE(csv);

    nlohmann::json report = out.json;
    test::SchemaLite schema(
        nlohmann::json::parse(test::readFile(test::sourcePath("docs/report-schema.json"))));
    const auto errors = schema.validate(report);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    report["analyst_notes"][0]["time"] = "yesterday"; // the schema really checks the rows
    EXPECT_FALSE(schema.validate(report).empty());
}
