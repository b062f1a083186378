// Gradient-based attributions of SasRecModel: plain gradients and integrated gradients with
// respect to the embedding components of each history position. Only the inputs get gradients
// (torch::autograd::grad); parameter .grad fields are never touched, so these calls are safe
// while other threads score with the same model.

#include "model/sasrecimpl.h"

#include <functional>
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

namespace {

/// The embedding components of the path's start, one [1, T, D] tensor per component, given
/// the explained history's components (the path's end).
using BaselineFn = std::function<std::vector<torch::Tensor>(const std::vector<torch::Tensor>&)>;

void checkPathArguments(const SasRecModel& model, ItemIndex target,
                        const std::vector<double>& alphas) {
    if (target < 0 || target >= model.itemCount())
        throw std::out_of_range("target item index " + std::to_string(target) +
                                " is outside the catalog");
    for (double a : alphas)
        if (!(a >= 0.0 && a <= 1.0))
            throw std::invalid_argument("path point alpha must lie in [0, 1]");
}

/// PathGradients from the baseline `makeBases` builds to the embeddings of `history`.
PathGradients pathFromBaseline(SasRecModel::Impl& d, const History& history, ItemIndex target,
                               const std::vector<double>& alphas, const BaselineFn& makeBases) {
    torch::AutoGradMode gradMode(true);
    auto& net = *d.net;
    const std::vector<History> one{history};
    auto batch = d.pad(one, 0, 1);
    const int len = batch.lengths[0];
    const auto t = batch.items.size(1);

    PathGradients out;
    out.length = len;
    out.components = componentNames(net);
    out.alphas = alphas;
    auto targetEmb = net.candidateEmbedding(torch::tensor(std::int64_t{target})).detach();
    if (len == 0) {
        torch::NoGradGuard noGrad;
        auto s = (d.lastHidden(batch).squeeze(0) * targetEmb).sum().item<float>();
        out.scoreInput = out.scoreBaseline = s;
        out.values.assign(alphas.size(), std::vector<std::vector<float>>(out.components.size(),
                                                                         std::vector<float>{}));
        out.scores.assign(alphas.size(), s);
        return out;
    }

    std::vector<torch::Tensor> inputs;
    for (auto& c : net.embedComponents(batch.items))
        inputs.push_back(c.detach()); // [1, T, D]
    const std::vector<torch::Tensor> bases = makeBases(inputs);
    {
        torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> ends;
        for (size_t c = 0; c < inputs.size(); ++c)
            ends.push_back(torch::cat({bases[c].contiguous(), inputs[c]}));
        auto s = (net.forwardLast(ends, batch.real.expand({2, t})) * targetEmb).sum(-1);
        out.scoreBaseline = s[0].item<float>();
        out.scoreInput = s[1].item<float>();
    }

    // Chunks of path points keep the saved activations bounded (a 512-point request at
    // length 200 in one pass would hold ~1 GB); each chunk is one forward and backward. The
    // attention maps autograd keeps grow with T²: at length 200 a chunk is 12 points, so one
    // chunk's memory (~60 MB) is reused by the next instead of being returned to the system
    // and faulted in again (32 points held ~200 MB, above the heap's trim threshold,
    // common/allocator.h: 50 -> 480 ms for a 32-point path; bench/bench_forward).
    constexpr std::int64_t kPathAttentionCells = 480000; // points x T² per chunk
    const std::int64_t tt = std::max<std::int64_t>(t, 1);
    const auto perChunk = static_cast<size_t>(
        std::max<std::int64_t>(1, std::min(static_cast<std::int64_t>(kChunkTokens) / tt,
                                           kPathAttentionCells / (tt * tt))));
    out.values.reserve(alphas.size());
    for (size_t a0 = 0; a0 < alphas.size(); a0 += perChunk) {
        const size_t n = std::min(perChunk, alphas.size() - a0);
        std::vector<float> av(alphas.begin() + static_cast<std::ptrdiff_t>(a0),
                              alphas.begin() + static_cast<std::ptrdiff_t>(a0 + n));
        auto alpha =
            torch::from_blob(av.data(), {static_cast<std::int64_t>(n), 1, 1}, torch::kFloat)
                .clone();
        std::vector<torch::Tensor> leaves;
        for (size_t c = 0; c < inputs.size(); ++c)
            leaves.push_back(
                (bases[c] + alpha * (inputs[c] - bases[c])).detach().requires_grad_(true));
        auto real = batch.real.expand({static_cast<std::int64_t>(n), t});
        auto logits = (net.forwardLast(leaves, real) * targetEmb).sum(-1); // [n]
        auto grads = torch::autograd::grad({logits.sum()}, leaves);
        const auto pointScores = toVector(logits.detach());
        out.scores.insert(out.scores.end(), pointScores.begin(), pointScores.end());
        std::vector<torch::Tensor> dots; // per component [n, T]
        for (size_t c = 0; c < leaves.size(); ++c)
            dots.push_back((grads[c] * (inputs[c] - bases[c])).sum(-1).contiguous());
        for (size_t r = 0; r < n; ++r) {
            std::vector<std::vector<float>> perComponent;
            for (const auto& dt : dots)
                perComponent.push_back(toVector(dt[static_cast<std::int64_t>(r)]));
            out.values.push_back(std::move(perComponent));
        }
    }
    return out;
}

} // namespace

