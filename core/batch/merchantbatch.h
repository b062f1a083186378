#pragma once
// `explain-item --all` for one shard: the merchant view of ONE product over every customer,
// exact (no sample, no driver budget), for the cluster. Each customer gets a JSON line (rank,
// and for customers with the product in their top-K the strongest leave-one-out driver, checked
// by a fresh forward pass); the shard's manifest carries integer tallies (ranks, top-K count,
// drivers per product, category and brand) that `merge` adds into the exact figures.

#include "batch/recommendbatch.h"
#include "batch/shard.h"
#include "common/expected.h"
#include "data/dataset.h"
#include "model/sequencemodel.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace reclens::batch {

struct MerchantBatchConfig {
    ItemIndex item = -1;
    int k = 10;
    int blockSize = 256; // customers per shard block (see shard.h)
    std::vector<int> rankBinEdges = {1, 2, 6, 11, 21, 51, 101, 501, 1001};
    int topDrivers = 20; // entries per driver list in the merged summary
};

/// The settings that change the output, for batchFingerprint().
nlohmann::json merchantSettingsJson(const MerchantBatchConfig& config, const Dataset& ds);

/// Runs `shard` of the batch into OUT/shards/ (as runRecommendShard). `model` is the model the
/// view ranks with (wrap it in a CandidateFilterModel to leave out bought products).
Expected<ShardRunResult>
runMerchantShard(const SequenceModel& model, const Dataset& ds, const MerchantBatchConfig& config,
                 const ShardSpec& shard, const std::string& outDir, const std::string& fingerprint,
                 const std::function<void(std::int64_t, std::int64_t)>& progress = {},
                 const std::function<bool()>& shouldStop = {});

/// The merged summary of the shards' tallies (merge.cpp): customers, top-K count and share,
/// exposure share, mean and best rank, rank histogram, and the drivers by product, category and
/// brand with users, verified drops and mean score drop. Integer sums only, so any shard count
/// gives the same bytes. Schema errors name `what` of the offending tally.
Expected<nlohmann::json> mergeMerchantTallies(const std::vector<nlohmann::json>& tallies,
                                              const std::vector<std::string>& what);

} // namespace reclens::batch
