#pragma once
// What the explanation engine, the evaluator and the views need from a next-item model, in
// plain C++ types. SasRecModel implements it with LibTorch; tests implement it with small
// hand-made models whose attributions are known exactly.

#include "data/dataset.h"

#include <string>
#include <vector>

namespace reclens {

using History = std::vector<ItemIndex>;

/// Attention of every layer and head, restricted to the real (unpadded) positions of one
/// history of length T. weights[((layer * heads + head) * T + query) * T + key]; each row sums
/// to 1 over key <= query (causal).
struct AttentionMaps {
    int layers = 0;
    int heads = 0;
    int length = 0;
    std::vector<float> weights;
    float at(int layer, int head, int query, int key) const {
        return weights[((static_cast<size_t>(layer) * heads + head) * length + query) * length + key];
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
};

/// Integrated gradients of the target's logit on the history embeddings (all components move
/// together from baseline to input along a straight line; Riemann sum with `steps` points).
/// attributions[c][t]: summed over the embedding dimensions.
struct IntegratedGradients {
    int steps = 0;
    int length = 0;
    float scoreInput = 0.0f;    // f(x)
    float scoreBaseline = 0.0f; // f(baseline)
    std::vector<std::string> components;
    std::vector<std::vector<float>> attributions;
};

class SequenceModel {
public:
    virtual ~SequenceModel() = default;

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

    virtual AttentionMaps attention(const History& history) const = 0;

    virtual EmbeddingGradients gradients(const History& history, ItemIndex target) const = 0;

    /// All steps run as one batched forward/backward pass.
    virtual IntegratedGradients integratedGradients(const History& history, ItemIndex target,
                                                    IgBaseline baseline, int steps) const = 0;
};

} // namespace reclens
