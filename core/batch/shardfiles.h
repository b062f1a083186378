#pragma once
// What one shard of a batch leaves on disk, under OUT/shards/:
//   shard-00002-of-00008.jsonl  one JSON object per line, per customer or product, in batch order
//   shard-00002-of-00008.json   the manifest, written last: kind, shard, block size, positions,
//                               the batch fingerprint and the shard's partial tallies
// Both are written atomically (temporary file + rename), the manifest after the lines, so a
// manifest whose fingerprint matches means the shard is finished; a killed shard has none and
// simply runs again. `reclens-cli merge` reads these files (batch/merge.h).

#include "batch/shard.h"
#include "common/expected.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace reclens::batch {

struct ShardManifest {
    std::string kind; // "recommend", "merchant", "customer-reports", "product-reports"
    ShardSpec shard;
    int blockSize = 1;
    std::int64_t batchPositions = 0; // positions of the whole batch (all shards)
    std::int64_t lines = 0;          // lines in this shard's .jsonl
    std::string fingerprint;         // batchFingerprint(): same inputs and settings
    double seconds = 0.0;            // wall time of the run that finished the shard
    nlohmann::json tally;            // kind-specific partial sums merged by `merge`
};

std::string shardsDir(const std::string& outDir);
std::string shardLinesPath(const std::string& outDir, const ShardSpec& shard);
std::string shardManifestPath(const std::string& outDir, const ShardSpec& shard);

/// SHA-256 (hex) over everything that decides a shard's output: kind, checkpoint digest, data
/// fingerprint, settings (as JSON), shard count and block size.
std::string batchFingerprint(const std::string& kind, const std::string& checkpointSha256,
                             const std::string& dataFingerprint, const nlohmann::json& settings,
                             int shardCount, int blockSize);

nlohmann::json manifestToJson(const ShardManifest& m);
/// Io for an unreadable file, Parse/Schema (naming the file) for a malformed one.
Expected<ShardManifest> readManifest(const std::string& path);
Status writeManifest(const std::string& outDir, const ShardManifest& m);

/// Writes `lines` (one JSON object each) as the shard's lines file, then its manifest (with
/// m.lines set to lines.size()). For batches whose lines are small (one per report).
Status writeShard(const std::string& outDir, ShardManifest m,
                  const std::vector<nlohmann::json>& lines);

/// True when the shard's manifest exists with this fingerprint and its lines file exists: a
/// rerun has nothing to do.
bool shardFinished(const std::string& outDir, const ShardSpec& shard,
                   const std::string& fingerprint);

/// Positions of a batch of `total` that `shard` owns (see ownsPosition).
std::int64_t ownedPositions(const ShardSpec& shard, std::int64_t total, int blockSize);

} // namespace reclens::batch
