// End-to-end: reclens-cli train, eval and recommend on the bundled sample shop, and their
// failure modes (unknown customer, damaged or foreign checkpoint, bad usage).

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace reclens::test;

namespace {

// Trains once for all tests of this file (the model is verified by the tests that use it).
const std::string& sampleModel(nlohmann::json* trainJson = nullptr) {
    static std::string path;
    static nlohmann::json summary;
    if (path.empty()) {
        auto r = trainCached({"train", "--data", sourcePath("sample_data"), "--epochs", "3",
                              "--max-len", "20", "--seed", "5", "--threads", "1", "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        if (r.exitCode == 0) {
            summary = nlohmann::json::parse(r.out);
            path = r.path;
        }
    }
    if (trainJson)
        *trainJson = summary;
    return path;
}

} // namespace

TEST(CliTrain, TrainThenEvalReportsTheSameTestMetrics) {
    nlohmann::json trained;
    const std::string model = sampleModel(&trained);
    ASSERT_FALSE(model.empty());
    EXPECT_EQ(trained.at("epochs").get<int>(), 3);
    auto r = runCli({"eval", "--model", model, "--data", sourcePath("sample_data"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"hr@10", "ndcg@10", "mrr", "coverage@10", "users"})
        ASSERT_TRUE(j.contains(key)) << key << " missing in " << r.out;
    EXPECT_EQ(j.at("users").get<int>(), 1500);
    EXPECT_GT(j.at("hr@10").get<double>(), 0.0);
    EXPECT_LE(j.at("hr@10").get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j.at("ndcg@10").get<double>(), trained.at("test").at("ndcg@10").get<double>())
        << "the checkpoint must score exactly like the model that was trained";

    auto sampled = runCli({"eval", "--model", model, "--data", sourcePath("sample_data"),
                           "--protocol", "sampled100", "--split", "valid", "--k", "7", "--json"});
    ASSERT_EQ(sampled.exitCode, 0) << sampled.err;
    const auto s = nlohmann::json::parse(sampled.out);
    EXPECT_TRUE(s.contains("hr@7"));
    EXPECT_GE(s.at("hr@10").get<double>(), j.at("hr@10").get<double>() * 0.5);
}

TEST(CliTrain, RecommendListsRankedItemsWithTitles) {
    const std::string model = sampleModel();
    ASSERT_FALSE(model.empty());
    auto r = runCli({"recommend", "--model", model, "--data", sourcePath("sample_data"), "--user",
                     "C10001", "--k", "5", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& items = j.at("items");
    ASSERT_EQ(items.size(), size_t{5});
    for (size_t i = 0; i < items.size(); ++i) {
        EXPECT_EQ(items[i].at("rank").get<int>(), static_cast<int>(i) + 1);
        EXPECT_FALSE(items[i].at("title").get<std::string>().empty());
        EXPECT_EQ(items[i].at("item").get<std::string>().rfind("SKU", 0), 0u);
        if (i > 0) {
            EXPECT_LE(items[i].at("score").get<double>(), items[i - 1].at("score").get<double>());
        }
    }
    auto text = runCli(
        {"recommend", "--model", model, "--data", sourcePath("sample_data"), "--user", "C10001"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find(items[0].at("title").get<std::string>()), std::string::npos);
}

TEST(CliTrain, BadInputsGiveExitCode3WithAMessage) {
    const std::string model = sampleModel();
    ASSERT_FALSE(model.empty());
    const std::string data = sourcePath("sample_data");
    auto unknown = runCli({"recommend", "--model", model, "--data", data, "--user", "NOBODY"});
    EXPECT_EQ(unknown.exitCode, 3);
    EXPECT_NE(unknown.err.find("unknown customer 'NOBODY'"), std::string::npos) << unknown.err;

    const std::string dir = scratchDir("bad");
    std::ofstream(dir + "/garbage.ckpt") << "not a model at all";
    auto garbage = runCli({"eval", "--model", dir + "/garbage.ckpt", "--data", data});
    EXPECT_EQ(garbage.exitCode, 3);
    EXPECT_NE(garbage.err.find("garbage.ckpt"), std::string::npos) << garbage.err;

    // A model trained on another dataset is refused, naming both datasets.
    {
        std::ofstream csv(dir + "/other.csv");
        csv << "user,item,timestamp\n";
        for (int u = 0; u < 6; ++u)
            for (int t = 0; t < 5; ++t)
                csv << "u" << u << ",i" << (u + t) % 7 << "," << 1000 + t << "\n";
    }
    auto other = runCli({"train", "--data", dir + "/other.csv", "--out", dir + "/other.ckpt",
                         "--epochs", "1", "--dim", "8", "--heads", "1", "--threads", "1"});
    ASSERT_EQ(other.exitCode, 0) << other.err;
    auto mismatch = runCli({"eval", "--model", dir + "/other.ckpt", "--data", data});
    EXPECT_EQ(mismatch.exitCode, 3);
    EXPECT_NE(mismatch.err.find("fingerprint"), std::string::npos) << mismatch.err;

    auto missing = runCli({"eval", "--model", model, "--data", dir + "/no-such-dir"});
    EXPECT_EQ(missing.exitCode, 3);
    auto usage = runCli({"train", "--data", data});
    EXPECT_EQ(usage.exitCode, 2);
    EXPECT_NE(usage.err.find("--out"), std::string::npos);
    auto badLoss = runCli({"train", "--data", data, "--out", dir + "/x.ckpt", "--loss", "hinge"});
    EXPECT_EQ(badLoss.exitCode, 2);
}
