// Analysis project files (*.reclens, core/project): every field survives a save and a fresh
// load, bad files give errors that name the file, and the feedback summary ranks methods by
// what analysts said.

#include "jsonschemalite.h"
#include "project/feedbackjson.h"
#include "project/feedbacksummary.h"
#include "project/projectfile.h"
#include "report/customerreport.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <sqlite3.h>

using namespace reclens;

namespace {

/// A project with every field set to a value other than its default.
Project fullProject() {
    Project p;
    p.datasetPath = "/data/online retail/Online Retail.csv";
    ImportOptions& o = p.importOptions;
    o.format = DataFormat::Csv;
    o.catalogPath = "/data/catalog.csv";
    o.userColumn = "customer";
    o.itemColumn = "sku";
    o.timeColumn = "when";
    o.catalogColumns.item = "sku";
    o.catalogColumns.title = "name";
    o.catalogColumns.category = {"dept", "", "aisle"};
    o.catalogColumns.brand = "";
    o.catalogColumns.price = "unit_price";
    o.kCore = 3;
    o.limits.maxItems = 1234;
    o.limits.maxUsers = 5678;
    o.limits.maxHistory = 91;
    p.checkpoints = {"/models/a.ckpt", "/models/b model.pt"};
    p.setSetting("explain.k", "10");
    p.setSetting("explain.ig_steps", "64");
    p.pinnedCustomers = {{"12347", ""}, {"13047", "/models/b model.pt"}};
    p.bookmarks = {{"12347", "85123A", "odd top pick"}, {"17850", "", ""}};
    p.whatIfEdits = {{"12347", "remove", 2, "", -1},
                     {"12347", "insert", 0, "22423", -1},
                     {"12347", "move", 1, "", 4},
                     {"12347", "replace", 3, "84029E", -1}};
    p.notes = {{"", "", "Checked the k-core filter.\nSecond line, 'quoted' \"too\".", 1700000000},
               {"12347", "85123A", "\xc3\x9cmlauts and \xe2\x80\x94 dashes", 1700000100}};
    p.feedback = {
        {"12347", "85123A", "loo", FeedbackRating::Helpful, "clear", 1700000200},
        {"12347", "85123A", "ig", FeedbackRating::Wrong, "blames the wrong mug", 1700000300},
        {"17850", "22423", "shapley", FeedbackRating::Unclear, "", 1700000400}};
    return p;
}

void corruptByte(const std::string& path, std::streamoff at) {
    std::string bytes = test::readFile(path);
    ASSERT_GT(static_cast<std::streamoff>(bytes.size()), at);
    bytes[static_cast<size_t>(at)] = static_cast<char>(bytes[static_cast<size_t>(at)] ^ 0x5a);
    test::writeFile(path, bytes);
}

} // namespace

TEST(ProjectFile, EveryFieldSurvivesSaveAndLoad) {
    const std::string path = test::scratchDir("roundtrip") + "/analysis.reclens";
    const Project p = fullProject();
    ASSERT_FALSE(p == Project{}); // the comparison sees the fields
    auto st = saveProject(path, p);
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto back = loadProject(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->datasetPath, p.datasetPath);
    EXPECT_TRUE(back->importOptions == p.importOptions);
    EXPECT_EQ(back->checkpoints, p.checkpoints);
    EXPECT_EQ(back->settings, p.settings);
    EXPECT_EQ(back->pinnedCustomers, p.pinnedCustomers);
    EXPECT_EQ(back->bookmarks, p.bookmarks);
    EXPECT_EQ(back->whatIfEdits, p.whatIfEdits);
    EXPECT_EQ(back->notes, p.notes);
    EXPECT_EQ(back->feedback, p.feedback);
    EXPECT_TRUE(*back == p);
    // Saving again over it replaces, not appends.
    Project q = p;
    q.feedback.pop_back();
    q.setSetting("explain.k", "5");
    ASSERT_TRUE(saveProject(path, q).ok());
    auto again = loadProject(path);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(*again == q);
    EXPECT_EQ(again->setting("explain.k"), "5");
}

