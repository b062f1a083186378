#pragma once
// The personalised search ranker's network (internal: includes torch). One causal transformer
// (the SASRec blocks of model/sasrecnet.h) reads [history items; query words; SEARCH token]:
// every purchase and every query word is its own token, and the SEARCH token's output is the
// personalised query representation. A ZAM-style gate (Ai et al., CIKM 2019) mixes it with a
// query-only representation, so personalisation can switch itself off when the history does
// not help: user = (1 - g) * query + g * transformer, g = sigmoid(w . [query; transformer] + b).
// Items are represented by their ID embedding plus the mean embedding of their title +
// category words plus category/brand embeddings: query words and title words share one
// embedding table, and a rarely bought item with a title still gets a sensible vector.
// Positions: history positions count from its end (as in SASRec: left padding changes
// nothing); query words have their own positions from the first word.

#include "model/sasrecnet.h"

#include <torch/torch.h>

namespace reclens {

struct SearchNetOptions {
    int itemCount = 0;
    int categoryCount = 0;  // 0 = no category embedding
    int brandCount = 0;     // 0 = no brand embedding
    int vocabularySize = 2; // word ids incl. padding (0) and UNK (1)
    int maxLength = 50;     // history items
    int maxQueryWords = 8;
    int maxItemWords = 24;
    int dim = 64;
    int layers = 2;
    int heads = 2;
    double dropout = 0.2;
};

struct SearchForward {
    torch::Tensor user;        // [B, D]: scores = user . itemTable()^T
    torch::Tensor gate;        // [B]: personalisation weight g in (0, 1)
    torch::Tensor queryOnly;   // [B, D]: the query-only representation
    torch::Tensor transformer; // [B, D]: the SEARCH token's output
};

class SearchNetImpl : public torch::nn::Module {
public:
    explicit SearchNetImpl(const SearchNetOptions& options);

    /// Representation of every item, [N, D] (row i = item i): candidates and history inputs.
    torch::Tensor itemTable();
    /// Rows of `table` for padded 1-based item ids [B, T] (0 = padding -> zero row).
    static torch::Tensor historyEmbedding(const torch::Tensor& table, const torch::Tensor& items);
    /// Word embeddings of padded word ids [B, Q] (0 = padding -> zero row).
    torch::Tensor queryEmbedding(const torch::Tensor& words);

    /// Runs the transformer and the gate. Embeddings as from historyEmbedding/queryEmbedding
    /// (possibly edited: integrated gradients moves them along a path); `historyReal` [B, T]
    /// and `queryReal` [B, Q] mark real positions. Differentiable. With `attention`, each
    /// block's weights [B, H, T + Q + 1, T + Q + 1] over [history; query; SEARCH] are appended.
    SearchForward forward(const torch::Tensor& history, const torch::Tensor& historyReal,
                          const torch::Tensor& query, const torch::Tensor& queryReal, bool train,
                          std::vector<torch::Tensor>* attention = nullptr);

    const SearchNetOptions& options() const { return m_options; }

    torch::nn::Embedding itemEmb{nullptr}, wordEmb{nullptr}, categoryEmb{nullptr},
        brandEmb{nullptr}, positionEmb{nullptr}, queryPositionEmb{nullptr}, typeEmb{nullptr};
    torch::Tensor searchToken;
    torch::nn::ModuleList blocks{nullptr};
    torch::nn::LayerNorm finalNorm{nullptr}, queryNorm{nullptr};
    torch::nn::Linear queryProj{nullptr}, gate{nullptr};
    // Row i+1 = item i: its first maxItemWords word ids (0 = padding), category and brand id + 1.
    torch::Tensor itemWords, itemCategory, itemBrand;

private:
    SearchNetOptions m_options;
};
TORCH_MODULE(SearchNet);

} // namespace reclens
