#pragma once
// SearchModel's private state (internal: includes torch; only torch .cpp files include it).

#include "search/searchmodel.h"
#include "search/searchnet.h"

#include <mutex>

namespace reclens::search {

struct SearchBatch {
    torch::Tensor items;     // [B, T] 1-based item ids, left-padded with 0 (T >= 1)
    torch::Tensor itemsReal; // [B, T] bool
    torch::Tensor words;     // [B, Q] word ids, right-padded with 0 (Q >= 1)
    torch::Tensor wordsReal; // [B, Q] bool
};

struct SearchModel::Impl {
    SearchNet net{nullptr};
    ModelInfo info;
    text::Vocabulary vocabulary;
    std::string optimizerState;
    mutable std::mutex tableMutex;
    mutable torch::Tensor table; // cached scoringTable(); undefined = stale

    /// Rows `rows` of `requests` as tensors (histories clipped to maxLength, queries to
    /// maxQueryWords). Throws std::out_of_range for ids outside the model.
    SearchBatch pad(const std::vector<SearchRequest>& requests,
                    const std::vector<std::size_t>& rows) const;
    /// The item table for scoring (no autograd), computed once and kept: building it reads every
    /// item's words and dominated the latency of one search. Whoever changes the weights
    /// (training) calls invalidateTable() before scoring again.
    torch::Tensor scoringTable() const;
    void invalidateTable();
    /// Forward pass over a padded batch with the given item table.
    SearchForward run(const SearchBatch& batch, const torch::Tensor& table, bool train) const;
};

SearchNetOptions searchNetOptions(const ModelInfo& info);

} // namespace reclens::search