TEST(ProjectFile, IsARealSqliteDatabaseWithVersionAndApplicationId) {
    const std::string path = test::scratchDir("sqlite") + "/a.reclens";
    ASSERT_TRUE(saveProject(path, fullProject()).ok());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    auto scalar = [&](const char* sql) {
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sql;
        EXPECT_EQ(sqlite3_step(s), SQLITE_ROW) << sql;
        const auto v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return v;
    };
    EXPECT_EQ(scalar("PRAGMA user_version"), kProjectSchemaVersion);
    EXPECT_EQ(scalar("PRAGMA application_id"), kProjectApplicationId);
    EXPECT_EQ(scalar("SELECT count(*) FROM feedback WHERE rating = 'wrong'"), 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM what_if_edits"), 4);
    sqlite3_close(db);
    EXPECT_FALSE(std::filesystem::exists(path + "-journal"));
}

TEST(ProjectFile, GarbageAndDamagedFilesAreClearErrorsNamingTheFile) {
    const std::string dir = test::scratchDir("bad");
    const std::string garbage = dir + "/garbage.reclens";
    test::writeFile(garbage, std::string(5000, 'x') + "not a database at all\n");
    auto g = loadProject(garbage);
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.error().code, ErrorCode::Parse);
    EXPECT_NE(g.error().message.find(garbage), std::string::npos) << g.error().message;
    EXPECT_NE(g.error().message.find("not an SQLite database"), std::string::npos);

    auto missing = loadProject(dir + "/missing.reclens");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
    EXPECT_NE(missing.error().message.find("missing.reclens"), std::string::npos);

    const std::string empty = dir + "/empty.reclens";
    test::writeFile(empty, "");
    auto e = loadProject(empty);
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().message.find("not a RecLens project"), std::string::npos)
        << e.error().message;

    // A header-valid file whose page 1 (the schema) was damaged after the 100-byte header.
    const std::string damaged = dir + "/damaged.reclens";
    ASSERT_TRUE(saveProject(damaged, fullProject()).ok());
    corruptByte(damaged, 100 + 8);
    auto d = loadProject(damaged);
    ASSERT_FALSE(d.ok()) << "a damaged schema page loaded";
    EXPECT_NE(d.error().message.find(damaged), std::string::npos) << d.error().message;

    // Another application's SQLite database.
    const std::string other = dir + "/other.sqlite";
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    auto o = loadProject(other);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error().code, ErrorCode::Schema);
    EXPECT_NE(o.error().message.find("another application"), std::string::npos)
        << o.error().message;
}

TEST(ProjectFile, NewerSchemaVersionIsRefusedWithTheVersions) {
    const std::string path = test::scratchDir("future") + "/future.reclens";
    ASSERT_TRUE(saveProject(path, fullProject()).ok());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string bump = "PRAGMA user_version = " + std::to_string(kProjectSchemaVersion + 1);
    ASSERT_EQ(sqlite3_exec(db, bump.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    auto r = loadProject(path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Schema);
    const std::string& m = r.error().message;
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("newer RecLens"), std::string::npos) << m;
    EXPECT_NE(m.find("version " + std::to_string(kProjectSchemaVersion + 1)), std::string::npos)
        << m;
}

TEST(ProjectFile, BadRatingInTheFileIsASchemaError) {
    const std::string path = test::scratchDir("rating") + "/r.reclens";
    ASSERT_TRUE(saveProject(path, fullProject()).ok());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    // The CHECK constraint guards writers; a file edited without it must still be refused.
    ASSERT_EQ(sqlite3_exec(db,
                           "PRAGMA ignore_check_constraints = ON; "
                           "UPDATE feedback SET rating = 'great' WHERE position = 0;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    auto r = loadProject(path);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("'great'"), std::string::npos) << r.error().message;
}

TEST(ProjectFile, SaveIntoMissingFolderFailsAndNamesTheFile) {
    const std::string path = test::scratchDir("nofolder") + "/no/such/dir/p.reclens";
    auto st = saveProject(path, fullProject());
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::Io);
    EXPECT_NE(st.error().message.find(path), std::string::npos);
}

TEST(ProjectFeedback, ChangedVerdictReplacesTheEarlierOne) {
    Project p;
    p.addFeedback({"c", "i", "loo", FeedbackRating::Wrong, "", 1});
    p.addFeedback({"c", "i", "ig", FeedbackRating::Helpful, "", 2});
    p.addFeedback({"c", "i", "loo", FeedbackRating::Helpful, "on second look", 3});
    ASSERT_EQ(p.feedback.size(), 2u);
    const auto rows = p.feedbackFor("c", "i");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].method, "loo");
    EXPECT_EQ(rows[1].rating, FeedbackRating::Helpful);
    EXPECT_TRUE(p.feedbackFor("c", "other").empty());
}

