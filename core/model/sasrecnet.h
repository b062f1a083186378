#pragma once
// The SASRec network itself (internal: includes torch, so only torch .cpp files include it).
//
// Design choices that the rest of RecLens relies on:
// - Positions are counted from the END of the history (last item = position 0). Left-padding a
//   history to any batch length therefore changes nothing for its real positions, which is
//   what makes scores independent of batching.
// - A key padding mask keeps every real query away from padded keys; a padded query may attend
//   only to itself, so its (unused) output stays finite.
// - Dropout is functional and driven by the `train` argument instead of the module's mode, so
//   const scoring calls from several threads never write shared state.
// - The empty history is one padding token (zero embedding) at position 0 that attends to
//   itself: f(∅) is well defined and the same in every batch.

#include "model/densegemm.h"

#include <torch/torch.h>

#include <vector>

namespace reclens {

/// Additive attention bias [B, 1, T, T] for `real` [B, T] bool: 0 where query q may attend to
/// key k (k <= q and k is real or k == q), -inf elsewhere. Shared by SASRec and the search
/// model, built once per forward and used by every layer.
torch::Tensor causalAttentionMask(const torch::Tensor& real);

struct SasRecNetOptions {
    int itemCount = 0;     // real items; embedding row 0 is padding, item i is row i+1
    int categoryCount = 0; // 0 = no category embedding
    int brandCount = 0;    // 0 = no brand embedding
    int maxLength = 50;
    int dim = 64;
    int layers = 2;
    int heads = 2;
    double dropout = 0.2;
    bool outputFeatures = false; // candidates scored with item + category + brand embeddings
};

/// The keys and values every block computes for one padded row [1, T], so that rows agreeing
/// with it on their first positions need not compute them again (prefixsharing.h).
struct SasRecPrefix {
    std::vector<torch::Tensor> kv; // per block [1, T, 2D]: keys, then values
    torch::Tensor real;            // [1, T]
};

struct SasRecForward {
    torch::Tensor hidden;                 // [B, T, D] after the final layer norm
    std::vector<torch::Tensor> attention; // per layer [B, H, T, T] (only when requested)
};

class SasRecNetImpl : public torch::nn::Module {
public:
    explicit SasRecNetImpl(const SasRecNetOptions& options);

    /// Embedding components of padded item rows `items` [B, T] (0 = padding): item first, then
    /// category and brand when enabled. Each is [B, T, D] (zero rows at padding).
    std::vector<torch::Tensor> embedComponents(const torch::Tensor& items);

    /// Runs the blocks on summed component embeddings. `components` as from embedComponents
    /// (possibly edited, e.g. for integrated gradients); `real` [B, T] bool marks positions
    /// that may be attended to.
    SasRecForward forward(const std::vector<torch::Tensor>& components, const torch::Tensor& real,
                          bool train, bool wantAttention = false);

    /// Hidden state after the LAST position only, [B, D] (no dropout): equals
    /// forward(...).hidden.select(1, T - 1), but the final block computes its query, output
    /// and feed-forward net for that one position (keys and values still for all), which is
    /// all that scoring the next item needs. Differentiable (IG and gradients use it).
    torch::Tensor forwardLast(const std::vector<torch::Tensor>& components,
                              const torch::Tensor& real);

    /// Whether prefixStates() and forwardLastAfterPrefix() may be used now (the fused no-grad
    /// path; they have no autograd or plain-ops version).
    bool sharesPrefixes() const { return fusedBlocks(); }
    /// Every block's keys and values of one row, `components` and `real` [1, T].
    SasRecPrefix prefixStates(const std::vector<torch::Tensor>& components,
                              const torch::Tensor& real);
    /// forwardLast() of rows that agree with the prefix's row on their first P = T − S
    /// positions, computing only their last S: `components` and `real` [B, S] are of those
    /// positions. Causal attention makes the first P positions' keys and values the prefix
    /// row's in every block, so this equals forwardLast() of the whole rows.
    torch::Tensor forwardLastAfterPrefix(const SasRecPrefix& prefix,
                                         const std::vector<torch::Tensor>& components,
                                         const torch::Tensor& real);

