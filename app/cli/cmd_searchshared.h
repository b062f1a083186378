#pragma once
// What the search-mode subcommands share: the query-log options, loading the log, training the
// search model (train --task search) and its evaluation (eval --queries).

#include "cliargs.h"
#include "common/expected.h"
#include "data/querylog.h"
#include "train/trainer.h"

#include <functional>
#include <string>
#include <vector>

namespace reclens::cli {

/// --queries and the log's column names (--query-user-column, --query-column,
/// --query-item-column, --query-time-column).
std::vector<OptionSpec> queryLogOptionSpecs();
/// queryLogOptionSpecs() plus the search model's --query-words and --min-word-count.
std::vector<OptionSpec> searchTrainOptionSpecs();

/// Loads --queries (required; UsageError when absent) and matches it against `ds`; clean-up
/// notes go to stderr.
Expected<QueryLog> loadQueryLogFromArgs(const Args& args, const Dataset& ds);

/// Runs `run` with progress lines, a checkpoint `save` after every kept epoch and SIGINT/SIGTERM
/// turned into a stop request (defined in cmd_train.cpp). A failed save sets `saveError` and
/// stops the run.
Expected<TrainResult>
runInterruptibleTraining(const std::function<Expected<TrainResult>(const TrainCallbacks&)>& run,
                         const std::function<Status()>& save, std::string& saveError);

/// train --task search: trains, evaluates the four rankers on the test searches and saves.
int trainSearchCommand(const Args& args, const Dataset& ds, const TrainConfig& config,
                       const std::string& out);

/// eval --queries: the four rankers side by side (search model = --model, SASRec = --sasrec).
int evalSearchCommand(const Args& args, const std::string& split, int k, int maxUsers);

} // namespace reclens::cli
