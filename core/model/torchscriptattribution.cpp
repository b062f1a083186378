// Gradients and integrated gradients of TorchScriptModel with respect to embed()'s output,
// through forward_embedded(). Only the embedding inputs get gradients (autograd::grad), so
// these calls are safe while other threads score with the same module.

#include "model/torchscriptimpl.h"

#include <functional>
#include <stdexcept>

namespace reclens {

namespace {

std::vector<float> toVector(const torch::Tensor& t) {
    auto c = t.contiguous().to(torch::kFloat);
    const float* p = c.data_ptr<float>();
    return {p, p + c.numel()};
}

void checkAlphas(const std::vector<double>& alphas) {
    for (double a : alphas)
        if (!(a >= 0.0 && a <= 1.0))
            throw std::invalid_argument("path point alpha must lie in [0, 1]");
}

/// The path's start [1, T, D] given the explained history's embeddings [1, T, D].
/// (The input's width is the padded width the baseline must have too.)
using BaselineFn = std::function<torch::Tensor(const torch::Tensor&)>;

PathGradients pathFrom(const TorchScriptModel::Impl& d, const History& history, ItemIndex target,
                       const std::vector<double>& alphas, const BaselineFn& makeBase) {
    const auto col = d.targetColumn(target);
    torch::AutoGradMode gradMode(true);
    const auto batch = d.padOne(history);
    const int len = batch.lengths[0];
    const auto t = batch.width;
    PathGradients out;
    out.length = len;
    out.components = {"item"};
    out.alphas = alphas;
    torch::Tensor input;
    torch::Tensor base;
    {
        torch::NoGradGuard noGrad;
        input = d.embed(batch.embedItems).detach();
        // Padding positions keep their input: only the real positions travel the path.
        auto real = torch::zeros({1, t, 1}, torch::kBool);
        real.narrow(1, t - len, len).fill_(true);
        base = torch::where(real, makeBase(input), input).detach();
        auto s = d.forwardEmbedded(torch::cat({base, input}), batch.maskItems.expand({2, t}))
                     .select(1, col);
        out.scoreBaseline = s[0].item<float>();
        out.scoreInput = s[1].item<float>();
    }
    if (len == 0) {
        out.values.assign(alphas.size(), {std::vector<float>{}});
        out.scores.assign(alphas.size(), out.scoreInput);
        return out;
    }
    const auto perChunk = static_cast<size_t>(std::max<std::int64_t>(1, 8192 / t));
    const auto delta = input - base;
    for (size_t a0 = 0; a0 < alphas.size(); a0 += perChunk) {
        const size_t n = std::min(perChunk, alphas.size() - a0);
        std::vector<float> av(alphas.begin() + static_cast<std::ptrdiff_t>(a0),
                              alphas.begin() + static_cast<std::ptrdiff_t>(a0 + n));
        auto alpha =
            torch::from_blob(av.data(), {static_cast<std::int64_t>(n), 1, 1}, torch::kFloat)
                .clone();
        auto leaf = (base + alpha * delta).detach().requires_grad_(true);
        auto logits =
            d.forwardEmbedded(leaf, batch.maskItems.expand({static_cast<std::int64_t>(n), t}))
                .select(1, col);
        auto grad = torch::autograd::grad({logits.sum()}, {leaf})[0];
        const auto pointScores = toVector(logits.detach());
        out.scores.insert(out.scores.end(), pointScores.begin(), pointScores.end());
        auto dots = (grad * delta).sum(-1).narrow(1, t - len, len).contiguous(); // [n, len]
        for (size_t r = 0; r < n; ++r)
            out.values.push_back({toVector(dots[static_cast<std::int64_t>(r)])});
    }
    return out;
}

} // namespace

EmbeddingGradients TorchScriptModel::gradients(const History& history, ItemIndex target) const {
    const auto col = d->targetColumn(target);
    return guardScript(d->path, [&] {
        torch::AutoGradMode gradMode(true);
        const auto batch = d->padOne(history);
        auto leaf = d->embed(batch.embedItems).detach().requires_grad_(true);
        auto logit = d->forwardEmbedded(leaf, batch.maskItems)[0][col];
        auto grad = torch::autograd::grad({logit}, {leaf})[0];
        EmbeddingGradients out;
        out.length = batch.lengths[0];
        out.dim = d->dim;
        out.score = logit.item<float>();
        out.components = {"item"};
        const auto t = batch.width;
        out.gradient.push_back(toVector(grad.squeeze(0).narrow(0, t - out.length, out.length)));
        out.input.push_back(
            toVector(leaf.detach().squeeze(0).narrow(0, t - out.length, out.length)));
        return out;
    });
}

PathGradients TorchScriptModel::pathGradients(const History& history, ItemIndex target,
                                              IgBaseline baseline,
                                              const std::vector<double>& alphas) const {
    checkAlphas(alphas);
    if (baseline == IgBaseline::Sampled)
        throw std::invalid_argument("a sampled IG baseline is a history: use pathGradientsFrom");
    return guardScript(d->path, [&] {
        return pathFrom(*d, history, target, alphas, [&](const torch::Tensor& input) {
            if (baseline == IgBaseline::MeanItem)
                return d->meanEmbedding.view({1, 1, -1}).expand_as(input);
            return torch::zeros_like(input);
        });
    });
}

PathGradients TorchScriptModel::pathGradientsFrom(const History& history, ItemIndex target,
                                                  const History& baselineHistory,
                                                  const std::vector<double>& alphas) const {
    checkAlphas(alphas);
    return guardScript(d->path, [&] {
        return pathFrom(*d, history, target, alphas, [&](const torch::Tensor& input) {
            // pad() aligns the baseline at the end and puts padding (index 0) where it is
            // shorter, whose embedding is the padding embedding.
            return d->embed(d->padOne(baselineHistory, input.size(1)).embedItems);
        });
    });
}

} // namespace reclens
