#pragma once
// SasRecModel's private state (internal: includes torch; only torch .cpp files include it).

#include "model/sasrecmodel.h"
#include "model/sasrecnet.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace reclens {

/// Histories left-padded into tensors. An empty history becomes one padding token that counts
/// as real (see sasrecnet.h), so every row has at least one attendable position.
struct PaddedBatch {
    torch::Tensor items;      // [B, T] int64, 0 = padding, item i = i + 1
    torch::Tensor real;       // [B, T] bool
    std::vector<int> lengths; // real (clipped) history length per row, 0 for empty
};

struct SasRecModel::Impl {
    SasRecNet net{nullptr};
    ModelInfo info;
    std::string optimizerState; // torch-serialised Adam state of the last training, or empty

    /// Rows [begin, end) of `histories`, each clipped to its last maxLength items. Throws
    /// std::out_of_range for an item index outside the catalog.
    PaddedBatch pad(const std::vector<History>& histories, size_t begin, size_t end) const;
    /// The given rows of `histories`, padded to the longest of them.
    PaddedBatch pad(const std::vector<History>& histories, const std::vector<size_t>& rows) const;
    /// Hidden state after the last position of each row, [B, D] (eval mode; differentiable,
    /// callers choose the grad mode).
    torch::Tensor lastHidden(const PaddedBatch& batch);
    /// lastHidden() without autograd for scoring: rows that share a prefix with another row of
    /// the batch (an explanation's occlusions and removals) compute only their own last
    /// positions from that row's keys and values (prefixsharing.h); the others as lastHidden().
    torch::Tensor scoringHidden(const PaddedBatch& batch);
    /// The candidate table for scoring (itemTable(): item + category + brand embeddings with
    /// outputFeatures), contiguous, built once and kept while the weights stay the same. At a
    /// million products building it (three 256 MB lookups and two sums at d = 64) cost several
    /// times the scoring itself on every call (bench/bench_topk_scale). Rebuilt when any
    /// parameter or buffer was replaced or changed in place (training steps and checkpoint loads
    /// bump the tensors' version counters). Call inside c10::InferenceMode; thread-safe.
    torch::Tensor scoringTable();

private:
    std::mutex m_tableMutex;
    torch::Tensor m_table;
    std::vector<std::pair<const void*, std::int64_t>> m_tableKey; // (storage, version) per tensor
};

/// Histories per forward pass inside scoreAll/scoreTargets (bounds memory for huge requests).
constexpr size_t kScoreChunk = 512;
/// Padded positions (rows × length) per forward pass: keeps activations cache-sized.
constexpr size_t kChunkTokens = 8192;

/// Row indices of `histories` grouped for scoring: sorted by (clipped) length and cut where a
/// dynamic programme over the distinct lengths minimises padded positions plus per-call cost;
/// every chunk is padded only to its own longest row and holds at most kScoreChunk rows and
/// kChunkTokens padded positions.
std::vector<std::vector<size_t>> lengthBuckets(const std::vector<History>& histories,
                                               int maxLength);

/// Runs `f`, turning LibTorch's c10::Error into std::runtime_error with a short message.
template <typename F> auto guardTorch(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("LibTorch: ") + e.what_without_backtrace());
    }
}

} // namespace reclens
