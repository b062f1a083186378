#pragma once
// What the explanation engine, the evaluator and the views need from a next-item model, in
// plain C++ types. SasRecModel implements it with LibTorch; tests implement it with small
// hand-made models whose attributions are known exactly.

#include "data/dataset.h"
#include "model/modelconfig.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace reclens {

using History = std::vector<ItemIndex>;

/// A history slot whose item is replaced in place by the padding embedding: the other items
/// keep their positions (occlusion without re-packing the sequence). Only histories given to a
/// model whose supportsMaskedSlots() is true may contain it, and only in scoreAll/scoreTargets.
inline constexpr ItemIndex kMaskedSlot = -1;

/// Attention of every layer and head, restricted to the real (unpadded) positions of one
/// history of length T. weights[((layer * heads + head) * T + query) * T + key]; each row sums
/// to 1 over key <= query (causal). The last position is the one whose output scores. For
/// SASRec that is the last history item (T = history length); a model that scores from a
/// token of its own after the players (the search model's SEARCH token) appends it as
/// `scoringTokens` extra positions (T = players + scoringTokens).
struct AttentionMaps {
    int layers = 0;
    int heads = 0;
    int length = 0;
    int scoringTokens = 0; // trailing positions that are not players
    std::vector<float> weights;
    float at(int layer, int head, int query, int key) const {
        return weights[((static_cast<size_t>(layer) * heads + head) * length + query) * length +
                       key];
    }
};

/// Gradient of the target's logit with respect to the embedding input of each history position.
/// `components` are the summed embedding parts (e.g. "item", "category", "brand"); for each
/// component c: gradient[c] and input[c] are [T × dim], row-major.
struct EmbeddingGradients {
    int length = 0;
    int dim = 0;
    float score = 0.0f; // target logit for the unmodified history
    std::vector<std::string> components;
    std::vector<std::vector<float>> gradient;
    std::vector<std::vector<float>> input;
};

enum class IgBaseline {
    Padding,  // every history embedding replaced by the padding (zero) embedding
    MeanItem, // every history embedding replaced by the catalog's mean embedding
    // SPINRec (arXiv 2511.18047): other customers' real histories, each embedded in place of
    // the explained one (SequenceModel::pathGradientsFrom); IG runs from each sampled baseline
    // and the attributions are averaged (explainIntegratedGradientsFrom).
    Sampled,
};

/// The integrand of integrated gradients on the straight path from a baseline to the
/// history's embeddings (all components move together). At each α: the gradient of the
/// target's logit at baseline + α·(input − baseline), dotted with (input − baseline), summed
/// over the embedding dimensions, per component and history position. Integrated over
/// α ∈ [0, 1] these are the attributions, and their total is f(input) − f(baseline).
struct PathGradients {
    int length = 0;
    std::vector<std::string> components;
    std::vector<double> alphas;
    float scoreInput = 0.0f;    // f(x)
    float scoreBaseline = 0.0f; // f(baseline)
    /// values[a][c][t]: alphas[a], component c, position t.
    std::vector<std::vector<std::vector<float>>> values;
    /// f at each path point (aligned with alphas; the forward pass computes it anyway). An
    /// adaptive quadrature compares Σ attributions over a sub-interval with the score change
    /// across it. May be empty for models that cannot provide it.
    std::vector<float> scores;
};

class SequenceModel {
public:
    virtual ~SequenceModel() = default;

    /// What the model says about itself (architecture, dataset, training history) for the
    /// views and reports; a model that carries nothing gives an empty ModelInfo.
    virtual const ModelInfo& info() const {
        static const ModelInfo empty;
        return empty;
    }

    virtual int itemCount() const = 0;
    /// Longest history the model looks at; longer histories use their last maxLength() items.
    virtual int maxLength() const = 0;

    /// Logits of every item after the last position of each history, row-major
    /// [histories.size() × itemCount()]. An empty history is allowed and gives the model's
    /// prior (the same value every time). Results do not depend on how histories are batched.
    virtual std::vector<float> scoreAll(const std::vector<History>& histories) const = 0;

    /// Logit of targets[i] after histories[i]; cheaper than scoreAll for large batches.
    virtual std::vector<float> scoreTargets(const std::vector<History>& histories,
                                            const std::vector<ItemIndex>& targets) const = 0;

    /// Whether scoreAll/scoreTargets accept kMaskedSlot entries (in-place occlusion).
    virtual bool supportsMaskedSlots() const { return false; }

    /// Whether attention() gives attention maps; a model file without an attention method
    /// cannot, and attentionUnavailableReason() says why (shown instead of the maps).
    virtual bool supportsAttention() const { return true; }
    virtual std::string attentionUnavailableReason() const { return {}; }
    virtual AttentionMaps attention(const History& history) const = 0;

    virtual EmbeddingGradients gradients(const History& history, ItemIndex target) const = 0;

    /// PathGradients at every α in `alphas` (each in [0, 1]), batched forward/backward passes.
    virtual PathGradients pathGradients(const History& history, ItemIndex target,
                                        IgBaseline baseline,
                                        const std::vector<double>& alphas) const = 0;

    // --- Integrated gradients from a real history as the baseline (SPINRec) ------------------
    /// Whether pathGradientsFrom() is implemented; a view or explain() asks this first.
    virtual bool supportsHistoryBaselines() const { return false; }
    /// PathGradients (as above) on the straight path from the embeddings of `baselineHistory`
    /// to those of `history`. The baseline is aligned at the end: its last history.size()
    /// items stand at the explained positions (the most recent against the most recent), and
    /// where it is shorter the first positions hold the padding embedding. The attention mask
    /// is the explained history's throughout, so scoreBaseline is the model's score of the
    /// baseline history itself when that history is at least as long as `history`. Models that
    /// cannot do this throw std::logic_error.
    virtual PathGradients pathGradientsFrom(const History& /*history*/, ItemIndex /*target*/,
                                            const History& /*baselineHistory*/,
                                            const std::vector<double>& /*alphas*/) const {
        throw std::logic_error("this model cannot start integrated gradients from a baseline "
                               "history");
    }
};

} // namespace reclens
