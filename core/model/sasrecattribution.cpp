// Gradient-based attributions of SasRecModel: plain gradients and integrated gradients with
// respect to the embedding components of each history position. Only the inputs get gradients
// (torch::autograd::grad); parameter .grad fields are never touched, so these calls are safe
// while other threads score with the same model.

#include "model/sasrecimpl.h"

#include <stdexcept>

namespace reclens {

namespace {

std::vector<std::string> componentNames(const SasRecNetImpl& net) {
    std::vector<std::string> names{"item"};
    if (net.categoryEmb)
        names.emplace_back("category");
    if (net.brandEmb)
        names.emplace_back("brand");
    return names;
}

std::vector<float> toVector(const torch::Tensor& t) {
    auto c = t.contiguous().to(torch::kFloat);
    const float* p = c.data_ptr<float>();
    return {p, p + c.numel()};
}

} // namespace

EmbeddingGradients SasRecModel::gradients(const History& history, ItemIndex target) const {
    if (target < 0 || target >= itemCount())
        throw std::out_of_range("target item index " + std::to_string(target) +
                                " is outside the catalog");
    return guardTorch([&] {
        torch::AutoGradMode gradMode(true);
        auto& net = *d->net;
        const std::vector<History> one{history};
        auto batch = d->pad(one, 0, 1);
        std::vector<torch::Tensor> leaves;
        for (auto& c : net.embedComponents(batch.items))
            leaves.push_back(c.detach().requires_grad_(true));
        auto h = net.forwardLast(leaves, batch.real).squeeze(0);
        auto logit =
            (h * net.candidateEmbedding(torch::tensor(std::int64_t{target})).detach()).sum();
        auto grads = torch::autograd::grad({logit}, leaves);

        EmbeddingGradients out;
        out.length = batch.lengths[0];
        out.dim = net.options().dim;
        out.score = logit.item<float>();
        out.components = componentNames(net);
        for (size_t c = 0; c < leaves.size(); ++c) {
            // A single history is never padded, so all T rows are real unless it is empty.
            auto g = grads[c].squeeze(0).narrow(0, grads[c].size(1) - out.length, out.length);
            auto x =
                leaves[c].detach().squeeze(0).narrow(0, leaves[c].size(1) - out.length, out.length);
            out.gradient.push_back(toVector(g));
            out.input.push_back(toVector(x));
        }
        return out;
    });
}

IntegratedGradients SasRecModel::integratedGradients(const History& history, ItemIndex target,
                                                     IgBaseline baseline, int steps) const {
    if (target < 0 || target >= itemCount())
        throw std::out_of_range("target item index " + std::to_string(target) +
                                " is outside the catalog");
    steps = std::max(1, steps);
    return guardTorch([&] {
        torch::AutoGradMode gradMode(true);
        auto& net = *d->net;
        const std::vector<History> one{history};
        auto batch = d->pad(one, 0, 1);
        const int len = batch.lengths[0];
        const auto t = batch.items.size(1);

        IntegratedGradients out;
        out.steps = steps;
        out.length = len;
        out.components = componentNames(net);
        auto targetEmb = net.candidateEmbedding(torch::tensor(std::int64_t{target})).detach();
        if (len == 0) {
            torch::NoGradGuard noGrad;
            auto s = (d->lastHidden(batch).squeeze(0) * targetEmb).sum().item<float>();
            out.scoreInput = out.scoreBaseline = s;
            out.attributions.assign(out.components.size(), {});
            return out;
        }

        std::vector<torch::Tensor> inputs;
        for (auto& c : net.embedComponents(batch.items))
            inputs.push_back(c.detach()); // [1, T, D]
        std::vector<torch::Tensor> bases;
        if (baseline == IgBaseline::MeanItem) {
            torch::NoGradGuard noGrad;
            for (auto& m : net.meanComponents())
                bases.push_back(m.detach().view({1, 1, -1}).expand_as(inputs[0]));
        } else {
            for (auto& x : inputs)
                bases.push_back(torch::zeros_like(x));
        }

        // Rows 0..steps-1: midpoint-rule points alpha = (k + 0.5) / steps; row steps: the
        // baseline; row steps + 1: the input. One forward and one backward for all of them.
        auto alpha = torch::cat({(torch::arange(steps, torch::kFloat) + 0.5) / steps,
                                 torch::tensor({0.0f, 1.0f})})
                         .view({-1, 1, 1});
        std::vector<torch::Tensor> leaves;
        for (size_t c = 0; c < inputs.size(); ++c)
            leaves.push_back(
                (bases[c] + alpha * (inputs[c] - bases[c])).detach().requires_grad_(true));
        auto real = batch.real.expand({steps + 2, t});
        auto logits = (net.forwardLast(leaves, real) * targetEmb).sum(-1); // [steps + 2]
        auto grads = torch::autograd::grad({logits.narrow(0, 0, steps).sum()}, leaves);
        out.scoreBaseline = logits[steps].item<float>();
        out.scoreInput = logits[steps + 1].item<float>();
        for (size_t c = 0; c < leaves.size(); ++c) {
            auto avg = grads[c].narrow(0, 0, steps).mean(0);               // [T, D]
            auto attr = (avg * (inputs[c] - bases[c]).squeeze(0)).sum(-1); // [T]
            out.attributions.push_back(toVector(attr));
        }
        return out;
    });
}

} // namespace reclens
