#pragma once
// TorchScriptModel's private state (internal: includes torch; only torch .cpp files include it).

#include "model/torchscriptmodel.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace reclens {

/// Histories left-padded to the model's max_length() (the contract's fixed width).
struct ScriptBatch {
    torch::Tensor embedItems; // [B, T] model indices fed to embed(): 0 at padding and masked slots
    torch::Tensor maskItems;  // [B, T] what forward_embedded() masks by: 0 only at padding
    std::vector<int> lengths; // real (clipped) history length per row
    std::int64_t width = 0;   // padded columns
    bool hasMaskedSlots = false;
};

struct TorchScriptModel::Impl {
    mutable torch::jit::Module module;
    std::string path;
    ItemMapping mapping;
    ModelInfo info;
    int modelItems = 0; // N
    int length = 0;     // T = max_length()
    int dim = 0;        // D, from embed()
    bool hasAttention = false;
    /// The logits do not depend on how far a history is padded (checked at load): batches are
    /// then padded only to their longest row instead of max_length(), like SasRecModel's.
    bool anyWidth = false;
    torch::Tensor columns;       // [M] model column of each dataset item (0 when unknown)
    torch::Tensor unknown;       // [M] bool: dataset item unknown to the model
    torch::Tensor meanEmbedding; // [D] mean of embed() over the model's items 1..N

    /// The given rows of `histories`, each clipped to its last T items, left-padded to `width`
    /// columns (0: T, or the longest row when anyWidth). An item unknown to the model is fed
    /// like a masked slot (padding embedding at a kept position). Throws std::out_of_range for
    /// an index outside the dataset's catalog.
    ScriptBatch pad(const std::vector<History>& histories, const std::vector<size_t>& rows,
                    std::int64_t width = 0) const;
    ScriptBatch padOne(const History& history, std::int64_t width = 0) const {
        return pad({history}, {0}, width);
    }
    torch::Tensor embed(const torch::Tensor& items) const;
    torch::Tensor forwardEmbedded(const torch::Tensor& emb, const torch::Tensor& maskItems) const;
    /// Logits [B, N + 1] of a batch: forward(items) or, with masked slots, embed +
    /// forward_embedded.
    torch::Tensor logits(const ScriptBatch& batch) const;
    /// The model's column of dataset item `target`; throws for an item the model does not know.
    std::int64_t targetColumn(ItemIndex target) const;
};

/// Runs `f`, turning LibTorch's c10::Error into std::runtime_error naming the model file.
template <typename F> auto guardScript(const std::string& path, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const c10::Error& e) {
        throw std::runtime_error(path +
                                 ": the TorchScript model failed: " + e.what_without_backtrace());
    }
}

} // namespace reclens
