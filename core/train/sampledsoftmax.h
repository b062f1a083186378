#pragma once
// Sampled softmax with logQ correction (Bengio & Senecal 2008; Jean et al. 2015; Yi et al.,
// RecSys 2019) for catalogs too large for a full-softmax logit tensor: a 1 M-item catalog needs
// batch x positions x items = 128 x 50 x 1 M floats (25 GB) per step. Each step draws N
// negatives from the items' training frequency (plus one, so every item can be drawn) and
// shares them across all positions of the batch; every logit is corrected by -log(N Q(i)) so
// the loss estimates the full softmax's gradient without the popularity bias of the proposal.
// A negative that equals a position's target is masked for that position.
// Internal to the trainer (includes LibTorch).

#include "data/dataset.h"

#include <torch/torch.h>

namespace reclens {

class SampledSoftmax {
public:
    /// Proposal Q(i) ∝ (times item i is a training target or input) + 1.
    SampledSoftmax(const Dataset& ds, int itemCount, int negatives);

    /// Mean cross-entropy over positions. h: [P, D] hidden states, targets: [P] item indices,
    /// candidates(items) -> [.., D] their output embeddings.
    torch::Tensor loss(const torch::Tensor& h, const torch::Tensor& targets,
                       const std::function<torch::Tensor(const torch::Tensor&)>& candidates) const;

private:
    torch::Tensor m_probs; // [I] float, sums to 1
    torch::Tensor m_logQ;  // [I] log(N * Q(i))
    int m_negatives;
};

} // namespace reclens
