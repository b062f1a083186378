#include "model/sasrecnet.h"

#include <cmath>

namespace reclens {

namespace F = torch::nn::functional;

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

torch::Tensor SasRecBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& allowed,
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
    auto qh = split(query->forward(q));
    auto kh = split(key->forward(x));
    auto vh = split(value->forward(x));
    auto logits = torch::matmul(qh, kh.transpose(-2, -1)) / std::sqrt(static_cast<double>(dh));
    logits = logits.masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
    auto weights = torch::softmax(logits, -1);
    if (attentionOut)
        *attentionOut = weights;
    auto ctx =
        torch::matmul(F::dropout(weights, F::DropoutFuncOptions().p(dropout).training(train)), vh);
    ctx = ctx.transpose(1, 2).contiguous().view({b, t, d});
    auto h = q + out->forward(ctx);
    h = ffnNorm->forward(h);
    auto f = F::dropout(torch::relu(ffn1->forward(h)),
                        F::DropoutFuncOptions().p(dropout).training(train));
    f = F::dropout(ffn2->forward(f), F::DropoutFuncOptions().p(dropout).training(train));
    return h + f;
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

SasRecForward SasRecNetImpl::forward(const std::vector<torch::Tensor>& components,
                                     const torch::Tensor& real, bool train, bool wantAttention) {
    auto x = components[0];
    for (size_t c = 1; c < components.size(); ++c)
        x = x + components[c];
    const auto t = x.size(1);
    x = x * std::sqrt(static_cast<double>(m_options.dim));
    // Position 0 is the last slot; left padding never shifts the real positions.
    auto positions = torch::arange(t - 1, -1, -1, torch::kLong).clamp_max(m_options.maxLength - 1);
    x = x + positionEmb->forward(positions).unsqueeze(0);
    x = F::dropout(x, F::DropoutFuncOptions().p(m_options.dropout).training(train));
    auto keep = real.unsqueeze(-1).to(x.dtype());
    x = x * keep;

    // allowed[b, 0, q, k] = k <= q and (k is real or k == q).
    auto causal = torch::ones({t, t}, torch::kBool).tril();
    auto eye = torch::eye(t, torch::TensorOptions().dtype(torch::kBool));
    auto allowed = causal.unsqueeze(0) & (real.unsqueeze(1) | eye.unsqueeze(0));
    allowed = allowed.unsqueeze(1);

    SasRecForward result;
    for (const auto& m : *blocks) {
        torch::Tensor att;
        x = m->as<SasRecBlockImpl>()->forward(x, allowed, m_options.dropout, train,
                                              wantAttention ? &att : nullptr);
        x = x * keep;
        if (wantAttention)
            result.attention.push_back(att);
    }
    result.hidden = finalNorm->forward(x);
    return result;
}

torch::Tensor SasRecNetImpl::itemTable() const {
    return itemEmb->weight.narrow(0, 1, m_options.itemCount);
}

std::vector<torch::Tensor> SasRecNetImpl::meanComponents() {
    auto all = torch::arange(1, m_options.itemCount + 1, torch::kLong).unsqueeze(0);
    std::vector<torch::Tensor> means;
    for (auto& c : embedComponents(all))
        means.push_back(c.squeeze(0).mean(0));
    return means;
}

} // namespace reclens
