// End-to-end for issue 17: train --tune (per-trial lines, JSON with every trial, the budget
// kept) and --exclude-bought on recommend and explain (no bought product listed or ranked
// when on, the JSON naming what ranks are among).

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <set>

using namespace reclens::test;

namespace {

const std::string& sampleModel() {
    static std::string path;
    if (path.empty()) {
        auto r =
            trainCached({"train", "--data", sourcePath("sample_data"), "--epochs", "2", "--max-len",
                         "20", "--dim", "16", "--heads", "2", "--seed", "5", "--threads", "1"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        if (r.exitCode == 0)
            path = r.path;
    }
    return path;
}

std::set<std::string> historyOfC10001() {
    // sample_data/interactions.csv rows of customer C10001, read through `info`-free parsing.
    std::set<std::string> items;
    std::ifstream in(sourcePath("sample_data/interactions.csv"));
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("C10001,", 0) == 0)
            items.insert(line.substr(7, line.find(',', 7) - 7));
    return items;
}

} // namespace

TEST(CliTune, TuneWithinItsBudgetPrintsEveryTrialAndStoresThem) {
    const std::string out = scratchDir("tune") + "/tuned.ckpt";
    const auto t0 = std::chrono::steady_clock::now();
    auto r =
        runCli({"train", "--data", sourcePath("sample_data"), "--out", out, "--tune", "--budget",
                "0.1", "--trial-epochs", "3", "--threads", "1", "--epochs", "3", "--json"});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j.at("tuned").get<bool>());
    EXPECT_DOUBLE_EQ(j.at("budget_minutes").get<double>(), 0.1);
    EXPECT_LE(j.at("seconds").get<double>(), 6.0 + 3.0); // one step and a validation over
    EXPECT_LT(seconds, 6.0 + 15.0);                      // plus loading and the test pass
    ASSERT_GE(j.at("trials").size(), 1u);
    EXPECT_NE(r.err.find("trial   0"), std::string::npos) << r.err;
    EXPECT_EQ(j.at("rank_among").get<std::string>(), "not_yet_bought"); // sample: no repeats
    auto bad =
        runCli({"train", "--data", sourcePath("sample_data"), "--out", out, "--budget", "1"});
    EXPECT_EQ(bad.exitCode, 2) << "--budget without --tune is a usage error";
}

TEST(CliTune, ExcludeBoughtOnListsNoBoughtProductOffSaysAllItems) {
    const std::string& model = sampleModel();
    ASSERT_FALSE(model.empty());
    const auto bought = historyOfC10001();
    ASSERT_FALSE(bought.empty());
    for (const char* setting : {"on", "auto"}) {
        auto r = runCli({"recommend", "--model", model, "--data", sourcePath("sample_data"),
                         "--user", "C10001", "--k", "50", "--exclude-bought", setting, "--json"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const auto j = nlohmann::json::parse(r.out);
        EXPECT_TRUE(j.at("exclude_bought").get<bool>());
        EXPECT_EQ(j.at("rank_among").get<std::string>(), "not_yet_bought");
        for (const auto& it : j.at("items"))
            EXPECT_EQ(bought.count(it.at("item").get<std::string>()), 0u) << setting;
    }
    auto off = runCli({"recommend", "--model", model, "--data", sourcePath("sample_data"), "--user",
                       "C10001", "--k", "300", "--exclude-bought", "off", "--json"});
    ASSERT_EQ(off.exitCode, 0) << off.err;
    const auto o = nlohmann::json::parse(off.out);
    EXPECT_EQ(o.at("rank_among").get<std::string>(), "all_items");
    size_t listedBought = 0;
    for (const auto& it : o.at("items"))
        listedBought += bought.count(it.at("item").get<std::string>());
    EXPECT_EQ(listedBought, bought.size()) << "off: the whole catalog, bought products included";
    auto bad = runCli({"recommend", "--model", model, "--data", sourcePath("sample_data"), "--user",
                       "C10001", "--exclude-bought", "maybe"});
    EXPECT_EQ(bad.exitCode, 2);

    // explain: the default target and every listed item are not yet bought, JSON says so.
    auto e = runCli({"explain", "--model", model, "--data", sourcePath("sample_data"), "--user",
                     "C10001", "--methods", "loo,counterfactual", "--threads", "1", "--json"});
    ASSERT_EQ(e.exitCode, 0) << e.err;
    const auto x = nlohmann::json::parse(e.out);
    EXPECT_EQ(x.at("rank_among").get<std::string>(), "not_yet_bought");
    EXPECT_FALSE(x.at("target_already_bought").get<bool>());
    EXPECT_EQ(bought.count(x.at("target").at("item").get<std::string>()), 0u);
    for (const auto& it : x.at("top_k"))
        EXPECT_EQ(bought.count(it.at("item").get<std::string>()), 0u);
}
