// End-to-end: reclens-cli train, eval and recommend on the bundled sample shop, and their
// failure modes (unknown customer, damaged or foreign checkpoint, bad usage).

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

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

namespace {

// The ModelInfo JSON a checkpoint file carries (core/model/checkpointformat.h: its length is the
// little-endian uint64 at byte 16, the JSON starts at byte 40).
nlohmann::json checkpointHeader(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 40)
        return {};
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = length << 8 | static_cast<unsigned char>(bytes[16 + static_cast<std::size_t>(i)]);
    return nlohmann::json::parse(bytes.substr(40, static_cast<std::size_t>(length)));
}

} // namespace

TEST(CliTrain, ValidUsersSampleIsRecordedInTheCheckpointAndBadValuesAreUsageErrors) {
    const std::string data = sourcePath("sample_data");
    const std::string dir = scratchDir("valid-users");
    const std::vector<std::string> tiny = {"--data",  data, "--epochs",  "1",  "--dim",     "8",
                                           "--heads", "1",  "--max-len", "10", "--threads", "1"};
    auto run = [&](const std::string& out, std::vector<std::string> extra) {
        std::vector<std::string> args = {"train", "--out", dir + "/" + out, "--json"};
        args.insert(args.end(), tiny.begin(), tiny.end());
        args.insert(args.end(), extra.begin(), extra.end());
        return runCli(args);
    };
    auto sampled = run("sampled.ckpt", {"--valid-users", "200"});
    ASSERT_EQ(sampled.exitCode, 0) << sampled.err;
    const auto j = nlohmann::json::parse(sampled.out);
    EXPECT_EQ(j.at("valid_users").get<int>(), 200);
    EXPECT_EQ(j.at("config").at("valid_users").get<int>(), 200);
    EXPECT_EQ(checkpointHeader(dir + "/sampled.ckpt").at("training").at("valid_users").get<int>(),
              200);

    // 1,500 customers are far below the automatic sampling threshold: everyone validates.
    auto all = run("all.ckpt", {});
    ASSERT_EQ(all.exitCode, 0) << all.err;
    EXPECT_EQ(nlohmann::json::parse(all.out).at("valid_users").get<int>(), 0);
    EXPECT_EQ(checkpointHeader(dir + "/all.ckpt").at("training").at("valid_users").get<int>(), 0);
    // A sample changes which customers the epoch is judged on, so the validation figure differs.
    EXPECT_NE(nlohmann::json::parse(all.out).at("valid_ndcg10").get<double>(),
              j.at("valid_ndcg10").get<double>());

    for (const char* bad : {"-1", "many", "1.5"}) {
        auto r = run("bad.ckpt", {"--valid-users", bad});
        EXPECT_EQ(r.exitCode, 2) << bad;
        EXPECT_NE(r.err.find("--valid-users"), std::string::npos) << r.err;
    }
}
