#pragma once
// `recommend --all` for one shard: the top-K of every customer with a history (one JSON line
// each) and the shard's part of the exact merchant view: per product, how many customers have
// it in their top-K and how its rank is distributed over all customers.

#include "batch/shard.h"
#include "batch/shardloop.h"
#include "common/expected.h"
#include "data/dataset.h"
#include "model/sequencemodel.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace reclens::batch {

struct RecommendBatchConfig {
    int k = 10;               // recommendations per customer
    bool excludeSeen = false; // leave out items the customer already has (the top-K only)
    int blockSize = 256;      // customers per model call and per shard block (see shard.h)
    /// Lower bounds of the rank bins (as the merchant view's); the last bin is open.
    std::vector<int> rankBinEdges = {1, 2, 6, 11, 21, 51, 101, 501, 1001};
};

/// The settings that change the output, for batchFingerprint().
nlohmann::json recommendSettingsJson(const RecommendBatchConfig& config);

/// Per product over the customers counted: top-K appearances and rank histogram. Integer sums,
/// so merging shards in any order gives the same numbers.
struct ExposureTally {
    std::int64_t customers = 0;
    std::vector<std::int64_t> topKCount;                  // [item]
    std::vector<std::vector<std::int64_t>> rankHistogram; // [bin][item]; the last bin is implied
                                                          // (customers minus the other bins)

    ExposureTally() = default;
    ExposureTally(int items, std::size_t bins);
    /// Adds one customer's row of scores over the catalog. `top` is the customer's top-K.
    void addRow(const float* row, std::size_t n, const std::vector<int>& edges,
                const std::vector<ItemIndex>& top);
    void add(const ExposureTally& other);
    nlohmann::json toJson() const;
    /// Schema error naming `what` when sizes do not fit `items` and `bins`.
    static Expected<ExposureTally> fromJson(const nlohmann::json& j, int items, std::size_t bins,
                                            const std::string& what);
};

/// Runs `shard` of the batch into OUT/shards/ (see shardfiles.h). A finished shard with the same
/// fingerprint returns at once. progress(done, total) after each block; shouldStop between
/// blocks (then nothing is written and cancelled is set). Io errors name the file.
Expected<ShardRunResult>
runRecommendShard(const SequenceModel& model, const Dataset& ds, const RecommendBatchConfig& config,
                  const ShardSpec& shard, const std::string& outDir, const std::string& fingerprint,
                  const std::function<void(std::int64_t, std::int64_t)>& progress = {},
                  const std::function<bool()>& shouldStop = {});

} // namespace reclens::batch
