#include "model/sasrecnet.h"

#include "model/fastattention.h"

#include <cmath>
#include <limits>

namespace reclens {

namespace F = torch::nn::functional;

namespace {

torch::Tensor linear(torch::nn::Linear& l, const torch::Tensor& x) {
    return denseLinear(x, l->weight, l->bias);
}

} // namespace

SasRecBlockImpl::SasRecBlockImpl(int dim, int heads)
    : m_heads(heads) {
    attnNorm = register_module("attnNorm",
                               torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-8)));
    query = register_module("query", torch::nn::Linear(dim, dim));
    key = register_module("key", torch::nn::Linear(dim, dim));
    value = register_module("value", torch::nn::Linear(dim, dim));
    out = register_module("out", torch::nn::Linear(dim, dim));
    ffnNorm = register_module("ffnNorm",
                              torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-8)));
    ffn1 = register_module("ffn1", torch::nn::Linear(dim, dim));
    ffn2 = register_module("ffn2", torch::nn::Linear(dim, dim));
}

torch::Tensor SasRecBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& maskBias,
                                       double dropout, bool train, torch::Tensor* attentionOut) {
    const auto b = x.size(0);
    const auto t = x.size(1);
    const auto d = x.size(2);
    const auto dh = d / m_heads;
    // Pre-norm queries, raw keys/values and a residual from the normed queries: this is the
    // reference SASRec block (Kang & McAuley's code), which trains better than post-norm here.
    auto q = attnNorm->forward(x);
    auto split = [&](const torch::Tensor& y) {
        return y.view({b, t, m_heads, dh}).transpose(1, 2);
    };
    // The mask is an additive bias (a masked_fill per layer cost more than the matmul). Without
    // autograd the (smaller) queries are scaled instead of the T × T logits; training keeps
    // dividing the logits, so trained weights stay bit-identical to earlier versions.
    const double root = std::sqrt(static_cast<double>(dh));
    const bool grad = torch::GradMode::is_enabled();
    auto qh = split(grad ? linear(query, q) : linear(query, q) * (1.0 / root));
    auto kh = split(linear(key, x));
    auto vh = split(linear(value, x));
    auto logits = torch::matmul(qh, kh.transpose(-2, -1));
    auto weights = torch::softmax((grad ? logits / root : logits) + maskBias, -1);
    if (attentionOut)
        *attentionOut = weights;
    auto ctx =
        torch::matmul(F::dropout(weights, F::DropoutFuncOptions().p(dropout).training(train)), vh);
    ctx = ctx.transpose(1, 2).contiguous().view({b, t, d});
    auto h = q + linear(out, ctx);
    h = ffnNorm->forward(h);
    auto f = F::dropout(torch::relu(linear(ffn1, h)),
                        F::DropoutFuncOptions().p(dropout).training(train));
    f = F::dropout(linear(ffn2, f), F::DropoutFuncOptions().p(dropout).training(train));
    return h + f;
}

torch::Tensor SasRecBlockImpl::forwardLast(const torch::Tensor& x, const torch::Tensor& maskBias) {
    const auto b = x.size(0);
    const auto t = x.size(1);
    const auto d = x.size(2);
    const auto dh = d / m_heads;
    auto q = attnNorm->forward(x.select(1, t - 1)); // [B, D]
    auto qh = (linear(query, q) * (1.0 / std::sqrt(static_cast<double>(dh))))
                  .view({b, m_heads, 1, dh});                           // [B, H, 1, dh]
    auto kh = linear(key, x).view({b, t, m_heads, dh}).transpose(1, 2); // [B, H, T, dh]
    auto vh = linear(value, x).view({b, t, m_heads, dh}).transpose(1, 2);
    auto weights = torch::softmax(torch::matmul(qh, kh.transpose(-2, -1)) + maskBias, -1);
    auto ctx = torch::matmul(weights, vh).view({b, d}); // [B, H, 1, dh] -> [B, D]
    auto h = ffnNorm->forward(q + linear(out, ctx));
    return h + linear(ffn2, torch::relu(linear(ffn1, h)));
}

torch::Tensor SasRecBlockImpl::keysValues(const torch::Tensor& x) {
    // The weights are joined per call (a few µs) so that scoring during training always sees
    // the current ones.
    return denseLinear(x, torch::cat({key->weight, value->weight}),
                       torch::cat({key->bias, value->bias}));
}

torch::Tensor SasRecBlockImpl::inferenceForward(const torch::Tensor& x, const torch::Tensor& real,
                                                bool lastOnly, const torch::Tensor& kvPrefix) {
    const auto t = x.size(1);
    const auto dh = x.size(2) / m_heads;
    auto q = attnNorm->forward(lastOnly ? x.narrow(1, t - 1, 1) : x);
    auto kv = keysValues(x);
    if (kvPrefix.defined()) // the shared first positions, then this call's own
        kv = torch::cat({kvPrefix.expand({x.size(0), kvPrefix.size(1), kvPrefix.size(2)}), kv}, 1);
    const auto scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dh)));
    auto ctx = maskedAttention(linear(query, q), kv, real, m_heads, scale);
    auto h = ffnNorm->forward(linear(out, ctx).add_(q));
    return linear(ffn2, linear(ffn1, h).relu_()).add_(h);
}

