// --threads reaches the engine in explain, explain-item and report (it used to set only the
// main thread's LibTorch count while the engine's config kept 0 = all cores), and the sampled
// IG baseline from the command line.
#include "../core/jsonschemalite.h"
#include "cliprocess.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace reclens::test;
using nlohmann::json;

namespace {

const std::string& threadsModel() {
    static std::string path;
    if (path.empty()) {
        auto r = trainCached({"train", "--data", sourcePath("sample_data"), "--epochs", "1",
                              "--dim", "16", "--max-len", "20", "--seed", "3", "--threads", "1"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        if (r.exitCode == 0)
            path = r.path;
    }
    return path;
}

std::vector<std::string> withModel(const std::string& command, std::vector<std::string> extra) {
    std::vector<std::string> args{command, "--model", threadsModel(), "--data",
                                  sourcePath("sample_data")};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

SchemaLite explanationSchema() {
    return SchemaLite(json::parse(readFile(sourcePath("docs/explanation-schema.json"))));
}

} // namespace

TEST(CliThreads, ExplainHonoursThreadsFlag) {
    ASSERT_FALSE(threadsModel().empty());
    for (int threads : {1, 2}) {
        const auto r =
            runCli(withModel("explain", {"--user", "C10001", "--methods", "loo,shapley,ig",
                                         "--threads", std::to_string(threads), "--json"}));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const json j = json::parse(r.out);
        EXPECT_EQ(j["compute"]["threads"], threads);
        EXPECT_EQ(j["compute"]["workers"], threads); // 1: all on one thread; 2: two workers
        EXPECT_EQ(j["compute"]["intra_op_threads"], threads) << "read back from LibTorch";
        const auto errors = explanationSchema().validate(j);
        EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    }
    const auto bad = runCli(withModel("explain", {"--user", "C10001", "--threads", "-1"}));
    EXPECT_EQ(bad.exitCode, 2) << bad.err;
    EXPECT_NE(bad.err.find("--threads"), std::string::npos) << bad.err;
}

TEST(CliThreads, ExplainItemHonoursThreadsFlag) {
    ASSERT_FALSE(threadsModel().empty());
    for (int threads : {1, 2}) {
        const auto r =
            runCli(withModel("explain-item", {"--item", "SKU1001", "--users", "40", "--threads",
                                              std::to_string(threads), "--json"}));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const json j = json::parse(r.out);
        EXPECT_EQ(j["compute"]["threads"], threads);
        EXPECT_EQ(j["compute"]["workers"], threads);
        EXPECT_EQ(j["compute"]["intra_op_threads"], threads);
    }
}

TEST(CliThreads, ReportRecordsTheThreadsItRanWithInTheModelCard) {
    ASSERT_FALSE(threadsModel().empty());
    const std::string out = scratchDir("threads-report");
    std::filesystem::remove_all(out);
    const auto r =
        runCli(withModel("report", {"--users", "C10001", "--out", out, "--out-format", "json",
                                    "--explain-top", "1", "--methods", "loo", "--threads", "1"}));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json report = json::parse(readFile(out + "/customer-C10001.json"));
    EXPECT_EQ(report["model_card"]["explain_config"]["threads"], 1); // was 0 (all cores)
    EXPECT_EQ(report["model_card"]["merchant_config"]["threads"], 1);
}

TEST(CliExplain, SampledIgBaselineListsEachBaselineButNotTheCustomer) {
    ASSERT_FALSE(threadsModel().empty());
    const auto r = runCli(
        withModel("explain", {"--user", "C10001", "--methods", "ig", "--ig-baseline", "sampled",
                              "--ig-baseline-samples", "3", "--threads", "1", "--json"}));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["ig"]["baseline"], "sampled");
    ASSERT_EQ(j["ig"]["sampled_baselines"].size(), 3u);
    for (const auto& s : j["ig"]["sampled_baselines"]) {
        EXPECT_NE(s["user"], "C10001");
        EXPECT_EQ(s["attributions"].size(), j["history"].size());
    }
    const auto errors = explanationSchema().validate(j);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    // Text output names the baseline and each customer drawn.
    const auto text =
        runCli(withModel("explain", {"--user", "C10001", "--methods", "ig", "--ig-baseline",
                                     "sampled", "--ig-baseline-samples", "2", "--threads", "1"}));
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("sampled baseline"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("baseline customer"), std::string::npos) << text.out;
    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"--ig-baseline", "random"},
          std::vector<std::string>{"--ig-baseline", "sampled", "--ig-baseline-samples", "0"},
          std::vector<std::string>{"--ig-baseline-samples", "4"},
          std::vector<std::string>{"--baseline", "mean", "--ig-baseline", "sampled"}}) {
        std::vector<std::string> extra{"--user", "C10001"};
        extra.insert(extra.end(), bad.begin(), bad.end());
        const auto e = runCli(withModel("explain", extra));
        EXPECT_EQ(e.exitCode, 2) << bad.back() << ": " << e.err;
    }
}
