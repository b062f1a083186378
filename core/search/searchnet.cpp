#include "search/searchnet.h"

#include <cmath>

namespace reclens {

namespace F = torch::nn::functional;

namespace {

torch::nn::Embedding paddedEmbedding(int rows, int dim) {
    return torch::nn::Embedding(torch::nn::EmbeddingOptions(rows, dim).padding_idx(0));
}

} // namespace

SearchNetImpl::SearchNetImpl(const SearchNetOptions& o)
    : m_options(o) {
    itemEmb = register_module("itemEmb", paddedEmbedding(o.itemCount + 1, o.dim));
    wordEmb = register_module("wordEmb", paddedEmbedding(o.vocabularySize, o.dim));
    if (o.categoryCount > 0)
        categoryEmb = register_module("categoryEmb", paddedEmbedding(o.categoryCount + 1, o.dim));
    if (o.brandCount > 0)
        brandEmb = register_module("brandEmb", paddedEmbedding(o.brandCount + 1, o.dim));
    positionEmb = register_module("positionEmb", torch::nn::Embedding(o.maxLength, o.dim));
    queryPositionEmb =
        register_module("queryPositionEmb", torch::nn::Embedding(o.maxQueryWords, o.dim));
    typeEmb = register_module("typeEmb", torch::nn::Embedding(2, o.dim));
    searchToken = register_parameter("searchToken", torch::zeros({o.dim}));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < o.layers; ++i)
        blocks->push_back(SasRecBlock(o.dim, o.heads));
    finalNorm = register_module(
        "finalNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.dim}).eps(1e-8)));
    queryNorm = register_module(
        "queryNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.dim}).eps(1e-8)));
    queryProj = register_module("queryProj", torch::nn::Linear(o.dim, o.dim));
    gate = register_module("gate", torch::nn::Linear(2 * o.dim, 1));
    itemWords =
        register_buffer("itemWords", torch::zeros({o.itemCount + 1, o.maxItemWords}, torch::kLong));
    itemCategory = register_buffer("itemCategory", torch::zeros({o.itemCount + 1}, torch::kLong));
    itemBrand = register_buffer("itemBrand", torch::zeros({o.itemCount + 1}, torch::kLong));

    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters())
        if (p.value().dim() >= 2)
            torch::nn::init::xavier_normal_(p.value());
    torch::nn::init::normal_(searchToken, 0.0, 0.02);
    for (auto* e : {&itemEmb, &wordEmb, &categoryEmb, &brandEmb})
        if (*e)
            (*e)->weight[0].zero_();
}

torch::Tensor SearchNetImpl::itemTable() {
    const auto n = m_options.itemCount;
    auto words = itemWords.narrow(0, 1, n);        // [N, L]
    auto present = (words != 0).to(torch::kFloat); // [N, L]
    auto wordSum = (wordEmb->forward(words) * present.unsqueeze(-1)).sum(1);
    auto table = itemEmb->weight.narrow(0, 1, n) +
                 wordSum / present.sum(1, true).clamp_min(1.0); // mean of the item's words
    if (categoryEmb)
        table = table + categoryEmb->forward(itemCategory.narrow(0, 1, n));
    if (brandEmb)
        table = table + brandEmb->forward(itemBrand.narrow(0, 1, n));
    return table;
}

torch::Tensor SearchNetImpl::historyEmbedding(const torch::Tensor& table,
                                              const torch::Tensor& items) {
    auto padded = torch::cat({torch::zeros({1, table.size(1)}, table.options()), table}, 0);
    return padded.index_select(0, items.flatten()).view({items.size(0), items.size(1), -1});
}

torch::Tensor SearchNetImpl::queryEmbedding(const torch::Tensor& words) {
    return wordEmb->forward(words);
}

SearchForward SearchNetImpl::forward(const torch::Tensor& history, const torch::Tensor& historyReal,
                                     const torch::Tensor& query, const torch::Tensor& queryReal,
                                     bool train, std::vector<torch::Tensor>* attention) {
    const auto b = history.size(0);
    const auto t = history.size(1);
    const auto q = query.size(1);
    const auto d = m_options.dim;
    const double scale = std::sqrt(static_cast<double>(d));
    auto hPos = torch::arange(t - 1, -1, -1, torch::kLong).clamp_max(m_options.maxLength - 1);
    auto qPos = torch::arange(q, torch::kLong).clamp_max(m_options.maxQueryWords - 1);
    auto h = history * scale + positionEmb->forward(hPos).unsqueeze(0) + typeEmb->weight[0];
    auto w = query * scale + queryPositionEmb->forward(qPos).unsqueeze(0) + typeEmb->weight[1];
    auto s = searchToken.view({1, 1, d}).expand({b, 1, d});
    auto real = torch::cat({historyReal, queryReal, torch::ones({b, 1}, torch::kBool)}, 1);
    auto keep = real.unsqueeze(-1).to(history.dtype());
    auto x = torch::cat({h, w, s}, 1);
    x = F::dropout(x, F::DropoutFuncOptions().p(m_options.dropout).training(train)) * keep;
    const auto maskBias = causalAttentionMask(real);
    for (const auto& m : *blocks) {
        torch::Tensor weights;
        x = m->as<SasRecBlockImpl>()->forward(x, maskBias, m_options.dropout, train,
                                              attention ? &weights : nullptr) *
            keep;
        if (attention)
            attention->push_back(weights);
    }
    SearchForward out;
    out.transformer = finalNorm->forward(x.select(1, t + q));
    auto qMask = queryReal.to(query.dtype()).unsqueeze(-1);
    auto mean = (query * qMask).sum(1) / qMask.sum(1).clamp_min(1.0);
    out.queryOnly = queryNorm->forward(queryProj->forward(mean));
    out.gate =
        torch::sigmoid(gate->forward(torch::cat({out.queryOnly, out.transformer}, 1))).squeeze(1);
    const auto g = out.gate.unsqueeze(1);
    out.user = (1.0 - g) * out.queryOnly + g * out.transformer;
    return out;
}

} // namespace reclens
