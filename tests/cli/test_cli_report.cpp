// reclens-cli report end to end on sample_data/ with a tiny model trained here (a few epochs):
// every format is written and readable, the numbers equal `reclens-cli explain`'s, a run killed
// with SIGKILL and started again finishes the full set with no corrupt file, shards partition
// the batch.
#include "../core/jsonschemalite.h"
#include "cliprocess.h"
#include "project/projectfile.h"
#include "report/reportformat.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace reclens::test;
using nlohmann::json;

namespace {

int shell(const std::string& cmd, std::string* output = nullptr) {
    FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
    std::string out;
    char buf[4096];
    std::size_t n;
    while (pipe && (n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        out.append(buf, n);
    int status = pipe ? ::pclose(pipe) : -1;
    if (output)
        *output = out;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// scratchDir() keeps old contents; these tests need an empty folder (resumability!).
std::string fresh(const std::string& name) {
    const std::string d = scratchDir(name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

class CliReport : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto r = trainCached({"train", "--data", sourcePath("sample_data"), "--epochs", "3",
                              "--dim", "16", "--max-len", "20", "--threads", "1"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        s_model = r.path;
    }
    static std::vector<std::string> base(const std::string& out) {
        return {"report", "--model", s_model,     "--data", sourcePath("sample_data"),
                "--out",  out,       "--threads", "1"};
    }
    static std::string s_model;
};
std::string CliReport::s_model;

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST_F(CliReport, WritesEveryFormatAndItsNumbersEqualTheExplainCommand) {
    const std::string out = fresh("all-formats");
    auto r = runCli(plus(base(out), {"--users", "C10001", "--out-format", "html,pdf,json,csv",
                                     "--k", "5", "--explain-top", "2", "--json"}));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["written"], 1);
    const std::string stem = out + "/customer-C10001";
    for (const char* ext : {".html", ".pdf", ".json", ".history.csv", ".topk.csv",
                            ".attributions.csv", ".faithfulness.csv", ".counterfactual.csv"})
        EXPECT_TRUE(fs::exists(stem + ext)) << ext;
    std::string msg;
    EXPECT_EQ(shell("xmllint --html --noout '" + stem + ".html'", &msg), 0);
    EXPECT_EQ(msg, "") << "HTML parser messages";
    EXPECT_EQ(shell("pdfinfo '" + stem + ".pdf'", &msg), 0) << msg;
    EXPECT_NE(msg.find("Pages:"), std::string::npos);
    EXPECT_EQ(shell("pdftoppm -png -r 20 -f 1 -l 1 '" + stem + ".pdf' '" + out + "/p'", &msg), 0);

    const json report = json::parse(readFile(stem + ".json"));
    ASSERT_EQ(report["explanations"].size(), 2u);
    const SchemaLite schema(json::parse(readFile(sourcePath("docs/report-schema.json"))));
    EXPECT_TRUE(schema.validate(report).empty()) << schema.validate(report).front();
    // Each explanation is the engine's object and must match docs/explanation-schema.json.
    const SchemaLite explanationSchema(
        json::parse(readFile(sourcePath("docs/explanation-schema.json"))));
    for (const auto& e : report["explanations"])
        EXPECT_TRUE(explanationSchema.validate(e).empty()) << explanationSchema.validate(e).front();
    // The model card names the exact checkpoint bytes.
    std::string sha;
    ASSERT_EQ(shell("sha256sum '" + s_model + "'", &sha), 0);
    EXPECT_EQ(report["model_card"]["checkpoint"]["sha256"], sha.substr(0, 64));
    for (const auto& e : report["explanations"]) {
        const std::string target = e["target"].is_object() ? e["target"]["item"].get<std::string>()
                                                           : e["target"].get<std::string>();
        auto ex =
            runCli({"explain", "--model", s_model, "--data", sourcePath("sample_data"), "--user",
                    "C10001", "--item", target, "--k", "5", "--threads", "1", "--json"});
        ASSERT_EQ(ex.exitCode, 0) << ex.err;
        const json engine = json::parse(ex.out);
        EXPECT_EQ(e["attributions"], engine["attributions"]) << target;
        EXPECT_EQ(e["counterfactual"], engine["counterfactual"]) << target;
        EXPECT_EQ(e["faithfulness"], engine["faithfulness"]) << target;
        EXPECT_EQ(e["summary"], engine["summary"]) << target;
        // Structural check of the explanation object (keys documented in explanationjson.h).
        for (const char* key :
             {"user", "history", "target", "k", "top_k", "attributions", "ig", "attention", "loo",
              "shapley", "counterfactual", "faithfulness", "summary"})
            EXPECT_TRUE(e.contains(key)) << key;
    }
}

TEST_F(CliReport, ProductReportMatchesExplainItem) {
    const std::string out = fresh("product");
    auto r = runCli(plus(base(out), {"--items", "SKU1001", "--out-format", "html,json,csv",
                                     "--max-users", "200", "--k", "5"}));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json report = json::parse(readFile(out + "/product-SKU1001.json"));
    const SchemaLite schema(json::parse(readFile(sourcePath("docs/report-schema.json"))));
    EXPECT_TRUE(schema.validate(report).empty()) << schema.validate(report).front();
    json merchantSchema = json::parse(readFile(sourcePath("docs/explanation-schema.json")));
    merchantSchema = {{"$defs", merchantSchema["$defs"]}, {"$ref", "#/$defs/merchant"}};
    const SchemaLite merchantCheck(merchantSchema);
    EXPECT_TRUE(merchantCheck.validate(report["merchant"]).empty())
        << merchantCheck.validate(report["merchant"]).front();
    auto ex =
        runCli({"explain-item", "--model", s_model, "--data", sourcePath("sample_data"), "--item",
                "SKU1001", "--users", "200", "--k", "5", "--threads", "1", "--json"});
    ASSERT_EQ(ex.exitCode, 0) << ex.err;
    json engine = json::parse(ex.out), mine = report["merchant"];
    for (json* j : {&engine, &mine}) {
        j->erase("seconds"); // wall time differs between runs
        j->erase("compute"); // explain-item only: the threads it ran with
    }
    // The command's own envelope (schema version, which candidates were ranked), not the view.
    EXPECT_EQ(engine.value("rank_among", ""), "not_yet_bought");
    for (const char* key : {"schema_version", "exclude_bought", "exclude_bought_setting",
                            "repeat_rate", "rank_among"})
        engine.erase(key);
    EXPECT_EQ(mine, engine);
    std::string msg;
    EXPECT_EQ(shell("xmllint --html --noout '" + out + "/product-SKU1001.html'", &msg), 0);
    EXPECT_EQ(msg, "");
}

// The merchant findings (sentence, intervals of a seeded sample, top-K customers, comparison,
// what-if) reach every format, with the numbers of an independent `explain-item` run given the
// same options (the shared merchant options of both commands). SKU1055 is in many top-5s of
// the tiny model, SKU1001 in none.
TEST_F(CliReport, ProductReportCarriesTheMerchantFindingsOfExplainItem) {
    const std::string out = fresh("product-findings");
    const std::vector<std::string> merchant = {"--k",
                                               "5",
                                               "--seed",
                                               "7",
                                               "--compare",
                                               "SKU1005",
                                               "--what-if-add",
                                               "SKU1003",
                                               "--segment-min-length",
                                               "2"};
    auto r = runCli(plus(plus(base(out), {"--items", "SKU1055", "--out-format", "html,json,csv",
                                          "--max-users", "150"}),
                         merchant));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string stem = out + "/product-SKU1055";
    const json report = json::parse(readFile(stem + ".json"));
    const SchemaLite schema(json::parse(readFile(sourcePath("docs/report-schema.json"))));
    EXPECT_TRUE(schema.validate(report).empty()) << schema.validate(report).front();
    const json& m = report["merchant"];
    ASSERT_TRUE(m["sampled"].get<bool>()); // 150 of the customers with >= 2 purchases
    EXPECT_EQ(m["seed"], 7);
    EXPECT_FALSE(m["summary_sentence"].get<std::string>().empty());
    for (const char* key : {"top_k_share", "exposure_share", "mean_rank"})
        EXPECT_EQ(m["confidence"][key].size(), 2u) << key;
    ASSERT_FALSE(m["customers"].empty());
    EXPECT_EQ(m["comparison"]["other"]["item"], "SKU1005");
    EXPECT_EQ(m["what_if"]["added"]["item"], "SKU1003");

    auto ex = runCli(plus({"explain-item", "--model", s_model, "--data", sourcePath("sample_data"),
                           "--item", "SKU1055", "--users", "150", "--threads", "1", "--json"},
                          merchant));
    ASSERT_EQ(ex.exitCode, 0) << ex.err;
    const json engine = json::parse(ex.out);
    for (const char* key :
         {"summary_sentence", "confidence", "customers", "comparison", "what_if", "users_eligible",
          "users_considered", "in_top_k", "top_k_share", "exposure_share", "mean_rank", "segment"})
        EXPECT_EQ(m[key], engine[key]) << key;

    // HTML: the sentence first, the sample and its seed, the customers (first 20) and sections.
    const std::string html = readFile(stem + ".html");
    const std::string sentence = engine["summary_sentence"];
    const auto at = html.find(sentence.substr(0, 30));
    EXPECT_NE(at, std::string::npos);
    EXPECT_LT(at, html.find("Exposure</h2>"));
    // Integers people read are grouped ("1,977"), as in the summary sentence.
    EXPECT_NE(html.find("seeded sample of 150 of " +
                        reclens::report::groupedInt(m["users_eligible"].get<int>()) + " customers"),
              std::string::npos);
    EXPECT_NE(html.find("seed 7"), std::string::npos);
    EXPECT_NE(html.find("95 % CI"), std::string::npos);
    EXPECT_NE(html.find(engine["customers"][0]["user"].get<std::string>()), std::string::npos);
    EXPECT_NE(html.find("Compared with SKU1005"), std::string::npos);
    EXPECT_NE(html.find("What if they had bought SKU1003"), std::string::npos);
    std::string msg;
    EXPECT_EQ(shell("xmllint --html --noout '" + stem + ".html'", &msg), 0);
    EXPECT_EQ(msg, "");
    // CSV: every listed customer, one line each after the header; the intervals.
    std::ifstream customers(stem + ".customers.csv");
    int lines = 0;
    for (std::string line; std::getline(customers, line);)
        ++lines;
    EXPECT_EQ(lines, 1 + static_cast<int>(engine["customers"].size()));
    EXPECT_NE(readFile(stem + ".confidence.csv").find("top_k_share"), std::string::npos);
    EXPECT_NE(readFile(stem + ".comparison.csv").find("SKU1005"), std::string::npos);
}

TEST_F(CliReport, KilledRunLeavesNoCorruptFileAndARerunCompletesTheSet) {
    const std::string out = fresh("killed");
    // 15 customers (shard 1 of 100), cheap methods so the test stays fast.
    std::vector<std::string> args =
        plus(base(out), {"--all-users", "--shard", "1/100", "--out-format", "html,json",
                         "--explain-top", "1", "--methods", "attention,grad,loo", "--json"});
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        std::vector<char*> argv = {const_cast<char*>(RECLENS_CLI)};
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::freopen("/dev/null", "w", stdout);
        ::execv(RECLENS_CLI, argv.data());
        ::_exit(127);
    }
    auto countHtml = [&] {
        int n = 0;
        for (const auto& e : fs::directory_iterator(out))
            n += e.path().extension() == ".html";
        return n;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (countHtml() < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
    const int before = countHtml();
    ASSERT_GE(before, 3);
    ASSERT_LT(before, 15);
    // Whatever exists is complete.
    for (const auto& e : fs::directory_iterator(out)) {
        const std::string p = e.path().string();
        if (e.path().extension() == ".json") {
            EXPECT_TRUE(json::accept(readFile(p))) << p;
        }
        if (e.path().extension() == ".html") {
            EXPECT_NE(readFile(p).find("</html>"), std::string::npos) << p;
        }
    }
    auto r = runCli(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json summary = json::parse(r.out);
    EXPECT_EQ(summary["reports"], 15);
    EXPECT_EQ(summary["written"].get<int>() + summary["skipped"].get<int>(), 15);
    EXPECT_GE(summary["skipped"].get<int>(), before - 1); // a report's json may precede its html
    int html = 0, jsonFiles = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        const std::string name = e.path().filename().string();
        EXPECT_EQ(name.find(".tmp-"), std::string::npos) << "stale temporary " << name;
        if (e.path().extension() == ".json") {
            ++jsonFiles;
            EXPECT_TRUE(json::accept(readFile(e.path().string()))) << name;
        }
        if (e.path().extension() == ".html") {
            ++html;
            std::string msg;
            EXPECT_EQ(shell("xmllint --html --noout '" + e.path().string() + "'", &msg), 0);
            EXPECT_EQ(msg, "") << name;
        }
    }
    EXPECT_EQ(html, 15);
    EXPECT_EQ(jsonFiles, 15);
    // A third run has nothing left to do.
    auto again = runCli(args);
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(json::parse(again.out)["skipped"], 15);
}

TEST_F(CliReport, ShardsPartitionTheBatch) {
    const std::string out = fresh("shards");
    std::set<std::string> seen;
    for (const char* shard : {"1/2", "2/2"}) {
        auto r = runCli(plus(base(out), {"--users", "C10001,C10002,C10003", "--shard", shard,
                                         "--out-format", "json", "--explain-top", "0", "--json"}));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const json summary = json::parse(r.out);
        for (const auto& f : summary["files"])
            EXPECT_TRUE(seen.insert(f.get<std::string>()).second) << "written twice: " << f;
    }
    EXPECT_EQ(seen.size(), 3u);
}

TEST_F(CliReport, ProjectFeedbackAppearsInEveryFormatForTheExplainedRecommendations) {
    const std::string out = fresh("feedback");
    // Which products the report explains, from a run without the project.
    auto first = runCli(plus(base(out), {"--users", "C10001", "--out-format", "json", "--k", "5",
                                         "--explain-top", "1"}));
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const json plain = json::parse(readFile(out + "/customer-C10001.json"));
    EXPECT_FALSE(plain.contains("analyst_feedback"));
    const std::string target = plain["top_k"][0]["item"];
    reclens::Project project;
    project.feedback = {
        {"C10001", target, "shapley", reclens::FeedbackRating::Helpful, "clear", 1700000000},
        {"C10001", "SKU-NOT-EXPLAINED", "ig", reclens::FeedbackRating::Wrong, "", 1700000001},
        {"C99999", target, "loo", reclens::FeedbackRating::Unclear, "", 1700000002}};
    const std::string projectPath = out + "/analysis.reclens";
    ASSERT_TRUE(reclens::saveProject(projectPath, project).ok());

    auto r =
        runCli(plus(base(out), {"--users", "C10001", "--out-format", "html,json,csv", "--k", "5",
                                "--explain-top", "1", "--project", projectPath, "--force"}));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json report = json::parse(readFile(out + "/customer-C10001.json"));
    ASSERT_TRUE(report.contains("analyst_feedback"));
    ASSERT_EQ(report["analyst_feedback"].size(), 1u); // only this customer's explained target
    EXPECT_EQ(report["analyst_feedback"][0]["method"], "shapley");
    EXPECT_EQ(report["analyst_feedback"][0]["comment"], "clear");
    const SchemaLite schema(json::parse(readFile(sourcePath("docs/report-schema.json"))));
    EXPECT_TRUE(schema.validate(report).empty()) << schema.validate(report).front();
    const std::string html = readFile(out + "/customer-C10001.html");
    EXPECT_NE(html.find("Analyst feedback"), std::string::npos);
    EXPECT_NE(html.find("clear"), std::string::npos);
    const std::string csv = readFile(out + "/customer-C10001.feedback.csv");
    EXPECT_NE(csv.find("C10001," + target + ",shapley,helpful,clear,1700000000"), std::string::npos)
        << csv;

    // A file that is not a project: exit 3, naming the file.
    const std::string bogus = out + "/not-a-project.reclens";
    { std::ofstream(bogus) << "user,item\n"; }
    auto bad = runCli(plus(base(out), {"--users", "C10001", "--project", bogus, "--force"}));
    EXPECT_EQ(bad.exitCode, 3);
    EXPECT_NE(bad.err.find("not-a-project.reclens"), std::string::npos) << bad.err;
}

TEST_F(CliReport, BadArgumentsGiveDistinctExitCodes) {
    const std::string out = fresh("usage");
    EXPECT_EQ(runCli(plus(base(out), {"--users", "C10001", "--items", "SKU1001"})).exitCode, 2);
    EXPECT_EQ(runCli(plus(base(out), {"--users", "C10001", "--shard", "0/2"})).exitCode, 2);
    EXPECT_EQ(runCli(plus(base(out), {"--users", "C10001", "--shard", "3/2"})).exitCode, 2);
    EXPECT_EQ(runCli(plus(base(out), {"--users", "C10001", "--out-format", "docx"})).exitCode, 2);
    auto unknown = runCli(plus(base(out), {"--users", "NOPE"}));
    EXPECT_EQ(unknown.exitCode, 3);
    EXPECT_NE(unknown.err.find("NOPE"), std::string::npos);
    EXPECT_EQ(runCli({"report", "--help"}).exitCode, 0);
}
