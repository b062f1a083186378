#include "cmd_explainshared.h"

#include "cmd_modelshared.h"

#include <iostream>

namespace reclens::cli {

int fail(const std::string& command, int code, const std::string& message) {
    std::cerr << "reclens-cli " << command << ": " << message << "\n";
    return code;
}

int loadModelAndData(const Args& args, const std::string& command, LoadedModel& out) {
    const std::string modelPath = args.require("model");
    setComputeThreads(args.getInt("threads", 0));
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return fail(command, ExitBadInput, ds.error().message);
    out.data = std::move(*ds);
    auto model = SasRecModel::load(modelPath, &out.data);
    if (!model)
        return fail(command, ExitBadInput, modelLoadMessage(model.error()));
    out.model = std::make_unique<SasRecModel>(std::move(*model));
    return ExitOk;
}

} // namespace reclens::cli
