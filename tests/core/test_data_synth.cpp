// The synthetic shop: deterministic, matches the committed sample_data/, and the planted rules
// hold exactly as ground_truth.json claims.

#include "data/importers.h"
#include "data/synth.h"
#include "testdata.h"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

namespace fs = std::filesystem;
using namespace reclens;

TEST(DataSynth, SampleDataIsByteIdenticalToGenerator) {
    const std::string dir = test::scratchDir("sample");
    SynthConfig cfg; // sample_data/README.md: --users 1500 --seed 7, other values default
    cfg.users = 1500;
    cfg.seed = 7;
    ASSERT_TRUE(writeSyntheticShop(dir, cfg).ok());
    for (const char* f : {"interactions.csv", "catalog.csv", "ground_truth.json"}) {
        const std::string committed =
            test::readFile(test::sourcePath(std::string("sample_data/") + f));
        ASSERT_FALSE(committed.empty()) << f;
        EXPECT_TRUE(committed == test::readFile((fs::path(dir) / f).string()))
            << f
            << " differs from what `reclens-cli synth --out sample_data --users 1500 "
               "--seed 7` writes; regenerate sample_data/";
    }
}

TEST(DataSynth, SameSeedSameBytesOtherSeedOtherBytes) {
    SynthConfig cfg;
    cfg.users = 200;
    cfg.seed = 11;
    const std::string a = test::scratchDir("a"), b = test::scratchDir("b"),
                      c = test::scratchDir("c");
    ASSERT_TRUE(writeSyntheticShop(a, cfg).ok());
    ASSERT_TRUE(writeSyntheticShop(b, cfg).ok());
    cfg.seed = 12;
    ASSERT_TRUE(writeSyntheticShop(c, cfg).ok());
    EXPECT_EQ(test::readFile(a + "/interactions.csv"), test::readFile(b + "/interactions.csv"));
    EXPECT_EQ(test::readFile(a + "/ground_truth.json"), test::readFile(b + "/ground_truth.json"));
    EXPECT_NE(test::readFile(a + "/interactions.csv"), test::readFile(c + "/interactions.csv"));
}

TEST(DataSynth, LargeCatalogsHaveDistinctTitlesAndLongTailedPopularity) {
    // Past the ~10,000 title combinations (and the old 5,000-product cap): titles are numbered,
    // still distinct; popularity stays long-tailed; the shop loads.
    const std::string dir = test::scratchDir("large");
    SynthConfig cfg;
    cfg.users = 3000;
    cfg.items = 30000;
    ASSERT_TRUE(writeSyntheticShop(dir, cfg).ok());
    ImportOptions opt;
    opt.catalogPath = dir + "/catalog.csv";
    auto loaded = loadDataset(dir + "/interactions.csv", opt);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const Dataset& ds = *loaded;
    EXPECT_EQ(ds.users.size(), 3000u);
    EXPECT_EQ(ds.items.size(), 30000u);
    std::set<std::string> titles;
    for (const auto& item : ds.items)
        titles.insert(item.title);
    EXPECT_EQ(titles.size(), ds.items.size()) << "titles repeat";
    std::vector<int> bought(ds.items.size(), 0);
    size_t purchases = 0;
    for (const auto& u : ds.users)
        for (ItemIndex i : u.sequence) {
            ++bought[static_cast<size_t>(i)];
            ++purchases;
        }
    std::sort(bought.rbegin(), bought.rend());
    size_t top = 0;
    for (size_t k = 0; k < 300; ++k) // the 1 % most bought products
        top += static_cast<size_t>(bought[k]);
    EXPECT_GT(static_cast<double>(top) / static_cast<double>(purchases), 0.05)
        << "the most bought 1 % of products should take far more than 1 % of purchases";
}

TEST(DataSynth, RejectsImpossibleConfig) {
    SynthConfig cfg;
    cfg.items = 20; // fewer than 2 * rules + fillers
    EXPECT_EQ(writeSyntheticShop(test::scratchDir("x"), cfg).error().code,
              ErrorCode::InvalidArgument);
}

