#pragma once
// What `explain` and `explain-item` share: loading the dataset and a checkpoint trained on it,
// and their exit codes beyond those in cliargs.h.

#include "cliargs.h"
#include "data/dataset.h"
#include "model/sasrecmodel.h"

#include <memory>
#include <string>

namespace reclens::cli {

enum ExplainExitCode {
    ExitEmptyHistory = 6,   // nothing to explain
    ExitHistoryTooLong = 7, // an explicit --history longer than the model's maximum length
};

struct LoadedModel {
    Dataset data;
    std::unique_ptr<SasRecModel> model;
};

/// Reads --data and --model (and --threads); prints the error and returns its exit code on
/// failure, ExitOk otherwise.
int loadModelAndData(const Args& args, const std::string& command, LoadedModel& out);

/// Prints "reclens-cli COMMAND: MESSAGE" on stderr and returns `code`.
int fail(const std::string& command, int code, const std::string& message);

} // namespace reclens::cli
