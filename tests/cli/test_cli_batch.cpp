// Sharded batches end to end on sample_data/ with a tiny cached model: recommend --all as 1
// process and as 4 shards (plain processes) merges to the same bytes, and report as 1 and 2;
// the merged summary is the merchant view `explain-item` computes on its own; a finished shard
// is not rerun; merge refuses a missing shard; the Slurm array environment picks the shard;
// explain-item --all (the exact merchant view of one product) merges like the others.
// (Parsing of every environment variant: tests/core/test_batch_shard.cpp.)
#include "cliprocess.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace reclens::test;
using nlohmann::json;

namespace {

/// scratchDir() keeps old contents; a batch needs an empty folder.
std::string fresh(const std::string& name) {
    const std::string d = scratchDir(name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

class CliBatch : public ::testing::Test {
protected:
    // Trained once per build tree (each test is its own process).
    static void SetUpTestSuite() {
        auto r = trainCached({"train", "--data", sourcePath("sample_data"), "--epochs", "2",
                              "--dim", "16", "--max-len", "20", "--threads", "1"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        s_model = r.path;
    }

    // Ends with --shard i/n --json (the Slurm test drops those three).
    static std::vector<std::string> recommendAll(const std::string& out, const std::string& shard) {
        return {"recommend",
                "--all",
                "--model",
                s_model,
                "--data",
                sourcePath("sample_data"),
                "--out",
                out,
                "--threads",
                "1",
                "--block-size",
                "64",
                "--exclude-bought",
                "off",
                "--shard",
                shard,
                "--json"};
    }
    static std::string s_model;
};
std::string CliBatch::s_model;

void mergeOrFail(const std::string& dir) {
    auto r = runCli({"merge", "--in", dir, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
}

} // namespace

TEST_F(CliBatch, OneProcessAndFourShardsMergeToTheSameBytesAndAShardResumes) {
    const std::string one = fresh("one"), four = fresh("four");
    auto r = runCli(recommendAll(one, "1/1"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["customers"], 1500);
    int lines = 0;
    for (int i = 1; i <= 4; ++i) {
        auto s = runCli(recommendAll(four, std::to_string(i) + "/4"));
        ASSERT_EQ(s.exitCode, 0) << s.err;
        lines += json::parse(s.out)["customers"].get<int>();
    }
    EXPECT_EQ(lines, 1500);
    mergeOrFail(one);
    mergeOrFail(four);
    const std::string merged = readFile(four + "/recommendations.jsonl");
    for (const char* f : {"/recommendations.jsonl", "/summary.json"}) {
        const std::string a = readFile(one + f);
        ASSERT_FALSE(a.empty()) << f;
        EXPECT_TRUE(a == readFile(four + f)) << f << " differs between 1 process and 4 shards";
    }
    // Every customer with a history once, in dataset order, with k items.
    std::istringstream in(merged);
    std::string line, previous;
    int n = 0;
    while (std::getline(in, line)) {
        const json j = json::parse(line);
        EXPECT_EQ(j["items"].size(), 10u);
        EXPECT_LT(previous, j["user"].get<std::string>()); // sample ids sort in dataset order
        previous = j["user"];
        ++n;
    }
    EXPECT_EQ(n, 1500);

    // The merged summary is the merchant view: explain-item ranks one item over every customer
    // by itself (its own batches and rank count) and must agree bin for bin. Both rank among all
    // items: with --exclude-bought on, explain-item keeps the analysed item a candidate for
    // customers who bought it while their lists leave it out, so the two differ by design.
    const json summary = json::parse(readFile(four + "/summary.json"));
    ASSERT_EQ(summary["customers"], 1500);
    json busiest;
    for (const auto& row : summary["items"])
        if (busiest.is_null() || row["top_k_count"] > busiest["top_k_count"])
            busiest = row;
    auto item =
        runCli({"explain-item", "--model", s_model, "--data", sourcePath("sample_data"), "--item",
                busiest["item"], "--threads", "1", "--exclude-bought", "off", "--json"});
    ASSERT_EQ(item.exitCode, 0) << item.err;
    const json m = json::parse(item.out);
    ASSERT_EQ(m["rank_histogram"].size(), busiest["rank_histogram"].size());
    for (std::size_t b = 0; b < busiest["rank_histogram"].size(); ++b)
        EXPECT_EQ(m["rank_histogram"][b]["users"], busiest["rank_histogram"][b]) << b;
    EXPECT_EQ(m["in_top_k"], busiest["top_k_count"]);

    // A finished shard is not run again.
    const std::string shard2 = four + "/shards/shard-00002-of-00004.jsonl";
    const auto stamp = fs::last_write_time(shard2);
    auto again = runCli(recommendAll(four, "2/4"));
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(json::parse(again.out)["already_finished"], true);
    EXPECT_EQ(fs::last_write_time(shard2), stamp);
    // A killed shard leaves no manifest (it is written last, after the renamed lines): merge
    // refuses the batch and names the shard; run again, the shard completes the same bytes.
    fs::remove(four + "/shards/shard-00003-of-00004.json");
    writeFile(four + "/shards/shard-00003-of-00004.jsonl.tmp-999999-0", "half a line");
    fs::remove(four + "/recommendations.jsonl");
    auto refused = runCli({"merge", "--in", four});
    EXPECT_EQ(refused.exitCode, 3);
    EXPECT_NE(refused.err.find("shard 3 of 4"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(four + "/recommendations.jsonl"));
    auto rerun = runCli(recommendAll(four, "3/4"));
    ASSERT_EQ(rerun.exitCode, 0) << rerun.err;
    EXPECT_EQ(json::parse(rerun.out)["already_finished"], false);
    EXPECT_FALSE(fs::exists(four + "/shards/shard-00003-of-00004.jsonl.tmp-999999-0"));
    mergeOrFail(four);
    EXPECT_TRUE(readFile(four + "/recommendations.jsonl") == merged);
}

TEST_F(CliBatch, SlurmArrayEnvironmentChoosesTheShard) {
    const std::string out = fresh("slurm-env");
    auto args = recommendAll(out, "x");
    args.resize(args.size() - 3); // no --shard: the environment decides
    args.push_back("--json");
    ::setenv("SLURM_ARRAY_TASK_ID", "3", 1);
    ::setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
    ::setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
    auto r = runCli(args);
    ::unsetenv("SLURM_ARRAY_TASK_ID");
    ::unsetenv("SLURM_ARRAY_TASK_MIN");
    ::unsetenv("SLURM_ARRAY_TASK_COUNT");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["shard"], 3);
    EXPECT_EQ(json::parse(r.out)["shard_count"], 4);
    EXPECT_TRUE(fs::exists(out + "/shards/shard-00003-of-00004.json"));
}

TEST_F(CliBatch, ReportBatchOfOneProcessAndTwoShardsMergesToTheSameIndex) {
    const std::string one = fresh("reports-one"), four = fresh("reports-two");
    auto report = [&](const std::string& out, const std::string& shard) {
        return runCli({"report", "--model", s_model, "--data", sourcePath("sample_data"), "--out",
                       out, "--threads", "1", "--users",
                       "C10001,C10002,C10003,C10004,C10005,C10006", "--out-format", "json",
                       "--explain-top", "0", "--shard", shard});
    };
    ASSERT_EQ(report(one, "1/1").exitCode, 0);
    for (int i = 1; i <= 2; ++i) {
        auto r = report(four, std::to_string(i) + "/2");
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    mergeOrFail(one);
    mergeOrFail(four);
    for (const char* f : {"/reports.jsonl", "/index.html", "/summary.json"}) {
        const std::string a = readFile(one + f);
        ASSERT_FALSE(a.empty()) << f;
        EXPECT_TRUE(a == readFile(four + f)) << f;
    }
    std::istringstream in(readFile(four + "/reports.jsonl"));
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        const json j = json::parse(line);
        EXPECT_EQ(j["id"], "C1000" + std::to_string(++n));
        for (const auto& f : j["files"])
            EXPECT_TRUE(fs::exists(four + "/" + f.get<std::string>())) << f;
    }
    EXPECT_EQ(n, 6);
}

// explain-item --all: the exact merchant view of one product on the cluster path. One process
// and three shards merge to the same bytes, and the merged figures equal the one-machine
// explain-item run over every customer (a separate process with its own batching and its own
// driver loop, unsampled on this shop).
TEST_F(CliBatch, ExplainItemAllShardsMergeToTheSameBytesAndEqualExplainItem) {
    auto top = runCli({"recommend", "--model", s_model, "--data", sourcePath("sample_data"),
                       "--user", "C10001", "--threads", "1", "--json"});
    ASSERT_EQ(top.exitCode, 0) << top.err;
    const std::string item = json::parse(top.out)["items"][0]["item"];
    const std::string one = fresh("item-one"), three = fresh("item-three");
    auto run = [&](const std::string& out, const std::string& shard) {
        return runCli({"explain-item", "--all", "--model", s_model, "--data",
                       sourcePath("sample_data"), "--item", item, "--out", out, "--threads", "1",
                       "--block-size", "64", "--shard", shard, "--json"});
    };
    ASSERT_EQ(run(one, "1/1").exitCode, 0);
    int customers = 0;
    for (int i = 1; i <= 3; ++i) {
        auto r = run(three, std::to_string(i) + "/3");
        ASSERT_EQ(r.exitCode, 0) << r.err;
        customers += json::parse(r.out)["customers"].get<int>();
    }
    EXPECT_EQ(customers, 1500);
    mergeOrFail(one);
    mergeOrFail(three);
    for (const char* f : {"/customers.jsonl", "/summary.json"}) {
        const std::string a = readFile(one + f);
        ASSERT_FALSE(a.empty()) << f;
        EXPECT_TRUE(a == readFile(three + f)) << f << " differs between 1 process and 3 shards";
    }
    const json s = json::parse(readFile(three + "/summary.json"));
    auto engine = runCli({"explain-item", "--model", s_model, "--data", sourcePath("sample_data"),
                          "--item", item, "--threads", "1", "--json"});
    ASSERT_EQ(engine.exitCode, 0) << engine.err;
    const json m = json::parse(engine.out);
    ASSERT_FALSE(m["sampled"].get<bool>());
    ASSERT_FALSE(m["driver_users_sampled"].get<bool>()) << "pick a shop small enough";
    EXPECT_EQ(s["users_considered"], m["users_considered"]);
    EXPECT_EQ(s["in_top_k"], m["in_top_k"]);
    EXPECT_EQ(s["best_rank"], m["best_rank"]);
    EXPECT_NEAR(s["mean_rank"].get<double>(), m["mean_rank"].get<double>(), 1e-9);
    EXPECT_NEAR(s["exposure_lift"].get<double>(), m["exposure_lift"].get<double>(), 1e-9);
    EXPECT_EQ(s["rank_histogram"], m["rank_histogram"]);
    ASSERT_GE(m["drivers"].size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(s["drivers"][i]["item"], m["drivers"][i]["item"]) << i;
        EXPECT_EQ(s["drivers"][i]["users"], m["drivers"][i]["users"]) << i;
        EXPECT_EQ(s["drivers"][i]["verified_drops"], m["drivers"][i]["verified_drops"]) << i;
        EXPECT_NEAR(s["drivers"][i]["mean_score_drop"].get<double>(),
                    m["drivers"][i]["mean_score_drop"].get<double>(), 1e-5)
            << i;
    }
    // Every customer line with the product in the top-K names its driver (or null).
    std::istringstream in(readFile(one + "/customers.jsonl"));
    std::string line;
    int inTop = 0;
    std::vector<int> ranks;
    while (std::getline(in, line)) {
        const json j = json::parse(line);
        ranks.push_back(j["rank"].get<int>());
        if (j["rank"].get<int>() <= 10) {
            ++inTop;
            EXPECT_TRUE(j.contains("driver")) << line;
        } else {
            EXPECT_FALSE(j.contains("driver")) << line;
        }
    }
    EXPECT_EQ(inTop, m["in_top_k"].get<int>());
    // The merged median (from per-rank counts) against the median of the lines themselves and
    // against explain-item's own.
    ASSERT_EQ(ranks.size(), 1500u);
    std::sort(ranks.begin(), ranks.end());
    const double median = 0.5 * (ranks[749] + ranks[750]);
    EXPECT_EQ(s["median_rank"].get<double>(), median);
    EXPECT_EQ(s["median_rank"].get<double>(), m["median_rank"].get<double>());
    // An unknown product is bad input, named.
    auto bad = runCli({"explain-item", "--all", "--model", s_model, "--data",
                       sourcePath("sample_data"), "--item", "NO-SUCH", "--out", fresh("item-bad")});
    EXPECT_EQ(bad.exitCode, 3);
    EXPECT_NE(bad.err.find("NO-SUCH"), std::string::npos) << bad.err;
}
