// Search mode from the command line: synth --queries, make-queries (deterministic, its log reads
// back), train --task search, search --json, eval --queries, and the task check between
// recommender and search checkpoints (exit code 3 with a message naming the task).

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace reclens::test;

TEST(CliSearch, MakeQueriesIsDeterministicAndCountsWhatItWrote) {
    const std::string dir = scratchDir("mq");
    ASSERT_EQ(runCli({"synth", "--out", dir, "--users", "80", "--seed", "4"}).exitCode, 0);
    auto a = runCli({"make-queries", "--data", dir, "--out", dir + "/a.csv", "--json"});
    ASSERT_EQ(a.exitCode, 0) << a.err;
    auto b = runCli({"make-queries", "--data", dir, "--out", dir + "/b.csv"});
    ASSERT_EQ(b.exitCode, 0) << b.err;
    EXPECT_EQ(readFile(dir + "/a.csv"), readFile(dir + "/b.csv"));
    const auto j = nlohmann::json::parse(a.out);
    EXPECT_EQ(j.at("source").get<std::string>(), "category");
    EXPECT_EQ(j.at("queries").get<long>() + j.at("purchases_without_query").get<long>(),
              j.at("purchases").get<long>());
    EXPECT_EQ(runCli({"make-queries", "--data", dir}).exitCode, 2); // --out is required
}

TEST(CliSearch, TrainSearchAndEvalWithTheTaskCheck) {
    const std::string dir = scratchDir("shop");
    ASSERT_EQ(runCli({"synth", "--queries", "--out", dir, "--users", "120"}).exitCode, 0);
    const std::string q = dir + "/queries.csv";
    const std::string m = dir + "/search.ckpt";
    auto t = runCli({"train", "--task",   "search", "--data",    dir, "--queries", q,   "--out",
                     m,       "--dim",    "16",     "--layers",  "1", "--heads",   "1", "--max-len",
                     "10",    "--epochs", "2",      "--threads", "1", "--json"});
    ASSERT_EQ(t.exitCode, 0) << t.err;
    const auto tj = nlohmann::json::parse(t.out);
    EXPECT_EQ(tj.at("task").get<std::string>(), "search");
    EXPECT_EQ(tj.at("test").at("searches").get<int>(), 120);

    auto s = runCli({"search", "--model", m, "--data", dir, "--user", "Q20001", "--query",
                     "Lamp, zzzunknown!", "--k", "5", "--json", "--threads", "1"});
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const auto sj = nlohmann::json::parse(s.out);
    EXPECT_EQ(sj.at("query_terms"), nlohmann::json({"lamp", "zzzunknown"}));
    EXPECT_EQ(sj.at("unknown_terms"), nlohmann::json({"zzzunknown"}));
    ASSERT_EQ(sj.at("results").size(), 5u);
    const auto& first = sj.at("results")[0];
    for (const char* key :
         {"item", "title", "rank", "score", "rank_without_history", "lexical_matches"})
        EXPECT_TRUE(first.contains(key)) << key;
    const double gate = sj.at("gate").get<double>();
    EXPECT_TRUE(gate > 0.0 && gate < 1.0);

    auto e =
        runCli({"eval", "--model", m, "--data", dir, "--queries", q, "--json", "--threads", "1"});
    ASSERT_EQ(e.exitCode, 0) << e.err;
    const auto ej = nlohmann::json::parse(e.out);
    for (const char* r : {"bm25", "search", "search_no_history"})
        EXPECT_TRUE(ej.at("rankers").contains(r)) << r;

    // A search checkpoint is not a recommender, and the reverse.
    auto asRec = runCli({"recommend", "--model", m, "--data", dir, "--user", "Q20001"});
    EXPECT_EQ(asRec.exitCode, 3);
    EXPECT_NE(asRec.err.find("holds a search model"), std::string::npos) << asRec.err;
    const std::string rec = dir + "/rec.ckpt";
    ASSERT_EQ(runCli({"train", "--data", dir, "--out", rec, "--dim", "16", "--layers", "1",
                      "--heads", "1", "--epochs", "1", "--threads", "1"})
                  .exitCode,
              0);
    auto asSearch =
        runCli({"search", "--model", rec, "--data", dir, "--user", "Q20001", "--query", "lamp"});
    EXPECT_EQ(asSearch.exitCode, 3);
    EXPECT_NE(asSearch.err.find("not a search model"), std::string::npos) << asSearch.err;
    EXPECT_EQ(runCli({"search", "--model", m, "--data", dir, "--user", "nobody", "--query", "x"})
                  .exitCode,
              3);
}
