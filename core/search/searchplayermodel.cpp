// SearchPlayerModel: the search ranker as a SequenceModel over purchases and query words.

#include "search/searchplayermodel.h"

#include "search/searchimpl.h"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace reclens::search {

namespace {

std::vector<float> toVector(const torch::Tensor& t) {
    auto c = t.contiguous().to(torch::kFloat);
    const float* p = c.data_ptr<float>();
    return {p, p + c.numel()};
}

template <typename F> auto guardTorch(F&& f) {
    try {
        return f();
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("LibTorch: ") + e.what_without_backtrace());
    }
}

/// Where each player of a joint sequence sits in the padded batch of its split request: the
/// history tensor (left-padded to `historySlots`) or the query tensor (from its start).
struct Slot {
    bool word = false;
    std::int64_t index = 0;
};

std::vector<Slot> slotsOf(const SearchPlayerModel& m, const History& players,
                          std::int64_t historySlots, std::size_t historyCount) {
    std::vector<Slot> out;
    std::int64_t h = historySlots - static_cast<std::int64_t>(historyCount), q = 0;
    for (ItemIndex p : players)
        out.push_back(m.isWord(p) ? Slot{true, q++} : Slot{false, h++});
    return out;
}

} // namespace

SearchPlayerModel::SearchPlayerModel(const SearchModel& model)
    : m_model(model)
    , m_items(model.itemCount())
    , m_words(model.vocabulary().size()) {}

int SearchPlayerModel::maxLength() const {
    return m_model.maxLength() + m_model.info().search.maxQueryWords;
}

History SearchPlayerModel::players(const History& history,
                                   const std::vector<text::WordId>& query) const {
    const auto maxT = static_cast<std::size_t>(m_model.maxLength());
    const auto maxQ = static_cast<std::size_t>(m_model.info().search.maxQueryWords);
    History out(history.end() - static_cast<std::ptrdiff_t>(std::min(history.size(), maxT)),
                history.end());
    for (std::size_t i = 0; i < query.size() && i < maxQ; ++i)
        out.push_back(wordPlayer(query[i]));
    return out;
}

SearchRequest SearchPlayerModel::split(const History& players) const {
    SearchRequest r;
    for (ItemIndex p : players) {
        if (p >= 0 && p < m_items)
            r.history.push_back(p);
        else if (p > m_items && p < m_items + m_words) // word ids start at 1 (0 = padding)
            r.query.push_back(wordOf(p));
        else
            throw std::invalid_argument("player " + std::to_string(p) +
                                        " is neither a catalog item nor a query word of the "
                                        "search model");
    }
    if (r.history.size() > static_cast<std::size_t>(m_model.maxLength()) ||
        r.query.size() > static_cast<std::size_t>(m_model.info().search.maxQueryWords))
        throw std::invalid_argument("more purchases or query words than the search model reads");
    return r;
}

ExtraPlayers SearchPlayerModel::labels() const {
    ExtraPlayers e;
    e.firstId = m_items;
    e.names = m_model.vocabulary().words();
    if (e.names.size() > static_cast<std::size_t>(text::Vocabulary::kUnknown))
        e.names[static_cast<std::size_t>(text::Vocabulary::kUnknown)] = "(unknown)";
    return e;
}

std::vector<float> SearchPlayerModel::scoreAll(const std::vector<History>& histories) const {
    std::vector<SearchRequest> requests;
    requests.reserve(histories.size());
    for (const auto& h : histories)
        requests.push_back(split(h));
    const auto scores = m_model.scoreAll(requests);
    const auto n = static_cast<std::size_t>(itemCount());
    const auto items = static_cast<std::size_t>(m_items);
    std::vector<float> out(histories.size() * n, -std::numeric_limits<float>::infinity());
    for (std::size_t r = 0; r < histories.size(); ++r)
        std::memcpy(out.data() + r * n, scores.scores.data() + r * items, sizeof(float) * items);
    return out;
}

std::vector<float> SearchPlayerModel::scoreTargets(const std::vector<History>& histories,
                                                   const std::vector<ItemIndex>& targets) const {
    // Read from scoreAll rows (in chunks, so memory stays bounded) rather than a separate dot
    // product: a target's score is then bit-for-bit the number every rank is computed from.
    std::vector<float> out(histories.size());
    constexpr std::size_t kChunk = 256;
    const auto n = static_cast<std::size_t>(itemCount());
    for (std::size_t begin = 0; begin < histories.size(); begin += kChunk) {
        const std::size_t end = std::min(histories.size(), begin + kChunk);
        const std::vector<History> chunk(histories.begin() + static_cast<std::ptrdiff_t>(begin),
                                         histories.begin() + static_cast<std::ptrdiff_t>(end));
        const auto rows = scoreAll(chunk);
        for (std::size_t r = begin; r < end; ++r) {
            if (targets[r] < 0 || targets[r] >= m_items)
                throw std::out_of_range("target item index " + std::to_string(targets[r]) +
                                        " is outside the catalog");
            out[r] = rows[(r - begin) * n + static_cast<std::size_t>(targets[r])];
        }
    }
    return out;
}

AttentionMaps SearchPlayerModel::attention(const History& players) const {
    // The network reads [purchases; words; SEARCH]: the maps are indexed by the players only
    // when the purchases come first, as players() orders them.
    bool word = false;
    for (ItemIndex p : players) {
        if (word && !isWord(p))
            throw std::invalid_argument("attention maps need the purchases before the query "
                                        "words (as SearchPlayerModel::players orders them)");
        word = word || isWord(p);
    }
    return m_model.attention(split(players));
}

