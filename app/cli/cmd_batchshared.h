#pragma once
// What the batch commands (recommend --all, report) share: which shard this process runs.

#include "batch/recommendbatch.h"
#include "batch/shard.h"
#include "cliargs.h"

#include <vector>

namespace reclens::cli {

/// --shard i/n and --shard-count N.
std::vector<OptionSpec> shardOptionSpecs();

/// --shard i/n when given; otherwise the Slurm array or Kubernetes Indexed Job environment
/// (batch/shard.h); otherwise 1/1. Throws UsageError for a bad value.
batch::ShardSpec shardFromArgs(const Args& args);

/// SIGINT and SIGTERM (how Slurm and Kubernetes stop jobs) ask the running shard to stop
/// between blocks; nothing of the shard is kept and a rerun computes it.
void installBatchStopHandlers();
bool batchStopRequested();

/// What every shard command does with its run's result: the exit code and message for an error
/// or an interruption, else one line (or with `json` one object) saying what the part did.
int finishShardRun(const char* command, const batch::ShardSpec& shard,
                   const Expected<batch::ShardRunResult>& result, bool json);

/// The help paragraph on sharding.
extern const char* const kShardHelp;

} // namespace reclens::cli