TEST(ProjectFeedback, SummaryRanksByHelpfulNetOfWrongWithEngineOrderOnTies) {
    const std::vector<std::string> engine = {"loo", "occlusion", "shapley", "ig"};
    // No feedback: the engine default.
    auto none = summarizeFeedback({}, engine);
    EXPECT_EQ(none.preferredMethod, "loo");
    EXPECT_EQ(none.ratings, 0);
    ASSERT_EQ(none.ranking.size(), engine.size());

    std::vector<Feedback> f;
    auto add = [&](const std::string& m, FeedbackRating r, int n) {
        for (int i = 0; i < n; ++i)
            f.push_back({"c" + std::to_string(f.size()), "t", m, r, "", 0});
    };
    add("ig", FeedbackRating::Helpful, 3);
    add("ig", FeedbackRating::Wrong, 1);        // ig: net 2
    add("shapley", FeedbackRating::Helpful, 2); // shapley: net 2, tie with ig
    add("loo", FeedbackRating::Helpful, 1);
    add("loo", FeedbackRating::Wrong, 3); // loo: net -2
    add("loo", FeedbackRating::Unclear, 2);
    add("lime", FeedbackRating::Helpful, 1); // unknown to the engine list: ranked after it
    auto s = summarizeFeedback(f, engine);
    EXPECT_EQ(s.ratings, 13);
    // shapley comes before ig in the engine order, so it wins the tie.
    EXPECT_EQ(s.preferredMethod, "shapley");
    std::vector<std::string> order;
    for (const auto& m : s.ranking)
        order.push_back(m.method);
    EXPECT_EQ(order, (std::vector<std::string>{"shapley", "ig", "lime", "occlusion", "loo"}));
    const MethodFeedback& loo = s.ranking.back();
    EXPECT_EQ(loo.helpful, 1);
    EXPECT_EQ(loo.wrong, 3);
    EXPECT_EQ(loo.unclear, 2);
    EXPECT_EQ(loo.net(), -2);
    EXPECT_EQ(loo.total(), 6);

    // Only negative feedback on the default: unrated methods (net 0) beat it, in engine order.
    auto neg = summarizeFeedback({{"c", "t", "loo", FeedbackRating::Wrong, "", 0}}, engine);
    EXPECT_EQ(neg.preferredMethod, "occlusion");
}

TEST(ProjectFeedback, ReportJsonCarriesOnlyTheExplainedCustomersRowsAndConforms) {
    Dataset ds = test::reportDataset();
    const report::CustomerReportData d =
        test::reportCustomerData(ds, {.explainedRanks = {1}, .withTimes = false});
    ASSERT_EQ(d.explanations.size(), 1u);
    const std::string target = ds.items[static_cast<size_t>(d.explanations[0].target)].id;
    std::vector<Feedback> rows = {
        {d.userId, target, "ig", FeedbackRating::Wrong, "odd", 1700000000},
        {d.userId, "not-explained", "ig", FeedbackRating::Helpful, "", 1700000001},
        {"someone-else", target, "loo", FeedbackRating::Helpful, "", 1700000002},
        {d.userId, target, "loo", FeedbackRating::Unclear, "", 1700000003}};
    const nlohmann::json j = feedbackJson(rows, d.userId, {target});
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j[0]["method"], "ig");
    EXPECT_EQ(j[0]["rating"], "wrong");
    EXPECT_EQ(j[0]["comment"], "odd");
    EXPECT_EQ(j[1]["rating"], "unclear");
    EXPECT_TRUE(feedbackJson(rows, "nobody", {target}).empty());

    // Without feedback the report has no section, CSV table or JSON rows.
    const report::ReportOutput plain =
        report::buildCustomerReport(ds, d, test::reportModelCard(ds));
    EXPECT_FALSE(plain.json.contains("analyst_feedback"));
    auto hasFeedbackHeading = [](const report::ReportDocument& doc) {
        for (const auto& b : doc.blocks)
            if (const auto* h = std::get_if<report::Heading>(&b);
                h && h->text == "Analyst feedback and notes")
                return true;
        return false;
    };
    EXPECT_FALSE(hasFeedbackHeading(plain.document));

    // With the project's rows: the builder keeps the same two rows everywhere.
    report::CustomerReportData withFeedback = d;
    withFeedback.feedback = rows;
    const report::ReportOutput out =
        report::buildCustomerReport(ds, withFeedback, test::reportModelCard(ds));
    EXPECT_EQ(out.json.at("analyst_feedback"), j);
    EXPECT_TRUE(hasFeedbackHeading(out.document));
    const report::Table* shown = nullptr;
    for (const auto& b : out.document.blocks)
        if (const auto* t = std::get_if<report::Table>(&b);
            t && !t->header.empty() && t->header[0] == "Product" && t->header.size() == 5)
            shown = t;
    ASSERT_NE(shown, nullptr);
    ASSERT_EQ(shown->rows.size(), 2u);
    EXPECT_EQ(shown->rows[0][1], "Integrated gradients"); // the name people read, not "ig"
    EXPECT_EQ(shown->rows[0][2], "wrong");
    EXPECT_EQ(shown->rows[0][4], "2023-11-14 22:13");
    EXPECT_EQ(shown->rows[1][1], "Leave-one-out");
    const report::Table* csv = nullptr;
    for (const auto& t : out.csvTables)
        if (t.csvName == "feedback")
            csv = &t;
    ASSERT_NE(csv, nullptr);
    ASSERT_EQ(csv->rows.size(), 2u);
    EXPECT_EQ(csv->rows[0][2], "ig");
    EXPECT_EQ(csv->rows[1][5], "1700000003");

    nlohmann::json report = out.json;
    test::SchemaLite schema(
        nlohmann::json::parse(test::readFile(test::sourcePath("docs/report-schema.json"))));
    const auto errors = schema.validate(report);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    report["analyst_feedback"][0]["rating"] = "great"; // the schema really checks the rows
    EXPECT_FALSE(schema.validate(report).empty());
}
