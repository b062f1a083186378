#pragma once
// The search ranker seen by the explanation engine (explain/) as a SequenceModel over ONE joint
// sequence of players: the customer's purchases and the query's words. Every method of the
// engine (leave-one-out, gradients, integrated gradients, Shapley, counterfactuals,
// faithfulness, the memo, the JSON) then explains a search result with the code that explains a
// recommendation; nothing is copied.
//
// Encoding: a purchase keeps its item index 0..N-1; query word w (a word id >= 1 of the model's
// vocabulary, UNK included) is the player N + w. A joint sequence is split back into
// (history, query) keeping the order within each kind, so removing any player re-packs its own
// part (as leave-one-out does for purchases). itemCount() is N + vocabulary size: the extra
// columns of a score row, one per word player, are -infinity, so ranks and top-K lists stay
// ranks among the catalog's items.
//
// Gradients are taken with respect to each player's input embedding (the item's table row, the
// word's embedding), through SearchNet::forward with the real-position masks of the explained
// request; the integrated-gradients baseline is the zero (padding) embedding at every position,
// or the mean item row / mean word embedding. Attention maps are over the players (purchases
// first, then words) and the SEARCH token, the scoring position (SearchModel::attention).

#include "explain/explanation.h"
#include "search/searchmodel.h"

namespace reclens::search {

class SearchPlayerModel final : public SequenceModel {
public:
    explicit SearchPlayerModel(const SearchModel& model);

    const SearchModel& searchModel() const { return m_model; }
    int catalogItems() const { return m_items; }

    /// The joint sequence: `history` (its last maxLength items) then `query` (its first
    /// maxQueryWords words) as word players.
    History players(const History& history, const std::vector<text::WordId>& query) const;
    ItemIndex wordPlayer(text::WordId w) const { return m_items + w; }
    bool isWord(ItemIndex player) const { return player >= m_items; }
    text::WordId wordOf(ItemIndex player) const {
        return static_cast<text::WordId>(player - m_items);
    }
    /// (history, query) of a joint sequence, each kind in its order. A player outside the
    /// encoding, or more purchases / words than the model reads, gives std::invalid_argument.
    SearchRequest split(const History& players) const;
    /// Labels of the word players for the summary and the JSON ("(unknown)" for UNK).
    ExtraPlayers labels() const;

    int itemCount() const override { return m_items + m_words; }
    int maxLength() const override;
    std::vector<float> scoreAll(const std::vector<History>& histories) const override;
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override;
    /// Maps over the players then the SEARCH token (scoringTokens = 1), whose row scores.
    AttentionMaps attention(const History& players) const override;
    EmbeddingGradients gradients(const History& history, ItemIndex target) const override;
    PathGradients pathGradients(const History& history, ItemIndex target, IgBaseline baseline,
                                const std::vector<double>& alphas) const override;

private:
    const SearchModel& m_model;
    int m_items = 0;
    int m_words = 0;
};

} // namespace reclens::search
