// Which shard a process runs (--shard, Slurm array, Kubernetes Indexed Job), that the shards
// partition a batch, and that the merchant-view tally ranks exactly as rankOf() does, ties
// included, and that the merged median rank is exact.
#include "batch/merchantbatch.h"
#include "batch/recommendbatch.h"
#include "batch/shard.h"
#include "batch/shardfiles.h"
#include "explain/explanation.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace reclens;
using namespace reclens::batch;

namespace {

EnvLookup envOf(std::map<std::string, std::string> vars) {
    return [vars](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

} // namespace

TEST(BatchShard, ParsesOneBasedShardTextAndRejectsTheRest) {
    auto s = parseShardText("2/8");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->index, 1);
    EXPECT_EQ(s->count, 8);
    EXPECT_EQ(shardStem(*s), "shard-00002-of-00008");
    for (const char* bad : {"0/2", "3/2", "2", "a/2", "1/", "/2", "1/2x", "-1/2", "1/-2", ""})
        EXPECT_FALSE(parseShardText(bad)) << bad;
}

TEST(BatchShard, SlurmArraysStartingAnywhereAndWithStepsMapToZeroBasedShards) {
    auto zero = shardFromEnvironment(envOf({{"SLURM_ARRAY_TASK_ID", "0"},
                                            {"SLURM_ARRAY_TASK_COUNT", "4"},
                                            {"SLURM_ARRAY_TASK_MIN", "0"}}));
    ASSERT_TRUE(zero && *zero);
    EXPECT_EQ((**zero).index, 0);
    auto one = shardFromEnvironment(envOf({{"SLURM_ARRAY_TASK_ID", "4"},
                                           {"SLURM_ARRAY_TASK_COUNT", "4"},
                                           {"SLURM_ARRAY_TASK_MIN", "1"}}));
    ASSERT_TRUE(one && *one);
    EXPECT_EQ((**one).index, 3);
    EXPECT_EQ((**one).count, 4);
    auto step = shardFromEnvironment(envOf({{"SLURM_ARRAY_TASK_ID", "8"},
                                            {"SLURM_ARRAY_TASK_COUNT", "4"},
                                            {"SLURM_ARRAY_TASK_MIN", "0"},
                                            {"SLURM_ARRAY_TASK_STEP", "4"}}));
    ASSERT_TRUE(step && *step);
    EXPECT_EQ((**step).index, 2);
    // Outside the array, no count, not a number: errors naming the variable.
    auto outside = shardFromEnvironment(
        envOf({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
    ASSERT_FALSE(outside);
    EXPECT_NE(outside.error().message.find("SLURM_ARRAY_TASK_ID 5"), std::string::npos);
    auto noCount = shardFromEnvironment(envOf({{"SLURM_ARRAY_TASK_ID", "1"}}));
    ASSERT_FALSE(noCount);
    EXPECT_NE(noCount.error().message.find("SLURM_ARRAY_TASK_COUNT"), std::string::npos);
    EXPECT_FALSE(shardFromEnvironment(
        envOf({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})));
}

TEST(BatchShard, KubernetesIndexNeedsACountFromTheFlagOrTheEnvironment) {
    EXPECT_FALSE(shardFromEnvironment(envOf({{"JOB_COMPLETION_INDEX", "2"}})));
    auto flag = shardFromEnvironment(envOf({{"JOB_COMPLETION_INDEX", "2"}}), 3);
    ASSERT_TRUE(flag && *flag);
    EXPECT_EQ((**flag).index, 2);
    EXPECT_EQ((**flag).count, 3);
    auto env =
        shardFromEnvironment(envOf({{"JOB_COMPLETION_INDEX", "0"}, {"RECLENS_SHARD_COUNT", "5"}}));
    ASSERT_TRUE(env && *env);
    EXPECT_EQ((**env).count, 5);
    EXPECT_FALSE(shardFromEnvironment(envOf({{"JOB_COMPLETION_INDEX", "3"}}), 3));
    auto none = shardFromEnvironment(envOf({}));
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
}

TEST(BatchShard, ShardsPartitionEveryBatchInBlocks) {
    for (int count : {1, 3, 4, 7})
        for (int block : {1, 5, 64})
            for (std::int64_t total : {0, 1, 63, 64, 65, 1000}) {
                std::vector<int> owners(static_cast<std::size_t>(total), 0);
                std::int64_t sum = 0;
                for (int s = 0; s < count; ++s) {
                    const ShardSpec shard{s, count};
                    std::int64_t mine = 0;
                    for (std::int64_t p = 0; p < total; ++p)
                        if (ownsPosition(shard, p, block)) {
                            ++owners[static_cast<std::size_t>(p)];
                            ++mine;
                        }
                    EXPECT_EQ(mine, ownedPositions(shard, total, block));
                    sum += mine;
                }
                EXPECT_EQ(sum, total);
                for (int o : owners)
                    EXPECT_EQ(o, 1);
            }
}

TEST(BatchShard, TallyRanksEqualRankOfWithTies) {
    // Scores on a coarse grid make many ties, also across the cut at the last sorted rank.
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> grid(0, 40);
    const std::vector<int> edges = {1, 2, 6, 11, 21, 51};
    for (int n : {3, 49, 50, 51, 300}) {
        ExposureTally tally(n, edges.size());
        std::vector<std::vector<std::int64_t>> expected(edges.size(),
                                                        std::vector<std::int64_t>(n, 0));
        for (int user = 0; user < 20; ++user) {
            std::vector<float> row(static_cast<std::size_t>(n));
            for (auto& v : row)
                v = static_cast<float>(grid(rng)) / 4.0f;
            tally.addRow(row.data(), row.size(), edges, {0});
            for (int i = 0; i < n; ++i) {
                const int rank = rankOf(row, i);
                std::size_t bin = 0;
                while (bin + 1 < edges.size() && rank >= edges[bin + 1])
                    ++bin;
                if (bin + 1 < edges.size()) // the open last bin is derived by merge
                    ++expected[bin][static_cast<std::size_t>(i)];
            }
        }
        EXPECT_EQ(tally.customers, 20);
        EXPECT_EQ(tally.topKCount[0], 20);
        for (std::size_t b = 0; b + 1 < edges.size(); ++b)
            EXPECT_EQ(tally.rankHistogram[b], expected[b]) << "n " << n << " bin " << b;
    }
}

namespace {

// A shard's merchant tally holding only the ranks (no drivers), as runMerchantShard writes it.
nlohmann::json rankOnlyTally(const std::vector<int>& ranks) {
    std::map<int, std::int64_t> counts;
    std::int64_t sum = 0;
    for (int r : ranks) {
        ++counts[r];
        sum += r;
    }
    nlohmann::json pairs = nlohmann::json::array();
    for (const auto& [rank, users] : counts)
        pairs.push_back({rank, users});
    const nlohmann::json none = nlohmann::json::object();
    return {{"item", "P1"},
            {"k", 10},
            {"top_drivers", 5},
            {"rank_bin_edges", {1, 11}},
            {"item_purchases", 1},
            {"all_purchases", 10},
            {"customers", ranks.size()},
            {"in_top_k", 0},
            {"rank_sum", sum},
            {"rank_counts", pairs},
            {"best_rank", ranks.empty() ? 0 : *std::min_element(ranks.begin(), ranks.end())},
            {"rank_histogram", {0, 0}},
            {"drivers", {{"item", none}, {"category", none}, {"brand", none}}}};
}

} // namespace

TEST(BatchShard, MergedMedianRankEqualsTheMedianOfAllShardsRanks) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> rankOf(1, 60); // few values: many customers share a rank
    for (int customers : {1, 2, 7, 40, 41}) {
        std::vector<int> all;
        std::vector<nlohmann::json> tallies;
        std::vector<std::string> names;
        for (int shard = 0; shard < 3; ++shard) {
            std::vector<int> mine;
            for (int c = shard; c < customers; c += 3)
                mine.push_back(rankOf(rng));
            all.insert(all.end(), mine.begin(), mine.end());
            tallies.push_back(rankOnlyTally(mine));
            names.push_back("shard " + std::to_string(shard));
        }
        std::sort(all.begin(), all.end());
        const std::size_t mid = all.size() / 2;
        const double expected = all.size() % 2 ? all[mid] : 0.5 * (all[mid - 1] + all[mid]);
        auto merged = mergeMerchantTallies(tallies, names);
        ASSERT_TRUE(merged) << merged.error().message;
        EXPECT_EQ((*merged)["median_rank"].get<double>(), expected) << customers << " customers";
    }
    // Counts that do not add up to the shard's customers are a schema error naming the shard.
    auto bad = rankOnlyTally({3, 4, 5});
    bad["customers"] = 4;
    auto merged = mergeMerchantTallies({rankOnlyTally({1}), bad}, {"a.json", "b.json"});
    ASSERT_FALSE(merged);
    EXPECT_EQ(merged.error().file, "b.json");
}