    /// Candidate embeddings of every item, [N, D]: scores = hidden · table^T. The item
    /// embedding without the padding row, plus category and brand with outputFeatures.
    torch::Tensor itemTable();
    /// Candidate embeddings of the given 0-based items [...] -> [..., D] (rows of itemTable()).
    torch::Tensor candidateEmbedding(const torch::Tensor& items);

    /// Mean over the catalog of each embedding component, [C, D] (IG's MeanItem baseline).
    std::vector<torch::Tensor> meanComponents();

    const SasRecNetOptions& options() const { return m_options; }
    int componentCount() const;

    /// Whether lookups in the item, category and brand tables give their weights a sparse
    /// (row) gradient instead of a dense table-sized one. Off by default; the trainer turns it
    /// on for sampled losses, whose steps look up a few thousand rows of a possibly huge table,
    /// so that LazyAdam (core/train/lazyadam.h) updates only those rows. The forward values
    /// are the same either way.
    void setSparseEmbeddingGradients(bool sparse);

    torch::nn::Embedding itemEmb{nullptr};
    torch::nn::Embedding categoryEmb{nullptr};
    torch::nn::Embedding brandEmb{nullptr};
    torch::nn::Embedding positionEmb{nullptr};
    torch::nn::ModuleList blocks{nullptr};
    torch::nn::LayerNorm finalNorm{nullptr};
    // Row i+1 = category/brand id + 1 of item i (0 = unknown / padding).
    torch::Tensor itemCategory;
    torch::Tensor itemBrand;

private:
    /// Whether this forward may run the blocks' inferenceForward(): no autograd, the fused
    /// path on (fusedInferenceEnabled()), float weights and a head width the kernel handles.
    bool fusedBlocks() const;
    /// Summed, scaled, position-embedded input and the masks shared by forward and forwardLast.
    torch::Tensor embedInput(const std::vector<torch::Tensor>& components, bool train);
    SasRecNetOptions m_options;
};
TORCH_MODULE(SasRecNet);

/// One transformer block: pre-norm causal self-attention and a point-wise feed-forward net,
/// as in the reference SASRec implementation.
class SasRecBlockImpl : public torch::nn::Module {
public:
    SasRecBlockImpl(int dim, int heads);
    /// `maskBias` [B, 1, T, T]: 0 where a query may attend to a key, −inf elsewhere.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& maskBias, double dropout,
                          bool train, torch::Tensor* attentionOut);
    /// Output of the last position only, [B, D], without dropout. `maskBias` [B, 1, 1, T]: the
    /// last query's row of the mask.
    torch::Tensor forwardLast(const torch::Tensor& x, const torch::Tensor& maskBias);
    /// The same block without autograd or dropout through the fused attention kernel
    /// (fastattention.h): keys and values in one product, no T × T mask or logits tensors.
    /// `real` [B, T] as for causalAttentionMask(). Returns [B, T, D], or with `lastOnly` the
    /// last position's output [B, 1, D] (as forwardLast). Only when fusedBlocks() holds.
    /// With `kvPrefix` [1, P, 2D] (keysValues() of a row's first P positions) `x` holds only
    /// the last S positions [B, S, D] and `real` is [B, P + S].
    torch::Tensor inferenceForward(const torch::Tensor& x, const torch::Tensor& real, bool lastOnly,
                                   const torch::Tensor& kvPrefix = {});
    /// Keys and values of `x` [B, T, D] in one product, [B, T, 2D] (keys first).
    torch::Tensor keysValues(const torch::Tensor& x);

    torch::nn::LayerNorm attnNorm{nullptr};
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, out{nullptr};
    torch::nn::LayerNorm ffnNorm{nullptr};
    torch::nn::Linear ffn1{nullptr}, ffn2{nullptr};

private:
    int m_heads;
};
TORCH_MODULE(SasRecBlock);

} // namespace reclens
