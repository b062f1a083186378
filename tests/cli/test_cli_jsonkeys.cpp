// One JSON convention across reclens-cli: every --json object carries "schema_version" and
// every key, at any depth, is snake_case (metric names such as "ndcg@10" keep their "@").

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

using namespace reclens::test;

namespace {

void expectSnakeCase(const nlohmann::json& j, const std::string& where,
                     std::vector<std::string>& bad) {
    static const std::regex snake("^[a-z0-9_@.]+$");
    if (j.is_array())
        for (const auto& v : j)
            expectSnakeCase(v, where + "[]", bad);
    if (!j.is_object())
        return;
    for (const auto& [key, value] : j.items()) {
        if (!std::regex_match(key, snake))
            bad.push_back(where + "." + key);
        expectSnakeCase(value, where + "." + key, bad);
    }
}

nlohmann::json checked(const CliResult& r, const std::string& command) {
    EXPECT_EQ(r.exitCode, 0) << command << ": " << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.value("schema_version", 0), 1) << command << " has no schema_version";
    std::vector<std::string> bad;
    expectSnakeCase(j, command, bad);
    EXPECT_TRUE(bad.empty()) << command
                             << " keys not in snake_case: " << ::testing::PrintToString(bad);
    return j;
}

} // namespace

TEST(CliJson, EveryCommandUsesSnakeCaseKeysAndASchemaVersion) {
    const std::string data = sourcePath("sample_data");
    const std::string model = scratchDir("json-keys") + "/tiny.ckpt";
    const auto train =
        checked(runCli({"train", "--data", data, "--out", model, "--epochs", "1", "--max-len", "5",
                        "--dim", "16", "--threads", "1", "--json"}),
                "train");
    EXPECT_TRUE(train.contains("best_epoch"));
    EXPECT_TRUE(train.at("config").at("model").contains("max_length"));
    const auto recs = checked(runCli({"recommend", "--data", data, "--model", model, "--user",
                                      "C10001", "--threads", "1", "--json"}),
                              "recommend");
    EXPECT_TRUE(recs.contains("history_length"));
    checked(runCli({"eval", "--data", data, "--model", model, "--max-users", "50", "--threads", "1",
                    "--json"}),
            "eval");
    checked(runCli({"info", "--data", data, "--json"}), "info");
}
