#pragma once
// JSON of a search explanation: the engine's explanation object (explain/explanationjson.h,
// the one mapping of the bundle) with its "history" and "attributions" cut to the purchases,
// plus the search-only keys. Documented in docs/cli-json.md ("explain --query").

#include "search/searchexplain.h"

#include <nlohmann/json.hpp>

namespace reclens::search {

/// Keys added to explanationToJson's object: "query", "query_terms" [{"term", "known",
/// "player"}], "players" (the joint sequence the engine explained: purchases then words;
/// positions in "loo", "shapley", "faithfulness", "counterfactual" and "verified_facts" index
/// it), "query_attributions" (method → values aligned with query_terms),
/// "counterfactual_history" and "counterfactual_query" (counterfactual objects plus
/// "fresh_rank"; null when not computed), "split", "lexical_matches", "attention_tokens" (a
/// label per column of "attention": {"kind": "purchase", ...the player}, {"kind": "word",
/// "term"} or {"kind": "search", "term": "SEARCH"} for the token whose row scores; null without
/// attention). "summary" is the search sentence.
nlohmann::json searchExplanationToJson(const SearchExplanation& e, const Dataset& ds,
                                       const std::string& userId);

} // namespace reclens::search
