#include "cmd_batchshared.h"

#include "cmd_explainshared.h"
#include "cmd_modelshared.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>

namespace reclens::cli {

namespace {

std::atomic_bool g_stop{false};

extern "C" void onBatchStopSignal(int) {
    g_stop = true;
}

} // namespace

void installBatchStopHandlers() {
    std::signal(SIGINT, onBatchStopSignal);
    std::signal(SIGTERM, onBatchStopSignal);
}

bool batchStopRequested() {
    return g_stop.load();
}

const char* const kShardHelp =
    "Sharding: --shard i/n (1 <= i <= n) runs the i-th of n parts. Without it, a Slurm job "
    "array task runs part SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT, "
    "and a Kubernetes Indexed Job pod part JOB_COMPLETION_INDEX of --shard-count (or "
    "RECLENS_SHARD_COUNT). Each part writes OUT/shards/shard-<i>-of-<n>.jsonl and a manifest; a "
    "finished part is not run again; reclens-cli merge --in OUT joins them.";

std::vector<OptionSpec> shardOptionSpecs() {
    return {{"shard", "i/n",
             "only the i-th of n parts of the batch (default: from the "
             "Slurm/Kubernetes environment, else 1/1)"},
            {"shard-count", "N",
             "number of parts when the index comes from JOB_COMPLETION_INDEX (Kubernetes)"}};
}

batch::ShardSpec shardFromArgs(const Args& args) {
    if (args.has("shard")) {
        auto s = batch::parseShardText(args.get("shard"));
        if (!s)
            throw UsageError{s.error().message};
        return *s;
    }
    std::optional<int> count;
    if (args.has("shard-count")) {
        count = args.getInt("shard-count", 1);
        if (*count < 1)
            throw UsageError{"--shard-count must be at least 1"};
    }
    auto env = batch::shardFromEnvironment(batch::processEnvironment(), count);
    if (!env)
        throw UsageError{env.error().message};
    return env->value_or(batch::ShardSpec{});
}

int finishShardRun(const char* command, const batch::ShardSpec& shard,
                   const Expected<batch::ShardRunResult>& result, bool json) {
    if (!result)
        return fail(command, ExitBadInput, result.error().message);
    if (result->cancelled)
        return fail(command, ExitCancelled,
                    "interrupted; run the same command again to compute this part");
    if (json) {
        std::cout << jsonText(nlohmann::json{{"shard", shard.index + 1},
                                             {"shard_count", shard.count},
                                             {"already_finished", result->alreadyFinished},
                                             {"customers", result->lines},
                                             {"seconds", result->seconds},
                                             {"lines", result->linesPath}},
                              1)
                  << "\n";
    } else if (result->alreadyFinished) {
        std::cout << "Part " << batch::shardText(shard) << " already finished (" << result->lines
                  << " customers in " << result->linesPath << ")\n";
    } else {
        std::cout << "Part " << batch::shardText(shard) << ": " << result->lines << " customers in "
                  << result->seconds << " s -> " << result->linesPath << "\n";
    }
    return ExitOk;
}

} // namespace reclens::cli
