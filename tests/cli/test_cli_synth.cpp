// `reclens-cli synth`: the exact command in sample_data/README.md reproduces the committed files.

#include "cliprocess.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace reclens::test;

TEST(CliSynth, ReadmeCommandReproducesSampleData) {
    const std::string out = scratchDir("sample");
    auto r = runCli({"synth", "--out", out, "--users", "1500", "--seed", "7"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    for (const char* f : {"interactions.csv", "catalog.csv", "ground_truth.json"}) {
        const std::string committed = readFile(sourcePath(std::string("sample_data/") + f));
        ASSERT_FALSE(committed.empty()) << f;
        EXPECT_TRUE(committed == readFile(out + "/" + f)) << f << " differs from sample_data/";
    }
}

TEST(CliSynth, JsonSummaryAndSeedChangesOutput) {
    const std::string a = scratchDir("a");
    auto r = runCli({"synth", "--out", a, "--users", "50", "--seed", "3", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("users").get<int>(), 50);
    EXPECT_EQ(j.at("seed").get<int>(), 3);
    const auto gt = nlohmann::json::parse(readFile(a + "/ground_truth.json"));
    EXPECT_EQ(gt.at("seed").get<int>(), 3);
    EXPECT_FALSE(gt.at("rules").empty());
}

TEST(CliSynth, UsageErrors) {
    EXPECT_EQ(runCli({"synth"}).exitCode, 2); // --out is required
    EXPECT_EQ(runCli({"synth", "--out", scratchDir("x"), "--seed", "-1"}).exitCode, 2);
    EXPECT_EQ(runCli({"synth", "--out", scratchDir("y"), "--items", "5"}).exitCode, 2);
    auto help = runCli({"synth", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("--seed"), std::string::npos);
}

TEST(CliSynth, JsonSurvivesAnOutputPathThatIsNotUtf8) {
    // Linux paths are bytes; a Latin-1 folder name must not abort --json output.
    const std::string out = scratchDir("synth-latin1") + "/caf\xe9";
    auto r = runCli({"synth", "--out", out, "--users", "20", "--seed", "3", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_NE(j.at("out").get<std::string>().find("caf\xef\xbf\xbd"), std::string::npos)
        << "the invalid byte is replaced by U+FFFD: " << r.out;
}