SasRecNetImpl::SasRecNetImpl(const SasRecNetOptions& o)
    : m_options(o) {
    itemEmb = register_module(
        "itemEmb",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(o.itemCount + 1, o.dim).padding_idx(0)));
    if (o.categoryCount > 0)
        categoryEmb = register_module(
            "categoryEmb",
            torch::nn::Embedding(
                torch::nn::EmbeddingOptions(o.categoryCount + 1, o.dim).padding_idx(0)));
    if (o.brandCount > 0)
        brandEmb = register_module(
            "brandEmb", torch::nn::Embedding(
                            torch::nn::EmbeddingOptions(o.brandCount + 1, o.dim).padding_idx(0)));
    positionEmb = register_module("positionEmb", torch::nn::Embedding(o.maxLength, o.dim));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < o.layers; ++i)
        blocks->push_back(SasRecBlock(o.dim, o.heads));
    finalNorm = register_module(
        "finalNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.dim}).eps(1e-8)));
    itemCategory = register_buffer("itemCategory", torch::zeros({o.itemCount + 1}, torch::kLong));
    itemBrand = register_buffer("itemBrand", torch::zeros({o.itemCount + 1}, torch::kLong));

    // Xavier-normal for every matrix, as the reference implementation does; padding rows stay 0.
    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters()) {
        if (p.value().dim() >= 2)
            torch::nn::init::xavier_normal_(p.value());
    }
    itemEmb->weight[0].zero_();
    if (categoryEmb)
        categoryEmb->weight[0].zero_();
    if (brandEmb)
        brandEmb->weight[0].zero_();
}

int SasRecNetImpl::componentCount() const {
    return 1 + (categoryEmb ? 1 : 0) + (brandEmb ? 1 : 0);
}

void SasRecNetImpl::setSparseEmbeddingGradients(bool sparse) {
    for (auto* table : {&itemEmb, &categoryEmb, &brandEmb})
        if (*table)
            (*table)->options.sparse(sparse);
}

std::vector<torch::Tensor> SasRecNetImpl::embedComponents(const torch::Tensor& items) {
    std::vector<torch::Tensor> parts;
    parts.push_back(itemEmb->forward(items));
    if (categoryEmb)
        parts.push_back(
            categoryEmb->forward(itemCategory.index_select(0, items.flatten()).view_as(items)));
    if (brandEmb)
        parts.push_back(
            brandEmb->forward(itemBrand.index_select(0, items.flatten()).view_as(items)));
    return parts;
}

torch::Tensor SasRecNetImpl::embedInput(const std::vector<torch::Tensor>& components, bool train) {
    auto x = components[0];
    for (size_t c = 1; c < components.size(); ++c)
        x = x + components[c];
    const auto t = x.size(1);
    x = x * std::sqrt(static_cast<double>(m_options.dim));
    // Position 0 is the last slot; left padding never shifts the real positions.
    auto positions = torch::arange(t - 1, -1, -1, torch::kLong).clamp_max(m_options.maxLength - 1);
    x = x + positionEmb->forward(positions).unsqueeze(0);
    return F::dropout(x, F::DropoutFuncOptions().p(m_options.dropout).training(train));
}

/// Additive attention bias [B, 1, T, T]: 0 where query q may attend to key k (k <= q and k is
/// real or k == q), −inf elsewhere. Built once per forward and shared by every layer.
torch::Tensor causalAttentionMask(const torch::Tensor& real) {
    const auto t = real.size(1);
    auto causal = torch::ones({t, t}, torch::kBool).tril();
    auto eye = torch::eye(t, torch::TensorOptions().dtype(torch::kBool));
    auto allowed = (causal.unsqueeze(0) & (real.unsqueeze(1) | eye.unsqueeze(0))).unsqueeze(1);
    return torch::zeros(allowed.sizes(), torch::kFloat)
        .masked_fill_(allowed.logical_not(), -std::numeric_limits<float>::infinity());
}

bool SasRecNetImpl::fusedBlocks() const {
    return !torch::GradMode::is_enabled() && fusedInferenceEnabled() &&
           fusedAttentionSupports(m_options.dim, m_options.heads) &&
           positionEmb->weight.scalar_type() == torch::kFloat;
}

SasRecForward SasRecNetImpl::forward(const std::vector<torch::Tensor>& components,
                                     const torch::Tensor& real, bool train, bool wantAttention) {
    auto x = embedInput(components, train);
    auto keep = real.unsqueeze(-1).to(x.dtype());
    x = x * keep;
    SasRecForward fused;
    if (!train && !wantAttention && fusedBlocks()) {
        for (const auto& m : *blocks)
            x = m->as<SasRecBlockImpl>()->inferenceForward(x, real, false).mul_(keep);
        fused.hidden = finalNorm->forward(x);
        return fused;
    }
    const auto maskBias = causalAttentionMask(real);

    SasRecForward result;
    for (const auto& m : *blocks) {
        torch::Tensor att;
        x = m->as<SasRecBlockImpl>()->forward(x, maskBias, m_options.dropout, train,
                                              wantAttention ? &att : nullptr);
        x = x * keep;
        if (wantAttention)
            result.attention.push_back(att);
    }
    result.hidden = finalNorm->forward(x);
    return result;
}

