// The data options every data-reading subcommand shares: column names of a generic CSV and the
// k-core filter, and that a model only opens with the options it was trained with.

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace reclens::test;

namespace {

// Eight customers with five purchases each over seven products, plus one customer with a single
// purchase of a product nobody else buys: a 2-core filter removes exactly that customer.
std::string writeRenamedColumnsCsv() {
    const std::string path = scratchDir("data-options") + "/orders.csv";
    std::ofstream out(path);
    out << "customer,sku,ts\n";
    for (int u = 1; u <= 8; ++u)
        for (int i = 1; i <= 5; ++i)
            out << "c" << u << ",s" << (u + i) % 7 << "," << u * 100 + i << "\n";
    out << "lonely,s99,5\n";
    return path;
}

const std::vector<std::string> kColumns = {"--user-column", "customer",      "--item-column",
                                           "sku",           "--time-column", "ts"};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST(CliDataOptions, DefaultColumnNamesMissingIsABadInputNamingTheFlag) {
    const std::string csv = writeRenamedColumnsCsv();
    auto r = runCli(
        {"train", "--data", csv, "--out", scratchDir("data-options") + "/x.ckpt", "--epochs", "1"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_NE(r.err.find("no column 'user'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--user-column"), std::string::npos) << r.err;
}

TEST(CliDataOptions, RenamedColumnsAndKCoreReachEveryCommand) {
    const std::string csv = writeRenamedColumnsCsv();
    const std::string model = scratchDir("data-options") + "/kcore.ckpt";
    const auto data = concat(concat({"--data", csv}, kColumns), {"--k-core", "2"});

    auto trained =
        runCli(concat(concat({"train"}, data), {"--out", model, "--epochs", "1", "--max-len", "5",
                                                "--threads", "1", "--json"}));
    ASSERT_EQ(trained.exitCode, 0) << trained.err;
    EXPECT_EQ(nlohmann::json::parse(trained.out).at("test").at("users").get<double>(), 8.0)
        << "the 2-core filter must drop the customer with one purchase of a unique product";

    auto eval = runCli(concat(concat({"eval", "--model", model}, data), {"--json"}));
    ASSERT_EQ(eval.exitCode, 0) << eval.err;
    EXPECT_EQ(nlohmann::json::parse(eval.out).at("users").get<int>(), 8);

    auto explained = runCli(concat(concat({"explain", "--model", model}, data),
                                   {"--user", "c1", "--methods", "loo", "--json"}));
    ASSERT_EQ(explained.exitCode, 0) << explained.err;
    EXPECT_EQ(nlohmann::json::parse(explained.out).at("history").size(), 5u);

    auto filtered = runCli(concat(concat({"explain", "--model", model}, data),
                                  {"--user", "lonely", "--methods", "loo"}));
    EXPECT_EQ(filtered.exitCode, 3) << "a customer removed by the k-core filter is unknown";
    EXPECT_NE(filtered.err.find("unknown user 'lonely'"), std::string::npos) << filtered.err;

    auto item = runCli(
        concat(concat({"explain-item", "--model", model}, data), {"--item", "s1", "--json"}));
    EXPECT_EQ(item.exitCode, 0) << item.err;
}

TEST(CliDataOptions, OpeningWithOtherDataOptionsIsRefusedWithAHint) {
    const std::string csv = writeRenamedColumnsCsv();
    const std::string model = scratchDir("data-options") + "/hint.ckpt";
    auto trained = runCli(concat(
        concat({"train", "--data", csv}, kColumns),
        {"--k-core", "2", "--out", model, "--epochs", "1", "--max-len", "5", "--threads", "1"}));
    ASSERT_EQ(trained.exitCode, 0) << trained.err;

    auto r = runCli(
        concat(concat({"recommend", "--model", model, "--data", csv}, kColumns), {"--user", "c1"}));
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_NE(r.err.find("--k-core"), std::string::npos)
        << "without --k-core the data differs; the message must say which options matter: "
        << r.err;
}

TEST(CliDataOptions, BadKCoreAndColumnsForAnotherFormatAreUsageErrors) {
    auto negative = runCli({"eval", "--model", "m", "--data", "d.csv", "--k-core", "-1"});
    EXPECT_EQ(negative.exitCode, 2) << negative.err;
    auto wrongFormat = runCli(
        {"eval", "--model", "m", "--data", "d", "--format", "movielens", "--user-column", "x"});
    EXPECT_EQ(wrongFormat.exitCode, 2) << wrongFormat.err;
    EXPECT_NE(wrongFormat.err.find("--format csv"), std::string::npos) << wrongFormat.err;
}

TEST(CliDataOptions, SideFeaturesAreOnByDefaultAndNoneTurnsThemOff) {
    const std::string csv = writeRenamedColumnsCsv();
    const std::string model = scratchDir("data-options") + "/features.ckpt";
    const auto base =
        concat(concat({"train", "--data", csv}, kColumns),
               {"--out", model, "--epochs", "1", "--max-len", "5", "--threads", "1", "--json"});
    auto byDefault = runCli(base);
    ASSERT_EQ(byDefault.exitCode, 0) << byDefault.err;
    const auto d = nlohmann::json::parse(byDefault.out).at("config").at("model");
    EXPECT_TRUE(d.at("use_category").get<bool>());
    EXPECT_TRUE(d.at("use_brand").get<bool>());
    EXPECT_TRUE(d.at("output_features").get<bool>());

    auto historyOnly = runCli(concat(base, {"--candidate-features", "off"}));
    ASSERT_EQ(historyOnly.exitCode, 0) << historyOnly.err;
    const auto h = nlohmann::json::parse(historyOnly.out).at("config").at("model");
    EXPECT_TRUE(h.at("use_category").get<bool>());
    EXPECT_FALSE(h.at("output_features").get<bool>());
    EXPECT_EQ(runCli(concat(base, {"--candidate-features", "maybe"})).exitCode, 2);
    EXPECT_EQ(runCli(concat(base, {"--label-smoothing", "1.5"})).exitCode, 2);

    auto none = runCli(concat(base, {"--features", "none"}));
    ASSERT_EQ(none.exitCode, 0) << none.err;
    const auto n = nlohmann::json::parse(none.out).at("config").at("model");
    EXPECT_FALSE(n.at("use_category").get<bool>());
    EXPECT_FALSE(n.at("use_brand").get<bool>());

    auto brandOnly = runCli(concat(base, {"--features", "brand"}));
    ASSERT_EQ(brandOnly.exitCode, 0) << brandOnly.err;
    const auto b = nlohmann::json::parse(brandOnly.out).at("config").at("model");
    EXPECT_FALSE(b.at("use_category").get<bool>());
    EXPECT_TRUE(b.at("use_brand").get<bool>());
}
