// `explain` refuses the settings the workbench's dialog refuses: both go through
// checkExplainConfig (core/explain/explainconfigcheck.h). The options are checked before any
// file is read, so the paths given need not exist.

#include "cliprocess.h"

#include <gtest/gtest.h>

using namespace reclens::test;

TEST(CliExplainLimits, SettingsTheGuiRefusesAreUsageErrorsNamingTheRange) {
    const struct {
        std::vector<std::string> options;
        std::string message;
    } cases[] = {
        {{"--k", "101"}, "Top-K must be between 1 and 100 (is 101)"},
        {{"--shapley-permutations", "5000"}, "Shapley permutations must be between 2 and 1000"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{
            "explain", "--data", "/nonexistent/data.csv", "--model", "/nonexistent/model.rlm",
            "--user",  "C1"};
        args.insert(args.end(), c.options.begin(), c.options.end());
        const auto r = runCli(args);
        EXPECT_EQ(r.exitCode, 2) << c.options.front() << ": " << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    }
}

// explain-item and product reports share checkMerchantConfig with the workbench's merchant view.
TEST(CliExplainLimits, MerchantSettingsTheGuiRefusesAreUsageErrorsForExplainItemAndReport) {
    const struct {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"explain-item", "--item", "I1", "--k", "500"},
         "Top-K must be between 1 and 100 (is 500)"},
        {{"explain-item", "--item", "I1", "--segment-min-length", "9", "--segment-max-length", "3"},
         "Segment minimum history length (9) is above its maximum (3)"},
        {{"report", "--items", "I1", "--out", "/nonexistent/out", "--segment-min-length", "-1"},
         "Segment history lengths must not be negative"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = c.args;
        for (const char* a : {"--data", "/nonexistent/data.csv", "--model", "/nonexistent/m.rlm"})
            args.emplace_back(a);
        const auto r = runCli(args);
        EXPECT_EQ(r.exitCode, 2) << c.args.front() << ": " << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    }
}
