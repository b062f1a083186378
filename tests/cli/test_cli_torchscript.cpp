// End-to-end: reclens-cli export writes a RecLens model as TorchScript plus item map, and every
// command that takes --model opens it with --item-map and gives the native model's answers;
// broken model files and item maps exit with code 3 and a message naming the file.

#include "cliprocess.h"

#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace reclens::test;
using nlohmann::json;

namespace {

struct Files {
    std::string native, script, map;
};

const Files& exported() {
    static Files f = [] {
        Files out;
        const std::string dir = scratchDir("torchscript-export");
        out.script = dir + "/sample.pt";
        out.map = dir + "/sample.items.csv";
        const auto trained = trainCached({"train", "--data", sourcePath("sample_data"), "--epochs",
                                          "1", "--max-len", "20", "--seed", "3", "--threads", "1"});
        EXPECT_EQ(trained.exitCode, 0) << trained.err;
        out.native = trained.path;
        auto r = runCli({"export", "--model", out.native, "--data", sourcePath("sample_data"),
                         "--torchscript", out.script, "--item-map", out.map, "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return out;
    }();
    return f;
}

std::vector<std::string> withModel(std::vector<std::string> args, bool script) {
    const Files& f = exported();
    args.insert(args.end(), {"--data", sourcePath("sample_data"), "--threads", "1", "--model"});
    if (script)
        args.insert(args.end(), {f.script, "--item-map", f.map});
    else
        args.push_back(f.native);
    return args;
}

} // namespace

TEST(CliTorchScript, ExportedModelRecommendsLikeTheNativeOne) {
    ASSERT_TRUE(std::filesystem::exists(exported().script));
    const auto n = runCli(withModel({"recommend", "--user", "C10001", "--json"}, false));
    const auto s = runCli(withModel({"recommend", "--user", "C10001", "--json"}, true));
    ASSERT_EQ(n.exitCode, 0) << n.err;
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json jn = json::parse(n.out)["items"];
    const json js = json::parse(s.out)["items"];
    ASSERT_EQ(jn.size(), js.size());
    for (size_t i = 0; i < jn.size(); ++i) {
        EXPECT_EQ(js[i]["item"], jn[i]["item"]) << "rank " << i + 1;
        EXPECT_NEAR(js[i]["score"].get<double>(), jn[i]["score"].get<double>(), 1e-4);
    }
}

TEST(CliTorchScript, EvalAndExplainRunOnTheExportedModel) {
    const auto en = runCli(withModel({"eval", "--json", "--max-users", "100"}, false));
    const auto es = runCli(withModel({"eval", "--json", "--max-users", "100"}, true));
    ASSERT_EQ(en.exitCode, 0) << en.err;
    ASSERT_EQ(es.exitCode, 0) << es.err;
    const json mn = json::parse(en.out);
    const json ms = json::parse(es.out);
    ASSERT_TRUE(mn.contains("hr@10")) << en.out;
    for (const auto& [key, value] : mn.items()) {
        if (value.is_number()) {
            EXPECT_NEAR(ms[key].get<double>(), value.get<double>(), 1e-6) << key;
        }
    }
    const auto x = runCli(withModel(
        {"explain", "--user", "C10001", "--json", "--methods", "attention,ig,loo"}, true));
    ASSERT_EQ(x.exitCode, 0) << x.err;
    const json j = json::parse(x.out);
    EXPECT_TRUE(j["attributions"].contains("attention_rollout"));
    EXPECT_TRUE(j["attributions"].contains("ig"));
    EXPECT_TRUE(j["unavailable"].empty());
}

TEST(CliTorchScript, MissingAttentionIsReportedUnavailableInTheJson) {
    const std::string dir = sourcePath("tests/data/torchscript");
    const auto r = runCli({"explain", "--data", dir + "/interactions.csv", "--format", "csv",
                           "--model", dir + "/good.pt", "--item-map", dir + "/items.csv", "--user",
                           "u1", "--json", "--threads", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    ASSERT_TRUE(j["unavailable"].contains("attention"));
    EXPECT_NE(j["unavailable"]["attention"].get<std::string>().find("no attention"),
              std::string::npos);
    // I6 is in the data but not in the model's map: counted, reported on stderr.
    EXPECT_NE(r.err.find("1 dataset items unknown to the model"), std::string::npos) << r.err;
}

TEST(CliTorchScript, BadModelFilesAndItemMapsExitWithCode3) {
    const std::string dir = sourcePath("tests/data/torchscript");
    const std::string bad = sourcePath("tests/data/malformed");
    struct Case {
        std::string model, map, expect;
    };
    const std::vector<Case> cases = {
        {bad + "/ts_missing_embed.pt", dir + "/items.csv", "has no method 'embed'"},
        {bad + "/ts_state_dict.pt", dir + "/items.csv", "torch.jit.save"},
        {bad + "/ts_nan_logits.pt", dir + "/items.csv", "NaN"},
        {dir + "/good.pt", "", "needs its item map"},
        {dir + "/good.pt", bad + "/itemmap_index_too_big.csv", "between 1 and 5"},
        {exported().native, dir + "/items.csv", "TorchScript models only"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"recommend", "--data",  dir + "/interactions.csv",
                                      "--format",  "csv",     "--user",
                                      "u1",        "--model", c.model};
        if (!c.map.empty())
            args.insert(args.end(), {"--item-map", c.map});
        const auto r = runCli(args);
        EXPECT_EQ(r.exitCode, 3) << c.model << ": " << r.err;
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
        const std::string named = c.expect == "between 1 and 5" ? c.map : c.model;
        EXPECT_NE(r.err.find(std::filesystem::path(named).filename().string()), std::string::npos)
            << "the message must name the file: " << r.err;
    }
}
