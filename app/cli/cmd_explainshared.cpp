#include "cmd_explainshared.h"

#include "cmd_modelshared.h"

#include "explain/concurrent.h"
#include "model/computebackend.h"

#include <iostream>

namespace reclens::cli {

int fail(const std::string& command, int code, const std::string& message) {
    std::cerr << "reclens-cli " << command << ": " << message << "\n";
    return code;
}

nlohmann::json computeJson(int threads) {
    // The same rule explain() and explainItem() apply to their config's threads (at most two
    // workers, each with one intra-op thread when there are two).
    return {{"threads", threads},
            {"workers", bundleWorkers(threads, 2)},
            {"intra_op_threads", computeThreads()}};
}

int loadModelAndData(const Args& args, const std::string& command, LoadedModel& out) {
    args.require("model");
    out.threads = args.getInt("threads", 0);
    if (out.threads < 0)
        throw UsageError{"--threads expects 0 (all cores) or a positive number"};
    setComputeThreads(out.threads);
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return fail(command, ExitBadInput, ds.error().message);
    out.data = std::move(*ds);
    auto model = openModelFromArgs(args, out.data, command);
    if (!model)
        return fail(command, ExitBadInput, modelLoadMessage(model.error()));
    out.info = model->info;
    out.kind = model->kind;
    out.model = std::move(model->model);
    return ExitOk;
}

} // namespace reclens::cli
