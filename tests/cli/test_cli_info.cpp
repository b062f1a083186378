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

TEST(CliInfo, CatalogColumnMappingOnAShopsOwnColumns) {
    const std::string dir = sourcePath("tests/data/catalog_mapped");
    const std::vector<std::string> data = {"info",
                                           "--data",
                                           dir + "/transactions.csv",
                                           "--user-column",
                                           "household_id",
                                           "--item-column",
                                           "product_id",
                                           "--time-column",
                                           "transaction_timestamp",
                                           "--catalog",
                                           dir + "/products.csv",
                                           "--catalog-item-column",
                                           "product_id",
                                           "--catalog-category-columns",
                                           "department,product_category,product_type",
                                           "--catalog-price-column",
                                           "list_price"};
    std::vector<std::string> json = data;
    json.push_back("--json");
    auto r = runCli(json);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("items"), 5);                      // 4 catalog rows + p5 from the purchases
    EXPECT_EQ(j.at("items_with_category"), 4);        // every catalog row has a department
    EXPECT_EQ(j.at("items_with_title"), 4);           // composed: no title column
    EXPECT_EQ(j.at("interactions_with_category"), 5); // of 6: p5 has no catalog entry
    EXPECT_EQ(j.at("categories"), 4);
    const std::string notes = j.at("cleanup").at("notes").dump();
    EXPECT_NE(notes.find("category 'department' > 'product_category' > 'product_type'"),
              std::string::npos)
        << notes;
    EXPECT_NE(notes.find("4 titles composed"), std::string::npos) << notes;

    auto text = runCli(data);
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("catalog: 4 products with a category, 5 purchases of one (83.3 %)"),
              std::string::npos)
        << text.out;

    // A mapped column the catalog lacks is bad input naming the file, line 1 and the header.
    std::vector<std::string> wrong = data;
    wrong.push_back("--catalog-brand-column");
    wrong.push_back("maker");
    auto bad = runCli(wrong);
    EXPECT_EQ(bad.exitCode, 3) << bad.out;
    EXPECT_NE(bad.err.find("products.csv:1:1: no column 'maker' in the header; columns are: "
                           "product_id, manufacturer_id,"),
              std::string::npos)
        << bad.err;
    EXPECT_NE(bad.err.find("--catalog-brand-column"), std::string::npos) << bad.err;
}
