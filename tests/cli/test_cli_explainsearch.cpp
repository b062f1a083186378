// explain --query from the command line: a search result explained through the engine, its
// JSON keys, and the task check in both directions (exit code 3 with a message).

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace reclens::test;

TEST(CliExplainSearch, ExplainsASearchResultAndRefusesTheWrongModel) {
    const std::string dir = plantedSearchShop("explain_search", 60);
    const CachedModel model = tinySearchModel(dir, 1);
    ASSERT_EQ(model.exitCode, 0) << model.err;
    const std::string m = model.path;

    auto e = runCli({"explain", "--model", m, "--data", dir, "--user", "Q20001", "--query",
                     "lamp zzzunknown", "--k", "5", "--methods",
                     "grad,ig,loo,shapley,counterfactual", "--threads", "1", "--json"});
    ASSERT_EQ(e.exitCode, 0) << e.err;
    const auto j = nlohmann::json::parse(e.out);
    EXPECT_EQ(j.at("task"), "search");
    ASSERT_EQ(j.at("query_terms").size(), 2u);
    EXPECT_EQ(j["query_terms"][0]["term"], "lamp");
    EXPECT_EQ(j["query_terms"][1]["known"], false);
    const std::size_t purchases = j.at("history").size();
    ASSERT_GT(purchases, 0u);
    EXPECT_EQ(j.at("players").size(), purchases + 2);
    for (const char* method : {"grad", "grad_x_input", "ig", "loo", "shapley"}) {
        EXPECT_EQ(j.at("attributions").at(method).size(), purchases) << method;
        EXPECT_EQ(j.at("query_attributions").at(method).size(), 2u) << method;
    }
    for (const char* key : {"counterfactual_query", "counterfactual_history", "lexical_matches",
                            "summary", "ig_completeness_error"})
        EXPECT_TRUE(j.contains(key)) << key;
    const auto& split = j.at("split");
    for (const char* part : {"query_only", "history_only"}) {
        EXPECT_GE(split.at(part).at("rank").get<int>(), 1) << part;
        EXPECT_TRUE(split.at(part).contains("score")) << part;
    }
    EXPECT_EQ(split.at("rank"), j.at("target").at("rank"));
    const double gate = split.at("gate").get<double>();
    EXPECT_TRUE(gate > 0.0 && gate < 1.0);
    EXPECT_LT(j.at("ig_completeness_error").get<double>(), 0.01);

    // Plain text works too.
    auto text = runCli({"explain", "--model", m, "--data", dir, "--user", "Q20001", "--query",
                        "lamp", "--methods", "loo", "--threads", "1"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("Query only: #"), std::string::npos) << text.out;

    // A search model without --query, and --query with a recommender: exit 3, saying why.
    auto noQuery = runCli({"explain", "--model", m, "--data", dir, "--user", "Q20001"});
    EXPECT_EQ(noQuery.exitCode, 3);
    EXPECT_NE(noQuery.err.find("explain --query"), std::string::npos) << noQuery.err;
    const std::string rec = dir + "/rec.ckpt";
    ASSERT_EQ(runCli({"train", "--data", dir, "--out", rec, "--dim", "16", "--layers", "1",
                      "--heads", "1", "--epochs", "1", "--threads", "1"})
                  .exitCode,
              0);
    auto withRec =
        runCli({"explain", "--model", rec, "--data", dir, "--user", "Q20001", "--query", "lamp"});
    EXPECT_EQ(withRec.exitCode, 3);
    EXPECT_NE(withRec.err.find("needs a search model"), std::string::npos) << withRec.err;
    // Options of recommendation explanations are refused with --query (usage error).
    EXPECT_EQ(runCli({"explain", "--model", m, "--data", dir, "--user", "Q20001", "--query", "lamp",
                      "--split", "train"})
                  .exitCode,
              2);
}
