// Search on the merchant side and in reports, from the command line: explain-item --queries,
// report --search-model --query, and explain --top-k-all --query, on a small planted search shop
// (reclens-cli synth --queries) with a tiny search model.

#include "cliprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace reclens::test;

namespace {

struct SearchShop {
    std::string dir, model, recommender;
};

/// The shop and its two tiny models, trained once for this file.
const SearchShop& shop() {
    static const SearchShop s = [] {
        SearchShop out;
        out.dir = plantedSearchShop("search_reports", 60);
        const CachedModel search = tinySearchModel(out.dir, 2);
        EXPECT_EQ(search.exitCode, 0) << search.err;
        out.model = search.path;
        const CachedModel rec =
            trainCached({"train", "--data", out.dir, "--dim", "16", "--layers", "1", "--heads", "1",
                         "--max-len", "8", "--epochs", "1", "--threads", "1"});
        EXPECT_EQ(rec.exitCode, 0) << rec.err;
        out.recommender = rec.path;
        return out;
    }();
    return s;
}

nlohmann::json searchResults(const std::string& user, const std::string& query, int k) {
    const SearchShop& s = shop();
    auto r = runCli({"search", "--model", s.model, "--data", s.dir, "--user", user, "--query",
                     query, "--k", std::to_string(k), "--threads", "1", "--json"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST(CliSearchReports, ExplainItemWithQueriesListsTheLoggedQueriesOfTheProduct) {
    const SearchShop& s = shop();
    const std::string item = searchResults("Q20001", "lamp", 1)["results"][0]["item"];
    auto r = runCli({"explain-item", "--model", s.model, "--data", s.dir, "--queries",
                     s.dir + "/queries.csv", "--item", item, "--lift-searches", "5", "--threads",
                     "1", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("task"), "search");
    EXPECT_EQ(j.at("item"), item);
    EXPECT_FALSE(j.at("sampled").get<bool>());
    int searches = 0, inTop = 0;
    ASSERT_FALSE(j.at("queries").empty());
    for (const auto& q : j["queries"]) {
        searches += q.at("searches").get<int>();
        inTop += q.at("in_top_k").get<int>();
        EXPECT_LE(q["in_top_k"].get<int>(), q["searches"].get<int>());
        EXPECT_GE(q.at("best_rank").get<int>(), 1);
        EXPECT_TRUE(q.contains("lifts"));
    }
    EXPECT_EQ(searches, j.at("searches_analysed").get<int>());
    EXPECT_EQ(searches, j.at("log_searches").get<int>());
    EXPECT_EQ(inTop, j.at("in_top_k").get<int>());

    auto text =
        runCli({"explain-item", "--model", s.model, "--data", s.dir, "--queries",
                s.dir + "/queries.csv", "--item", item, "--lift-searches", "5", "--threads", "1"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("distinct queries"), std::string::npos) << text.out;
    // Bad input: an unknown item and a recommender checkpoint are exit code 3, saying why.
    auto unknown = runCli({"explain-item", "--model", s.model, "--data", s.dir, "--queries",
                           s.dir + "/queries.csv", "--item", "NO-SUCH-ITEM"});
    EXPECT_EQ(unknown.exitCode, 3);
    EXPECT_NE(unknown.err.find("NO-SUCH-ITEM"), std::string::npos) << unknown.err;
    auto rec = runCli({"explain-item", "--model", s.recommender, "--data", s.dir, "--queries",
                       s.dir + "/queries.csv", "--item", item});
    EXPECT_EQ(rec.exitCode, 3);
    EXPECT_NE(rec.err.find("needs a search model"), std::string::npos) << rec.err;
    auto help = runCli({"explain-item", "--help"});
    EXPECT_NE(help.out.find("--queries"), std::string::npos);
}

TEST(CliSearchReports, CustomerReportCarriesASearchSectionForTheQuery) {
    const SearchShop& s = shop();
    const std::string out = scratchDir("search_reports_out");
    std::filesystem::remove_all(out);
    auto r = runCli({"report",
                     "--model",
                     s.recommender,
                     "--data",
                     s.dir,
                     "--users",
                     "Q20001",
                     "--search-model",
                     s.model,
                     "--query",
                     "cheap lamp",
                     "--out",
                     out,
                     "--out-format",
                     "html,json,csv",
                     "--explain-top",
                     "1",
                     "--methods",
                     "loo,ig,counterfactual",
                     "--threads",
                     "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(readFile(out + "/customer-Q20001.json"));
    ASSERT_TRUE(j.contains("search"));
    const auto& q = j["search"].at("queries").at(0);
    EXPECT_EQ(q.at("query"), "cheap lamp");
    // The section's results are the ones `search` prints for the same customer and query.
    const auto expected = searchResults("Q20001", "cheap lamp", 10)["results"];
    ASSERT_EQ(q.at("results").size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(q["results"][i]["item"], expected[i]["item"]) << i;
        EXPECT_EQ(q["results"][i]["rank_without_history"], expected[i]["rank_without_history"]);
    }
    const auto& e = q.at("explanation");
    EXPECT_EQ(e.at("target").at("item"), expected[0]["item"]);
    EXPECT_EQ(e.at("query_attributions").at("loo").size(), 2u);
    EXPECT_FALSE(e.at("summary").get<std::string>().empty());
    EXPECT_TRUE(j["search"].at("model_card").contains("checkpoint"));
    const std::string html = readFile(out + "/customer-Q20001.html");
    EXPECT_NE(html.find("Search: &quot;cheap lamp&quot;"), std::string::npos);
    EXPECT_NE(html.find("Rank without personalisation"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(out + "/customer-Q20001.search_results.csv"));

    // --query without --search-model is a usage error.
    EXPECT_EQ(runCli({"report", "--model", s.recommender, "--data", s.dir, "--users", "Q20001",
                      "--query", "lamp", "--out", out})
                  .exitCode,
              2);
}

TEST(CliSearchReports, RepeatedQueryGivesOneSearchEntryPerQueryInOrder) {
    const SearchShop& s = shop();
    const std::string out = scratchDir("search_reports_repeated");
    std::filesystem::remove_all(out);
    auto r = runCli({"report",
                     "--model",
                     s.recommender,
                     "--data",
                     s.dir,
                     "--users",
                     "Q20002",
                     "--search-model",
                     s.model,
                     "--query",
                     "kettle",
                     "--query",
                     "cheap lamp",
                     "--out",
                     out,
                     "--out-format",
                     "html,json,csv",
                     "--explain-top",
                     "1",
                     "--methods",
                     "loo",
                     "--threads",
                     "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(readFile(out + "/customer-Q20002.json"));
    const auto& queries = j.at("search").at("queries");
    ASSERT_EQ(queries.size(), 2u);
    const char* const given[] = {"kettle", "cheap lamp"};
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(queries[i].at("query"), given[i]);
        // Each entry is that query's own ranking, as `search` prints it.
        const auto expected = searchResults("Q20002", given[i], 10)["results"];
        ASSERT_EQ(queries[i].at("results").size(), expected.size());
        EXPECT_EQ(queries[i]["results"][0]["item"], expected[0]["item"]) << given[i];
        EXPECT_EQ(queries[i].at("explanation").at("target").at("item"), expected[0]["item"]);
    }
    EXPECT_NE(queries[0]["results"], queries[1]["results"]);
    const std::string html = readFile(out + "/customer-Q20002.html");
    const auto kettle = html.find("Search: &quot;kettle&quot;");
    const auto lamp = html.find("Search: &quot;cheap lamp&quot;");
    ASSERT_NE(kettle, std::string::npos);
    ASSERT_NE(lamp, std::string::npos);
    EXPECT_LT(kettle, lamp);
    const std::string csv = readFile(out + "/customer-Q20002.search_results.csv");
    EXPECT_NE(csv.find("kettle"), std::string::npos);
    EXPECT_NE(csv.find("cheap lamp"), std::string::npos);
}

TEST(CliSearchReports, TopKAllWithQueryExplainsEachSearchResult) {
    const SearchShop& s = shop();
    auto r = runCli({"explain", "--model", s.model, "--data", s.dir, "--user", "Q20001", "--query",
                     "lamp", "--top-k-all", "--k", "3", "--threads", "1", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("task"), "search");
    ASSERT_EQ(j.at("query_terms").size(), 1u);
    const auto expected = searchResults("Q20001", "lamp", 3)["results"];
    ASSERT_EQ(j.at("explanations").size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& e = j["explanations"][i];
        EXPECT_EQ(e.at("target").at("item"), expected[i]["item"]) << i;
        EXPECT_EQ(e["target"].at("rank").get<int>(), static_cast<int>(i) + 1);
        const std::size_t purchases = e.at("history").size();
        for (const char* m : {"loo", "ig", "shapley"}) {
            EXPECT_EQ(e.at("attributions").at(m).size(), purchases) << m;
            EXPECT_EQ(e.at("query_attributions").at(m).size(), 1u) << m;
        }
        EXPECT_FALSE(e.at("summary").get<std::string>().empty());
    }
    auto text = runCli({"explain", "--model", s.model, "--data", s.dir, "--user", "Q20001",
                        "--query", "lamp", "--top-k-all", "--k", "2", "--threads", "1"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("top-2 explained"), std::string::npos) << text.out;
}
