#include "train/sampledsoftmax.h"

#include <algorithm>
#include <cmath>

namespace reclens {

SampledSoftmax::SampledSoftmax(const Dataset& ds, int itemCount, int negatives)
    : m_negatives(std::max(1, negatives)) {
    std::vector<double> counts(static_cast<std::size_t>(itemCount), 1.0);
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u)
        for (ItemIndex i : ds.trainingSequence(u))
            if (i >= 0 && i < itemCount)
                counts[static_cast<std::size_t>(i)] += 1.0;
    double total = 0.0;
    for (double c : counts)
        total += c;
    std::vector<float> probs(counts.size()), logQ(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double q = counts[i] / total;
        probs[i] = static_cast<float>(q);
        logQ[i] = static_cast<float>(std::log(q * m_negatives));
    }
    m_probs = torch::tensor(probs);
    m_logQ = torch::tensor(logQ);
}

torch::Tensor
SampledSoftmax::loss(const torch::Tensor& h, const torch::Tensor& targets,
                     const std::function<torch::Tensor(const torch::Tensor&)>& candidates) const {
    // Drawn with replacement; the generator is LibTorch's seeded one (torch::manual_seed).
    const auto negatives = torch::multinomial(m_probs, m_negatives, /*replacement=*/true);
    const auto pos = (h * candidates(targets)).sum(-1, /*keepdim=*/true) -
                     m_logQ.index_select(0, targets).unsqueeze(1);
    auto neg = torch::matmul(h, candidates(negatives).t()) -
               m_logQ.index_select(0, negatives).unsqueeze(0);
    // An accidental hit (a negative that is this position's target) is not a negative.
    const auto hit = targets.unsqueeze(1).eq(negatives.unsqueeze(0));
    neg = neg.masked_fill(hit, -1e9);
    const auto logits = torch::cat({pos, neg}, 1);
    return torch::nn::functional::cross_entropy(logits,
                                                torch::zeros({logits.size(0)}, torch::kLong));
}

} // namespace reclens