TEST(DataSynth, SampleDataLoadsAndPlantedRulesHold) {
    auto loaded = loadDataset(test::sourcePath("sample_data"));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const Dataset& ds = *loaded;
    EXPECT_EQ(ds.name, "csv");
    EXPECT_EQ(ds.users.size(), 1500u);
    EXPECT_EQ(ds.items.size(), 300u);
    EXPECT_EQ(ds.fingerprint.size(), 16u);
    // The catalog made it in, including titles with commas (quoted in the CSV).
    int withComma = 0;
    for (const auto& item : ds.items) {
        EXPECT_FALSE(item.title.empty());
        EXPECT_FALSE(item.category.empty());
        EXPECT_FALSE(item.brand.empty());
        EXPECT_GT(item.price, 0.0);
        withComma += item.title.find(", Set of ") != std::string::npos;
    }
    EXPECT_GT(withComma, 0);
    EXPECT_GE(ds.categories.size(), 10u);

    const auto gt =
        nlohmann::json::parse(test::readFile(test::sourcePath("sample_data/ground_truth.json")));
    EXPECT_EQ(gt.at("seed").get<int>(), 7);
    std::map<ItemIndex, ItemIndex> targetOf;
    std::set<ItemIndex> ruleItems;
    for (const auto& r : gt.at("rules")) {
        const ItemIndex trig = ds.findItem(r.at("trigger").get<std::string>());
        const ItemIndex targ = ds.findItem(r.at("target").get<std::string>());
        ASSERT_GE(trig, 0);
        ASSERT_GE(targ, 0);
        targetOf[trig] = targ;
        ruleItems.insert(trig);
        ruleItems.insert(targ);
    }
    const auto rules = static_cast<std::size_t>(SynthConfig{}.rules);
    EXPECT_EQ(targetOf.size(), rules);
    EXPECT_EQ(ruleItems.size(), 2 * rules);

    // Every trigger occurrence anywhere is followed by its target 1..3 positions later.
    int occurrences = 0;
    for (const auto& u : ds.users)
        for (std::size_t p = 0; p < u.sequence.size(); ++p) {
            auto it = targetOf.find(u.sequence[p]);
            if (it == targetOf.end())
                continue;
            ++occurrences;
            bool followed = false;
            for (std::size_t g = 1; g <= 3 && p + g < u.sequence.size(); ++g)
                followed = followed || u.sequence[p + g] == it->second;
            EXPECT_TRUE(followed) << u.id << " position " << p;
        }
    EXPECT_GT(occurrences, static_cast<int>(rules) * 200); // plenty of training signal per rule

    const auto& cases = gt.at("cases");
    EXPECT_GE(cases.size(), 1500u * 30 / 100); // >= 30 % of users end with a rule target
    int triggerNotLast = 0;
    for (const auto& c : cases) {
        const UserIndex u = ds.findUser(c.at("user").get<std::string>());
        ASSERT_GE(u, 0);
        const ItemIndex target = ds.findItem(c.at("target").get<std::string>());
        const ItemIndex trigger = ds.findItem(c.at("trigger").get<std::string>());
        const int pos = c.at("trigger_position").get<int>();
        EXPECT_EQ(targetOf.at(trigger), target);
        EXPECT_EQ(ds.targetFor(u, EvalSplit::Test), target);
        const auto history = ds.historyFor(u, EvalSplit::Test);
        ASSERT_LT(pos, static_cast<int>(history.size()));
        EXPECT_EQ(history[static_cast<std::size_t>(pos)], trigger);
        EXPECT_EQ(std::count(history.begin(), history.end(), trigger), 1);
        EXPECT_EQ(std::count(history.begin(), history.end(), target), 0);
        EXPECT_GE(pos, static_cast<int>(history.size()) - 3);
        triggerNotLast += pos != static_cast<int>(history.size()) - 1;
    }
    EXPECT_GT(triggerNotLast, static_cast<int>(cases.size()) / 2);
}
