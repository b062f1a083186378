#pragma once
// Which part of a batch one process runs. A batch is a list of positions (customers or products
// in dataset order); it is cut into blocks of `blockSize` consecutive positions and block b
// belongs to shard b mod count. Blocks (not single positions) are dealt out so that a customer
// is always scored in the same batch of histories, whatever the shard count: the merged result
// of 4 shards is then byte for byte the one of 1 process. docs/SCALE.md describes the rules.

#include "common/expected.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace reclens::batch {

struct ShardSpec {
    int index = 0; // 0-based
    int count = 1;
};

/// "i/n" with 1 <= i <= n (1-based, as `--shard 2/8`). InvalidArgument otherwise.
Expected<ShardSpec> parseShardText(const std::string& text);

/// Reads an environment variable; returns nullopt when it is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
/// The process environment (std::getenv).
EnvLookup processEnvironment();

/// The shard of this process when no --shard was given:
/// - Slurm job array: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN (default
///   0) and SLURM_ARRAY_TASK_STEP (default 1): index = (id - min) / step. So `--array=0-3`,
///   `--array=1-4` and `--array=0-12:4` all give shards 0..3 of 4.
/// - Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based) with the count from `countOverride`
///   (--shard-count) or RECLENS_SHARD_COUNT (the Job's `completions`).
/// nullopt when neither is set (one process runs the whole batch); InvalidArgument for
/// inconsistent or non-numeric values, naming the variable.
Expected<std::optional<ShardSpec>> shardFromEnvironment(const EnvLookup& env,
                                                        std::optional<int> countOverride = {});

/// True when `position` of the batch belongs to `shard`.
inline bool ownsPosition(const ShardSpec& shard, std::int64_t position, int blockSize) {
    return (position / std::max(1, blockSize)) % shard.count == shard.index;
}

/// "shard-00002-of-00008" (1-based on disk, like --shard).
std::string shardStem(const ShardSpec& shard);

/// "2/8".
std::string shardText(const ShardSpec& shard);

} // namespace reclens::batch
