#pragma once
// Opening a model file of either kind behind one call: a RecLens checkpoint (.rlm) or a
// TorchScript file that follows docs/MODEL_INTERFACE.md (with its item map). Callers get a
// SequenceModel and ask it for capabilities, never for its type. Torch-free.

#include "common/expected.h"
#include "model/itemmap.h"
#include "model/modelconfig.h"
#include "model/sequencemodel.h"

#include <memory>
#include <optional>
#include <string>

namespace reclens {

class SasRecModel;

struct OpenedModel {
    std::unique_ptr<SequenceModel> model;
    ModelInfo info;                     // a TorchScript file has no training history
    std::string kind;                   // "reclens" or "torchscript"
    std::optional<ItemMapping> mapping; // TorchScript only
    SasRecModel* native = nullptr;      // the model itself when it is a RecLens checkpoint
};

/// Whether `path` starts like the zip archive torch.jit.save writes.
bool isTorchScriptFile(const std::string& path);

/// The item map beside a TorchScript model, for when none is given: `<name>.items.csv` (the
/// name without its extension, as `reclens-cli export` suggests), else `item_map.csv` in the
/// same folder; empty when neither exists.
std::string findItemMapBeside(const std::string& modelPath);

/// Opens `path` for `ds`: a TorchScript archive through TorchScriptModel::load with
/// `itemMapPath` (required for it), anything else through SasRecModel::load (which refuses a
/// checkpoint of other data). An item map given with a RecLens checkpoint is an error
/// (InvalidArgument): the checkpoint knows its items.
Expected<OpenedModel> openModel(const std::string& path, const std::string& itemMapPath,
                                const Dataset& ds);

} // namespace reclens
