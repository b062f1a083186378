// reclens-cli info: what an import produced, checked against counts known by construction.

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace reclens::test;

TEST(CliInfo, SampleShopCountsAndNoRepeatPurchases) {
    auto r = runCli({"info", "--data", sourcePath("sample_data"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("schema_version"), 1);
    EXPECT_EQ(j.at("users"), 1500); // reclens-cli synth --users 1500 (sample_data/README.md)
    EXPECT_EQ(j.at("items"), 300);
    // The synthetic shop never repeats an item within a customer (core/data/synth.h).
    EXPECT_EQ(j.at("repeat_rate").get<double>(), 0.0);
    EXPECT_GE(j.at("history_length").at("min").get<int>(), 6);
    EXPECT_LE(j.at("history_length").at("max").get<int>(), 20);
}

TEST(CliInfo, RepeatRateAndLengthsOfAHandMadeFile) {
    // c1 buys a, b, a, a (2 repeats of 4); c2 buys a, c (none); c3 buys b, b, c (1 of 3):
    // 3 repeats over 9 purchases.
    const std::string path = scratchDir("info") + "/orders.csv";
    {
        std::ofstream out(path);
        out << "user,item,timestamp\n"
            << "c1,a,1\nc1,b,2\nc1,a,3\nc1,a,4\nc2,a,1\nc2,c,2\nc3,b,1\nc3,b,2\nc3,c,3\n";
    }
    auto r = runCli({"info", "--data", path, "--json", "--long", "3"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("users"), 3);
    EXPECT_EQ(j.at("items"), 3);
    EXPECT_EQ(j.at("interactions"), 9);
    EXPECT_NEAR(j.at("repeat_rate").get<double>(), 3.0 / 9.0, 1e-12);
    EXPECT_EQ(j.at("history_length").at("min"), 2);
    EXPECT_EQ(j.at("history_length").at("median"), 3);
    EXPECT_EQ(j.at("history_length").at("max"), 4);
    EXPECT_EQ(j.at("history_length").at("users_longer"), 1); // only c1 has more than 3

    auto text = runCli({"info", "--data", path});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("33.33 % of purchases repeat"), std::string::npos) << text.out;
}

TEST(CliInfo, MalformedFileIsABadInputNamingTheFile) {
    const std::string path = scratchDir("info") + "/broken.csv";
    {
        std::ofstream out(path);
        out << "user,item\nc1,a\n";
    }
    auto r = runCli({"info", "--data", path});
    EXPECT_EQ(r.exitCode, 3) << r.out;
    EXPECT_NE(r.err.find("broken.csv"), std::string::npos) << r.err;
}