PathGradients SasRecModel::pathGradients(const History& history, ItemIndex target,
                                         IgBaseline baseline,
                                         const std::vector<double>& alphas) const {
    checkPathArguments(*this, target, alphas);
    if (baseline == IgBaseline::Sampled)
        throw std::invalid_argument("a sampled IG baseline is a history: use pathGradientsFrom");
    return guardTorch([&] {
        return pathFromBaseline(*d, history, target, alphas, [&](const auto& inputs) {
            std::vector<torch::Tensor> bases;
            if (baseline == IgBaseline::MeanItem) {
                torch::NoGradGuard noGrad;
                for (auto& m : d->net->meanComponents())
                    bases.push_back(m.detach().view({1, 1, -1}).expand_as(inputs[0]));
            } else {
                for (auto& x : inputs)
                    bases.push_back(torch::zeros_like(x));
            }
            return bases;
        });
    });
}

PathGradients SasRecModel::pathGradientsFrom(const History& history, ItemIndex target,
                                             const History& baselineHistory,
                                             const std::vector<double>& alphas) const {
    checkPathArguments(*this, target, alphas);
    for (ItemIndex i : baselineHistory)
        if (i < 0 || i >= itemCount())
            throw std::out_of_range("baseline history item index " + std::to_string(i) +
                                    " is outside the catalog");
    return guardTorch([&] {
        return pathFromBaseline(*d, history, target, alphas, [&](const auto& inputs) {
            // The baseline's last T items at the explained positions, aligned at the end;
            // where it is shorter, token 0 (padding), whose components are zeroed below so the
            // rest of the path starts from the padding baseline there.
            torch::NoGradGuard noGrad;
            const auto t = inputs[0].size(1);
            const auto m =
                std::min<std::int64_t>(t, static_cast<std::int64_t>(baselineHistory.size()));
            std::vector<std::int64_t> ids(static_cast<size_t>(t), 0);
            for (std::int64_t j = 0; j < m; ++j)
                ids[static_cast<size_t>(t - m + j)] =
                    baselineHistory[baselineHistory.size() - static_cast<size_t>(m - j)] + 1;
            auto tokens = torch::from_blob(ids.data(), {1, t}, torch::kLong).clone();
            auto present = (tokens != 0).to(torch::kFloat).unsqueeze(-1); // [1, T, 1]
            std::vector<torch::Tensor> bases;
            for (auto& c : d->net->embedComponents(tokens))
                bases.push_back((c * present).detach());
            return bases;
        });
    });
}

} // namespace reclens
