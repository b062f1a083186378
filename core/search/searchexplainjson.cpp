// searchExplanationToJson(): the engine's explanation object, split into purchases and words.

#include "search/searchexplainjson.h"

#include "explain/explanationjson.h"

namespace reclens::search {

using nlohmann::json;

namespace {

json kindCounterfactualToJson(const std::optional<KindCounterfactual>& c, const Dataset& ds) {
    if (!c)
        return nullptr;
    json j = counterfactualToJson(c->result, ds);
    j["fresh_rank"] = c->freshRank;
    return j;
}

/// One label per column of the attention maps: each purchase (as in "players"), each query
/// word, then the SEARCH token whose row scores. null without attention.
json attentionTokensToJson(const SearchExplanation& e, const json& players) {
    if (!e.bundle.attention)
        return nullptr;
    json tokens = json::array();
    const int length = e.bundle.attention->length;
    for (int t = 0; t < length; ++t) {
        const auto i = static_cast<std::size_t>(t);
        if (t < e.purchaseCount && i < players.size()) {
            json p = players[i];
            p["kind"] = "purchase";
            tokens.push_back(p);
        } else if (i - static_cast<std::size_t>(e.purchaseCount) < e.queryTerms.size()) {
            tokens.push_back(
                {{"kind", "word"},
                 {"term", e.queryTerms[i - static_cast<std::size_t>(e.purchaseCount)].token}});
        } else {
            tokens.push_back({{"kind", "search"}, {"term", "SEARCH"}});
        }
    }
    return tokens;
}

} // namespace

json searchExplanationToJson(const SearchExplanation& e, const Dataset& ds,
                             const std::string& userId) {
    json j = explanationToJson(e.bundle, ds, userId);
    const auto split = static_cast<std::ptrdiff_t>(e.purchaseCount);
    j["players"] = j["history"];
    json history = json::array();
    for (std::ptrdiff_t i = 0; i < split && i < static_cast<std::ptrdiff_t>(j["players"].size());
         ++i)
        history.push_back(j["players"][static_cast<std::size_t>(i)]);
    j["history"] = history;
    json attributions = json::object(), query = json::object();
    for (const Attribution& a : e.bundle.attributions) {
        attributions[a.method] = e.purchasePart(a.values);
        query[a.method] = e.queryPart(a.values);
    }
    j["attributions"] = attributions;
    j["query_attributions"] = query;
    j["query"] = e.query;
    json terms = json::array();
    for (const QueryTerm& t : e.queryTerms)
        terms.push_back({{"term", t.token}, {"known", t.known}, {"player", t.player}});
    j["query_terms"] = terms;
    if (j["counterfactual"].is_object()) { // the joint search's players by name, words included
        json removed = json::array();
        for (int p : e.bundle.counterfactual->removedPositions)
            removed.push_back(j["players"][static_cast<std::size_t>(p)]);
        j["counterfactual"]["removed_players"] = removed;
    }
    j["counterfactual_history"] = kindCounterfactualToJson(e.counterfactualPurchases, ds);
    j["counterfactual_query"] = kindCounterfactualToJson(e.counterfactualQuery, ds);
    if (e.counterfactualQuery) { // the removed words by name (they have no catalog id)
        json words = json::array();
        for (int p : e.counterfactualQuery->result.removedPositions)
            words.push_back(e.queryTerms[static_cast<std::size_t>(p - e.purchaseCount)].token);
        j["counterfactual_query"]["removed_terms"] = words;
    }
    const SearchSplit& s = e.split;
    j["split"] = {
        {"score", s.score},
        {"rank", s.rank},
        {"gate", s.gate},
        {"query_only",
         {{"score", s.queryOnlyScore}, {"rank", s.queryOnlyRank}, {"gate", s.queryOnlyGate}}},
        {"history_only",
         {{"score", s.historyOnlyScore},
          {"rank", s.historyOnlyRank},
          {"gate", s.historyOnlyGate}}}};
    j["attention_tokens"] = attentionTokensToJson(e, j["players"]);
    j["lexical_matches"] = e.lexicalMatches;
    j["summary"] = e.summary;
    return j;
}

} // namespace reclens::search
