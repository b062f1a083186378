// reclens-cli export: a RecLens checkpoint written as a TorchScript file under
// docs/MODEL_INTERFACE.md (plus its item map), for serving with LibTorch/PyTorch or opening
// again in RecLens as a model trained elsewhere.

#include "cmd_modelshared.h"
#include "commands.h"
#include "model/sasrecmodel.h"
#include "model/torchscriptexport.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runExport(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {
        {"model", "MODEL", "RecLens checkpoint (reclens-cli train) (required)"},
        {"torchscript", "FILE", "TorchScript file to write (required)"},
        {"item-map", "FILE", "item map CSV to write: index,item (required)"},
    };
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    specs.push_back({"json", "", "print what was written as JSON on stdout"});
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp("export",
                                    "Write a RecLens model as TorchScript with the methods of "
                                    "docs/MODEL_INTERFACE.md and its item map; open it again "
                                    "with --model FILE.pt --item-map FILE.\n\nExit codes: 0 ok, "
                                    "2 usage, 3 unreadable data or model, model of another "
                                    "dataset, or files that cannot be written.",
                                    specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string modelPath = args.require("model");
    const std::string out = args.require("torchscript");
    const std::string mapPath = args.require("item-map");
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("export", ExitBadInput, ds.error().message);
    auto model = SasRecModel::load(modelPath, &*ds);
    if (!model)
        return reportFailure("export", ExitBadInput, modelLoadMessage(model.error()));
    if (auto done = exportTorchScript(*model, *ds, out, mapPath); !done)
        return reportFailure("export", ExitBadInput, done.error().message);
    if (args.has("json"))
        std::cout << jsonText({{"torchscript", out},
                               {"item_map", mapPath},
                               {"items", model->itemCount()},
                               {"max_length", model->maxLength()}},
                              2)
                  << "\n";
    else
        std::cout << "wrote " << out << " and " << mapPath << " (" << model->itemCount()
                  << " items)\n";
    return ExitOk;
}

} // namespace reclens::cli
