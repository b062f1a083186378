#pragma once
// Writing a RecLens-trained SASRec as a TorchScript file under docs/MODEL_INTERFACE.md, so any
// LibTorch or PyTorch service can serve it and RecLens (TorchScriptModel) can open it again.

#include "common/expected.h"
#include "data/dataset.h"

#include <string>

namespace reclens {

class SasRecModel;

/// Writes `model` (trained on `ds`) to `path` as a TorchScript module with forward, embed,
/// forward_embedded, attention, max_length and item_count, and the identity item map (index
/// i + 1 is ds.items[i]) to `itemMapPath`. The module recomputes SASRec exactly (same layer
/// norms, masks, scaling and output table); category and brand embeddings travel with their
/// per-item index tables, so forward(items) alone needs nothing else. Both files are written
/// atomically. Errors: Mismatch when `ds` is not the model's dataset, Io when a file cannot be
/// written.
Status exportTorchScript(const SasRecModel& model, const Dataset& ds, const std::string& path,
                         const std::string& itemMapPath);

} // namespace reclens
