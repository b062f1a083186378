#pragma once
// `reclens-cli merge`: one batch's shards (OUT/shards/, see shardfiles.h) into
//   recommendations.jsonl / customers.jsonl /  every shard's lines in batch order (as one
//   reports.jsonl                              process would have written them)
//   summary.json                           the merged tallies: for `recommend --all` the exact
//                                          merchant view of every product (top-K count,
//                                          exposure share, rank histogram); for
//                                          `explain-item --all` the exact merchant view of one
//                                          product with its drivers
//   index.html                             report batches: a page linking every report
// The outputs hold no timings and no shard count, so 1 shard and n shards merge to the same
// bytes. Every output is written atomically.

#include "common/expected.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reclens::batch {

struct MergeResult {
    std::string kind;
    int shards = 0;
    std::int64_t lines = 0;
    double shardSeconds = 0.0; // sum of the shards' wall times (for throughput figures)
    std::vector<std::string> outputs;
};

/// Reads every manifest in IN/shards/. Fails (naming the file or the missing shard) when the
/// folder holds no manifests, manifests of different runs (shard count, fingerprint), a missing
/// shard, or a lines file shorter or longer than its manifest says.
Expected<MergeResult> mergeShards(const std::string& inDir, const std::string& outDir);

} // namespace reclens::batch
