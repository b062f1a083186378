// End-to-end: reclens-cli explain and explain-item on the bundled sample shop (a model trained
// here for 2 epochs), including every documented failure exit code.

#include "../core/jsonschemalite.h"
#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace reclens::test;
using nlohmann::json;

namespace {

const std::string& explainModel() {
    static std::string path;
    if (path.empty()) {
        auto r = trainCached({"train", "--data", sourcePath("sample_data"), "--epochs", "2",
                              "--max-len", "20", "--seed", "3", "--threads", "1"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        if (r.exitCode == 0)
            path = r.path;
    }
    return path;
}

CliResult explainCli(std::vector<std::string> extra) {
    std::vector<std::string> args{
        "explain",   "--model", explainModel(), "--data", sourcePath("sample_data"),
        "--threads", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runCli(args);
}

} // namespace

TEST(CliExplain, JsonHasStableKeysAlignedAttributionsAndVerifiedFacts) {
    ASSERT_FALSE(explainModel().empty());
    const auto r = explainCli({"--user", "C10001", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    for (const char* key : {"user", "history", "target", "attributions", "ig_completeness_error",
                            "counterfactual", "faithfulness", "summary", "timings_ms"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["user"], "C10001");
    const size_t n = j["history"].size();
    ASSERT_GT(n, 0u);
    EXPECT_EQ(j["target"]["rank"], 1); // no --item: the top-1
    for (const char* m : {"attention_rollout", "grad", "grad_x_input", "ig", "loo", "shapley"}) {
        ASSERT_TRUE(j["attributions"].contains(m)) << m;
        EXPECT_EQ(j["attributions"][m].size(), n) << m;
    }
    EXPECT_LT(j["ig_completeness_error"].get<double>(), 0.05);
    const json& cf = j["counterfactual"];
    if (cf["found"].get<bool>()) {
        EXPECT_TRUE(cf["verified"].get<bool>());
        EXPECT_GT(cf["new_rank"].get<int>(), j["k"].get<int>());
        EXPECT_FALSE(cf["removed"].empty());
    } else {
        EXPECT_FALSE(cf["message"].get<std::string>().empty());
    }
    for (const auto& [method, f] : j["faithfulness"].items()) {
        EXPECT_TRUE(f.contains("deletion_auc")) << method;
        EXPECT_EQ(f["comprehensiveness"].size(), 3u) << method;
    }
    EXPECT_FALSE(j["summary"].get<std::string>().empty());
}

TEST(CliExplain, ItemAndRemoveGiveWhatIfWithTheTargetsNewRank) {
    ASSERT_FALSE(explainModel().empty());
    const auto base = explainCli({"--user", "C10001", "--methods", "loo", "--json"});
    ASSERT_EQ(base.exitCode, 0) << base.err;
    const json b = json::parse(base.out);
    const std::string first = b["history"][0]["item"];
    const std::string item = b["top_k"][3]["item"];
    const auto r = explainCli({"--user", "C10001", "--item", item, "--remove", first, "--methods",
                               "loo", "--k", "5", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["target"]["item"], item);
    EXPECT_EQ(j["target"]["rank"], 4);
    ASSERT_TRUE(j["whatif"].is_object());
    EXPECT_EQ(j["whatif"]["edited_history"].size(), j["history"].size() - 1);
    EXPECT_TRUE(j["whatif"]["target_new_rank"].is_number_integer());
    EXPECT_EQ(j["whatif"]["top_k"].size(), 20u);
    EXPECT_TRUE(j["attributions"].contains("loo"));
    EXPECT_FALSE(j["attributions"].contains("shapley"));
    // Text mode works too and names the target.
    const auto t = explainCli({"--user", "C10001", "--item", item, "--methods", "loo"});
    ASSERT_EQ(t.exitCode, 0) << t.err;
    EXPECT_NE(t.out.find(item), std::string::npos);
}

TEST(CliExplain, FailuresHaveDistinctExitCodesAndMessages) {
    ASSERT_FALSE(explainModel().empty());
    auto r = explainCli({"--user", "NO-SUCH-USER"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("unknown user 'NO-SUCH-USER'"), std::string::npos) << r.err;
    r = explainCli({"--user", "C10001", "--item", "NO-SUCH-ITEM"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("unknown item 'NO-SUCH-ITEM'"), std::string::npos) << r.err;
    r = explainCli({"--history="});
    EXPECT_EQ(r.exitCode, 6) << r.err;
    EXPECT_NE(r.err.find("no purchases"), std::string::npos) << r.err;
    std::string longHistory = "SKU1001";
    for (int i = 1; i < 21; ++i) // append(): GCC 12 warns falsely (-Wrestrict) on "x" + string
        longHistory.append(",SKU").append(std::to_string(1001 + i));
    r = explainCli({"--history", longHistory});
    EXPECT_EQ(r.exitCode, 7) << r.err;
    EXPECT_NE(r.err.find("at most at 20"), std::string::npos) << r.err;
    r = explainCli({"--user", "C10001", "--methods", "loo,magic"});
    EXPECT_EQ(r.exitCode, 2);
    r = explainCli({"--user", "C10001", "--remove", "SKU99999"});
    EXPECT_EQ(r.exitCode, 3);
    r = runCli({"explain", "--model", "/nonexistent.ckpt", "--data", sourcePath("sample_data"),
                "--user", "C10001"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_EQ(runCli({"explain", "--help"}).exitCode, 0);
}

TEST(CliExplain, TopKAllPrintsOneSchemaValidExplanationPerRankEqualToSingleRuns) {
    ASSERT_FALSE(explainModel().empty());
    const auto r = explainCli({"--user", "C10001", "--top-k-all", "--k", "3", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["user"], "C10001");
    EXPECT_EQ(j["k"], 3);
    ASSERT_EQ(j["explanations"].size(), 3u);
    const SchemaLite schema(json::parse(readFile(sourcePath("docs/explanation-schema.json"))));
    for (int rank = 1; rank <= 3; ++rank) {
        const json& e = j["explanations"][static_cast<size_t>(rank - 1)];
        const auto errors = schema.validate(e);
        EXPECT_TRUE(errors.empty()) << errors.front();
        EXPECT_EQ(e["target"]["rank"], rank);
        EXPECT_TRUE(e["attention"].is_null()) << "only loo, ig, shapley, list_shapley";
        ASSERT_TRUE(e["list_shapley"].is_object());
        EXPECT_EQ(e["list_shapley"], j["explanations"][0]["list_shapley"]) << "one list";
        for (int i = 0; i < 3; ++i)
            EXPECT_EQ(e["list_shapley"]["list"][i]["item"], e["top_k"][i]["item"]);
        // The same recommendation explained alone, restricted to the same methods.
        const auto one = explainCli({"--user", "C10001", "--item", e["target"]["item"], "--k", "3",
                                     "--methods", "loo,ig,shapley", "--json"});
        ASSERT_EQ(one.exitCode, 0) << one.err;
        const json s = json::parse(one.out);
        for (const char* m : {"loo", "shapley", "ig"}) {
            const auto& a = e["attributions"][m];
            const auto& b = s["attributions"][m];
            ASSERT_EQ(a.size(), b.size()) << m;
            ASSERT_GT(a.size(), 0u) << m;
            const double tol = std::string(m) == "ig" ? 1e-3 : 1e-5;
            for (size_t p = 0; p < a.size(); ++p)
                EXPECT_NEAR(a[p].get<double>(), b[p].get<double>(), tol) << m << " " << p;
        }
    }
    EXPECT_EQ(explainCli({"--user", "C10001", "--top-k-all", "--item", "SKU1001"}).exitCode, 2);
    const auto bad = explainCli({"--user", "C10001", "--top-k-all", "--methods", "attention"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--top-k-all"), std::string::npos) << bad.err;
    const auto text = explainCli({"--user", "C10001", "--top-k-all", "--k", "2"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("top-2 explained"), std::string::npos) << text.out;
}

TEST(CliExplainItem, MerchantJsonOverASampleAndUnknownItem) {
    ASSERT_FALSE(explainModel().empty());
    const std::string model = explainModel();
    auto r = runCli({"explain-item", "--model", model, "--data", sourcePath("sample_data"),
                     "--item", "SKU1036", "--users", "300", "--threads", "1", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["users_considered"], 300);
    EXPECT_TRUE(j["sampled"].get<bool>());
    int binned = 0;
    for (const auto& b : j["rank_histogram"])
        binned += b["users"].get<int>();
    EXPECT_EQ(binned, 300);
    EXPECT_LE(j["in_top_k"].get<int>(), 300);
    EXPECT_TRUE(j["drivers"].is_array());
    r = runCli(
        {"explain-item", "--model", model, "--data", sourcePath("sample_data"), "--item", "NOPE"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("unknown item 'NOPE'"), std::string::npos);
}

// #15 point 11 / #16: segment, comparison, what-if and confidence intervals of explain-item.
TEST(CliExplainItem, SegmentCompareWhatIfFlagsAndTheirBadInput) {
    ASSERT_FALSE(explainModel().empty());
    const std::vector<std::string> base{
        "explain-item", "--model", explainModel(), "--data", sourcePath("sample_data"),
        "--item",       "SKU1036", "--threads",    "1"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return runCli(args);
    };
    auto r =
        with({"--users", "200", "--segment-min-length", "8", "--segment-category",
              "Kitchen > Cookware", "--compare", "SKU1002", "--what-if-add", "SKU1001", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    json schema = json::parse(readFile(sourcePath("docs/explanation-schema.json")));
    schema = {{"$defs", schema["$defs"]}, {"$ref", "#/$defs/merchant"}};
    const SchemaLite check(schema);
    EXPECT_TRUE(check.validate(j).empty()) << check.validate(j).front();
    const int considered = j["users_considered"].get<int>();
    EXPECT_LT(j["users_eligible"].get<int>(), j["users_total"].get<int>());
    EXPECT_EQ(considered, std::min(200, j["users_eligible"].get<int>()));
    EXPECT_EQ(j["segment"]["category"], "Kitchen > Cookware");
    EXPECT_EQ(j["customers"].size(), j["in_top_k"].get<size_t>());
    for (const auto& c : j["customers"]) {
        EXPECT_GE(c["history_length"].get<int>(), 8);
        EXPECT_LE(c["rank"].get<int>(), 10);
    }
    const json& c = j["comparison"];
    EXPECT_EQ(c["other"]["item"], "SKU1002");
    EXPECT_EQ(c["item_ahead"].get<int>() + c["other_ahead"].get<int>() + c["tied"].get<int>(),
              considered);
    EXPECT_EQ(j["what_if"]["users"].get<int>(), considered);
    EXPECT_EQ(j["what_if"]["added"]["item"], "SKU1001");
    if (j["sampled"].get<bool>()) {
        const auto ci = j["confidence"]["top_k_share"];
        EXPECT_LE(ci[0].get<double>(), j["top_k_share"].get<double>());
        EXPECT_GE(ci[1].get<double>(), j["top_k_share"].get<double>());
    } else {
        EXPECT_TRUE(j["confidence"].is_null());
    }
    EXPECT_FALSE(j["summary_sentence"].get<std::string>().empty());

    r = with({"--users", "100", "--segment-max-length", "12"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("95 % CI"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Segment: history length 0 to 12"), std::string::npos) << r.out;

    r = with({"--segment-category", "No Such Aisle"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("unknown category 'No Such Aisle'"), std::string::npos) << r.err;
    r = with({"--compare", "NOPE"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_NE(r.err.find("unknown item 'NOPE' for --compare"), std::string::npos) << r.err;
    r = with({"--what-if-add", "NOPE2"});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_EQ(with({"--segment-min-length", "-1"}).exitCode, 2);
    r = runCli({"explain-item", "--help"});
    for (const char* flag : {"--segment-min-length", "--segment-max-length", "--segment-category",
                             "--compare", "--what-if-add"})
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
}