torch::Tensor SasRecNetImpl::forwardLast(const std::vector<torch::Tensor>& components,
                                         const torch::Tensor& real) {
    auto x = embedInput(components, /*train=*/false);
    const auto t = x.size(1);
    auto keep = real.unsqueeze(-1).to(x.dtype());
    x = x * keep;
    const size_t n = blocks->size();
    if (fusedBlocks()) {
        for (size_t i = 0; i + 1 < n; ++i)
            x = blocks[i]->as<SasRecBlockImpl>()->inferenceForward(x, real, false).mul_(keep);
        auto h = blocks[n - 1]->as<SasRecBlockImpl>()->inferenceForward(x, real, true).squeeze(1);
        return finalNorm->forward(h.mul_(keep.select(1, t - 1)));
    }
    if (n > 1) {
        const auto maskBias = causalAttentionMask(real);
        for (size_t i = 0; i + 1 < n; ++i) {
            x = blocks[i]->as<SasRecBlockImpl>()->forward(x, maskBias, 0.0, false, nullptr);
            x = x * keep;
        }
    }
    // The last query's row of attentionMask(): real keys plus itself.
    auto self = torch::zeros({1, t}, torch::kBool);
    self.select(1, t - 1).fill_(true);
    const auto lastBias =
        torch::zeros({real.size(0), 1, 1, t}, torch::kFloat)
            .masked_fill_((real | self).logical_not().view({real.size(0), 1, 1, t}),
                          -std::numeric_limits<float>::infinity());
    auto h = blocks[n - 1]->as<SasRecBlockImpl>()->forwardLast(x, lastBias);
    h = h * keep.select(1, t - 1);
    return finalNorm->forward(h);
}

SasRecPrefix SasRecNetImpl::prefixStates(const std::vector<torch::Tensor>& components,
                                         const torch::Tensor& real) {
    auto x = embedInput(components, /*train=*/false);
    auto keep = real.unsqueeze(-1).to(x.dtype());
    x = x * keep;
    SasRecPrefix prefix;
    prefix.real = real;
    const size_t n = blocks->size();
    for (size_t i = 0; i < n; ++i) {
        auto* block = blocks[i]->as<SasRecBlockImpl>();
        prefix.kv.push_back(block->keysValues(x));
        if (i + 1 < n)
            x = block->inferenceForward(x, real, false).mul_(keep);
    }
    return prefix;
}

torch::Tensor SasRecNetImpl::forwardLastAfterPrefix(const SasRecPrefix& prefix,
                                                    const std::vector<torch::Tensor>& components,
                                                    const torch::Tensor& real) {
    const auto rows = real.size(0);
    const auto s = real.size(1);
    const auto p = prefix.real.size(1) - s;
    // Positions count from the end, so the last S positions embed as in the whole row.
    auto x = embedInput(components, /*train=*/false);
    auto keep = real.unsqueeze(-1).to(x.dtype());
    x = x * keep;
    const auto whole = torch::cat({prefix.real.narrow(1, 0, p).expand({rows, p}), real}, 1);
    const size_t n = blocks->size();
    for (size_t i = 0; i + 1 < n; ++i)
        x = blocks[i]
                ->as<SasRecBlockImpl>()
                ->inferenceForward(x, whole, false, prefix.kv[i].narrow(1, 0, p))
                .mul_(keep);
    auto h = blocks[n - 1]
                 ->as<SasRecBlockImpl>()
                 ->inferenceForward(x, whole, true, prefix.kv[n - 1].narrow(1, 0, p))
                 .squeeze(1);
    return finalNorm->forward(h.mul_(keep.select(1, s - 1)));
}

torch::Tensor SasRecNetImpl::itemTable() {
    if (!m_options.outputFeatures || componentCount() == 1)
        return itemEmb->weight.narrow(0, 1, m_options.itemCount);
    return candidateEmbedding(torch::arange(m_options.itemCount, torch::kLong));
}

torch::Tensor SasRecNetImpl::candidateEmbedding(const torch::Tensor& items) {
    auto rows = items + 1;
    if (!m_options.outputFeatures || componentCount() == 1)
        return itemEmb->forward(rows);
    auto parts = embedComponents(rows);
    auto sum = parts[0];
    for (size_t c = 1; c < parts.size(); ++c)
        sum = sum + parts[c];
    return sum;
}

std::vector<torch::Tensor> SasRecNetImpl::meanComponents() {
    auto all = torch::arange(1, m_options.itemCount + 1, torch::kLong).unsqueeze(0);
    std::vector<torch::Tensor> means;
    for (auto& c : embedComponents(all))
        means.push_back(c.squeeze(0).mean(0));
    return means;
}

} // namespace reclens
