// SearchModel::attention(): the transformer's attention weights over one request's real tokens,
// read from the same forward pass that scores (SearchNet::forward), so the maps the
// explanation shows are the weights the ranking used.

#include "search/searchimpl.h"

#include <stdexcept>

namespace reclens::search {

AttentionMaps SearchModel::attention(const SearchRequest& request) const {
    try {
        c10::InferenceMode inference;
        auto& net = const_cast<SearchNet&>(d->net);
        const auto batch = d->pad({request}, {0});
        std::vector<torch::Tensor> weights;
        net->forward(SearchNetImpl::historyEmbedding(d->scoringTable(), batch.items),
                     batch.itemsReal, net->queryEmbedding(batch.words), batch.wordsReal, false,
                     &weights);
        // Padding sits in the history (left) and the query (right) slots; keep the real ones.
        const auto real =
            torch::cat({batch.itemsReal[0], batch.wordsReal[0], torch::ones({1}, torch::kBool)})
                .nonzero()
                .flatten();
        AttentionMaps maps;
        maps.layers = static_cast<int>(weights.size());
        maps.heads = net->options().heads;
        maps.length = static_cast<int>(real.size(0));
        maps.scoringTokens = 1;
        for (const auto& w : weights) { // [1, H, S, S]
            auto kept = w[0].index_select(1, real).index_select(2, real).contiguous();
            const float* p = kept.data_ptr<float>();
            maps.weights.insert(maps.weights.end(), p, p + kept.numel());
        }
        return maps;
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("LibTorch: ") + e.what_without_backtrace());
    }
}

} // namespace reclens::search