EmbeddingGradients SearchPlayerModel::gradients(const History& players, ItemIndex target) const {
    if (target < 0 || target >= m_items)
        throw std::out_of_range("target item index " + std::to_string(target) +
                                " is outside the catalog");
    const SearchRequest request = split(players);
    return guardTorch([&] {
        torch::AutoGradMode gradMode(true);
        auto& d = m_model.impl();
        auto& net = const_cast<SearchNet&>(d.net);
        const auto batch = d.pad({request}, {0});
        const auto table = d.scoringTable();
        auto h = SearchNetImpl::historyEmbedding(table, batch.items).detach().requires_grad_(true);
        auto q = net->queryEmbedding(batch.words).detach().requires_grad_(true);
        auto fwd = net->forward(h, batch.itemsReal, q, batch.wordsReal, false);
        auto logit = (fwd.user[0] * table[target]).sum();
        auto grads = torch::autograd::grad({logit}, {h, q});

        EmbeddingGradients out;
        out.length = static_cast<int>(players.size());
        out.dim = net->options().dim;
        out.score = logit.item<float>();
        out.components = {"embedding"};
        out.gradient.emplace_back();
        out.input.emplace_back();
        const auto slots = slotsOf(*this, players, h.size(1), request.history.size());
        for (const Slot& s : slots) {
            const auto& g = s.word ? grads[1] : grads[0];
            const auto& x = s.word ? q : h;
            const auto gr = toVector(g[0][s.index]);
            const auto xr = toVector(x.detach()[0][s.index]);
            out.gradient[0].insert(out.gradient[0].end(), gr.begin(), gr.end());
            out.input[0].insert(out.input[0].end(), xr.begin(), xr.end());
        }
        return out;
    });
}

PathGradients SearchPlayerModel::pathGradients(const History& players, ItemIndex target,
                                               IgBaseline baseline,
                                               const std::vector<double>& alphas) const {
    if (target < 0 || target >= m_items)
        throw std::out_of_range("target item index " + std::to_string(target) +
                                " is outside the catalog");
    if (baseline == IgBaseline::Sampled)
        throw std::invalid_argument("a sampled IG baseline is a history: the search explanation "
                                    "cannot start from one");
    for (double a : alphas)
        if (!(a >= 0.0 && a <= 1.0))
            throw std::invalid_argument("path point alpha must lie in [0, 1]");
    const SearchRequest request = split(players);
    return guardTorch([&] {
        torch::AutoGradMode gradMode(true);
        auto& d = m_model.impl();
        auto& net = const_cast<SearchNet&>(d.net);
        const auto batch = d.pad({request}, {0});
        const auto table = d.scoringTable();
        const auto targetRow = table[target].detach();
        auto h = SearchNetImpl::historyEmbedding(table, batch.items).detach(); // [1, T, D]
        auto q = net->queryEmbedding(batch.words).detach();                    // [1, Q, D]
        torch::Tensor bh = torch::zeros_like(h), bq = torch::zeros_like(q);
        if (baseline == IgBaseline::MeanItem) {
            torch::NoGradGuard noGrad;
            const auto words = net->wordEmb->weight.narrow(0, 1, net->wordEmb->weight.size(0) - 1);
            bh = table.mean(0).view({1, 1, -1}).expand_as(h).contiguous();
            bq = words.mean(0).detach().view({1, 1, -1}).expand_as(q).contiguous();
        }
        const auto t = h.size(1), nq = q.size(1);
        auto score = [&](const torch::Tensor& hh, const torch::Tensor& qq, std::int64_t rows) {
            auto fwd = net->forward(hh, batch.itemsReal.expand({rows, t}), qq,
                                    batch.wordsReal.expand({rows, nq}), false);
            return (fwd.user * targetRow).sum(-1); // [rows]
        };
        PathGradients out;
        out.length = static_cast<int>(players.size());
        out.components = {"embedding"};
        out.alphas = alphas;
        {
            torch::NoGradGuard noGrad;
            auto s = score(torch::cat({bh, h}), torch::cat({bq, q}), 2);
            out.scoreBaseline = s[0].item<float>();
            out.scoreInput = s[1].item<float>();
        }
        const auto slots = slotsOf(*this, players, t, request.history.size());
        constexpr std::size_t kPerChunk = 64; // path points per forward/backward pass
        for (std::size_t a0 = 0; a0 < alphas.size(); a0 += kPerChunk) {
            const std::size_t n = std::min(kPerChunk, alphas.size() - a0);
            std::vector<float> av(alphas.begin() + static_cast<std::ptrdiff_t>(a0),
                                  alphas.begin() + static_cast<std::ptrdiff_t>(a0 + n));
            const auto rows = static_cast<std::int64_t>(n);
            auto alpha = torch::from_blob(av.data(), {rows, 1, 1}, torch::kFloat).clone();
            auto hl = (bh + alpha * (h - bh)).detach().requires_grad_(true);
            auto ql = (bq + alpha * (q - bq)).detach().requires_grad_(true);
            auto logits = score(hl, ql, rows);
            auto grads = torch::autograd::grad({logits.sum()}, {hl, ql});
            const auto pointScores = toVector(logits.detach());
            out.scores.insert(out.scores.end(), pointScores.begin(), pointScores.end());
            auto dh = (grads[0] * (h - bh)).sum(-1).contiguous(); // [n, T]
            auto dq = (grads[1] * (q - bq)).sum(-1).contiguous(); // [n, Q]
            auto ah = dh.accessor<float, 2>();
            auto aq = dq.accessor<float, 2>();
            for (std::int64_t r = 0; r < rows; ++r) {
                std::vector<float> perPlayer;
                perPlayer.reserve(slots.size());
                for (const Slot& s : slots)
                    perPlayer.push_back(s.word ? aq[r][s.index] : ah[r][s.index]);
                out.values.push_back({std::move(perPlayer)});
            }
        }
        return out;
    });
}

} // namespace reclens::search
