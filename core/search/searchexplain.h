#pragma once
// Why one search result is where it is: the explanation engine (explain/explain.h) run on the
// search ranker through SearchPlayerModel, so the purchases and the query words are players of
// the same methods (leave-one-out, gradients, integrated gradients, Shapley, counterfactuals,
// faithfulness). Added on top, from fresh SearchModel::scoreAll passes: the split into the
// query alone and the history alone with the personalisation gate, the smallest set of
// purchases and the smallest set of query words whose removal drops the result out of the
// top-K, and the query words found in the item's title or category.

#include "explain/explanation.h"
#include "search/searchmodel.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace reclens::search {

struct QueryTerm {
    std::string token;   // as tokenized from the query text
    text::WordId id = 0; // Vocabulary::kUnknown for a word the model does not know
    bool known = false;  // id != kUnknown
    int player = 0;      // its position in ExplanationBundle::history (the joint sequence)
};

/// Score and rank (1 + items scored strictly higher) of the result with the query only (empty
/// history), the history only (empty query) and both, each with its gate g in (0, 1).
struct SearchSplit {
    float score = 0.0f, queryOnlyScore = 0.0f, historyOnlyScore = 0.0f;
    int rank = 0, queryOnlyRank = 0, historyOnlyRank = 0;
    float gate = 0.0f, queryOnlyGate = 0.0f, historyOnlyGate = 0.0f;
};

/// A minimal counterfactual restricted to one kind of player, re-checked outside the adapter.
struct KindCounterfactual {
    CounterfactualResult result; // positions index the joint sequence
    /// The result's rank without the removed players, from a SearchModel::scoreAll pass of a
    /// request built directly from the purchases and words (not through SearchPlayerModel);
    /// result.verified also requires it to equal result.newRank and to be outside the top-K.
    int freshRank = 0;
};

struct SearchExplanation {
    /// The engine's bundle over the joint sequence: history = the purchases (oldest first) then
    /// the query words, labelled through bundle.extraPlayers.
    ExplanationBundle bundle;
    int purchaseCount = 0; // bundle.history[0, purchaseCount) are purchases, the rest words
    std::string query;
    std::vector<QueryTerm> queryTerms; // aligned with bundle.history[purchaseCount...]
    SearchSplit split;
    std::vector<std::string> lexicalMatches; // query terms in the item's title/category words
    std::optional<KindCounterfactual> counterfactualPurchases;
    std::optional<KindCounterfactual> counterfactualQuery;
    std::string summary; // plain language from verified facts only

    /// An attribution's values for the purchases / for the query words.
    std::vector<float> purchasePart(const std::vector<float>& values) const;
    std::vector<float> queryPart(const std::vector<float>& values) const;
};

/// Explains `item`'s place in the results of `queryText` for a customer with `history` (their
/// last maxLength purchases are read; the first maxQueryWords words of the query). item = -1
/// explains the top result. config.methods chooses the engine's methods; the kind-restricted
/// counterfactuals run when config.methods.counterfactual and leave-one-out are on. A query
/// may tokenize to nothing (the purchases are then the only players); no purchases and no
/// query words, or an item outside the catalog, give std::invalid_argument. config.k and
/// config.whatIfK are capped at the catalog size.
SearchExplanation explainSearchResult(const SearchModel& model, const Dataset& ds,
                                      const History& history, const std::string& queryText,
                                      ItemIndex item, const ExplainConfig& config,
                                      const std::function<bool()>& shouldStop = {});

/// Each of the top-k results of `queryText` explained at once: the engine's explainTopK
/// (shared leave-one-out and Shapley coalitions, one IG per result) through SearchPlayerModel,
/// with config.methods among loo, ig and shapley; each result also gets its split and lexical
/// matches (kind counterfactuals are left out, as explainTopK leaves counterfactuals out). k is
/// capped at the catalog size. Errors as explainSearchResult.
std::vector<SearchExplanation> explainSearchTopK(const SearchModel& model, const Dataset& ds,
                                                 const History& history,
                                                 const std::string& queryText, int k,
                                                 const ExplainConfig& config,
                                                 const std::function<bool()>& shouldStop = {});

/// The plain-language sentence of a search explanation (SearchExplanation::summary).
std::string buildSearchSummary(const Dataset& ds, const SearchExplanation& e);

} // namespace reclens::search
