#pragma once
// What `explain` and `explain-item` share: loading the dataset and a checkpoint trained on it,
// and their exit codes beyond those in cliargs.h.

#include "cliargs.h"
#include "data/dataset.h"
#include "model/modelconfig.h"
#include "model/sequencemodel.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace reclens::cli {

enum ExplainExitCode {
    ExitEmptyHistory = 6,   // nothing to explain
    ExitHistoryTooLong = 7, // an explicit --history longer than the model's maximum length
};

struct LoadedModel {
    Dataset data;
    std::unique_ptr<SequenceModel> model;
    ModelInfo info;   // what the file says about the model (little for a TorchScript file)
    std::string kind; // "reclens" or "torchscript"
    /// --threads as given (0 = all cores): pass it on to ExplainConfig/MerchantConfig::threads,
    /// which decide how many workers the engine runs; the calling thread's LibTorch intra-op
    /// count is already set from it.
    int threads = 0;
};

/// Reads --data, --model and --item-map (and --threads, which must be >= 0: a usage error
/// otherwise); prints the error and returns its exit code on failure, ExitOk otherwise.
int loadModelAndData(const Args& args, const std::string& command, LoadedModel& out);

/// What the engine runs with for `threads` (as in LoadedModel::threads): {"threads": requested,
/// "workers": concurrent workers of an explanation bundle or a merchant analysis,
/// "intra_op_threads": the LibTorch intra-op count read back from LibTorch}. For --json output.
nlohmann::json computeJson(int threads);

/// Prints "reclens-cli COMMAND: MESSAGE" on stderr and returns `code`.
int fail(const std::string& command, int code, const std::string& message);

} // namespace reclens::cli
