#pragma once
// The one loop over a shard's customer blocks that `recommend --all` (recommendbatch) and
// `explain-item --all` (merchantbatch) share: skip a finished shard, stream the lines of every
// owned block into a temporary file (renamed after the last block), score each block in one
// model call, report progress, stop between blocks when asked, then write the manifest with the
// caller's tally. The callers only say what a block's scores become (lines and tallies).

#include "batch/shard.h"
#include "common/expected.h"
#include "data/dataset.h"
#include "model/sequencemodel.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace reclens::batch {

struct ShardRunResult {
    bool alreadyFinished = false; // the shard's manifest matched: nothing was done
    std::int64_t lines = 0;
    double seconds = 0.0;
    std::string linesPath;
    bool cancelled = false;
};

/// One block of the shard's customers, scored.
struct ShardBlock {
    std::int64_t start = 0;         // batch position of the first customer
    std::vector<UserIndex> users;   // the block's customers, in batch order
    std::vector<History> histories; // their histories, clipped to the model's length
    std::vector<float> scores;      // users.size() rows of model.itemCount() scores
};

struct ShardLoop {
    std::string kind;    // the manifest's kind ("recommend", "merchant")
    int blockSize = 256; // customers per block and per model call (see shard.h)
    /// Writes one JSON line per customer of the block to `os` and adds to the caller's tallies.
    std::function<void(const ShardBlock& block, std::ostream& os)> onBlock;
    /// The manifest's tally, asked once after the last block.
    std::function<nlohmann::json()> tally;
};

/// Runs the blocks of `shard` over every customer with a history (recommendBatchCustomers) into
/// OUT/shards/ (see shardfiles.h). A finished shard with the same fingerprint returns at once
/// (alreadyFinished). progress(done, total) after each block; shouldStop between blocks (then
/// nothing is written and cancelled is set). Io errors name the file or folder.
Expected<ShardRunResult>
runShardBlocks(const SequenceModel& model, const Dataset& ds, const ShardSpec& shard,
               const std::string& outDir, const std::string& fingerprint, const ShardLoop& loop,
               const std::function<void(std::int64_t, std::int64_t)>& progress = {},
               const std::function<bool()>& shouldStop = {});

/// The customers of a customer batch, in dataset order: every customer with a history.
std::vector<UserIndex> recommendBatchCustomers(const Dataset& ds);

} // namespace reclens::batch
