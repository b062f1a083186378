#pragma once
// The ONE place explanation structs become JSON (schema: docs/explanation-schema.json).
// Items are written as their source ids (Dataset::items[i].id) with titles where useful, so the
// output is readable without the dataset; nothing here throws for valid structs. The config
// round trip is in explain/explainconfigjson.h, the merchant view in explain/merchantjson.h.

#include "explain/explainconfigjson.h"
#include "explain/explanation.h"

#include <nlohmann/json.hpp>

namespace reclens {

/// The full explanation object (what `reclens-cli explain --json` prints). Top-level keys:
/// "user", "history", "target", "k", "top_k", "attributions", "ig_completeness_error",
/// "ig", "attention", "loo", "shapley", "list_shapley", "features", "whatif", "counterfactual",
/// "faithfulness", "lxr", "verified_facts", "summary", "timings_ms", "cancelled", "unavailable"
/// (method → why it was not computed). Parts not computed are null.
nlohmann::json explanationToJson(const ExplanationBundle& bundle, const Dataset& ds,
                                 const std::string& userId);

/// "list_shapley" of the explanation object (ListShapleyExplanation).
nlohmann::json listShapleyToJson(const ListShapleyExplanation& l, const Dataset& ds);
/// What `reclens-cli explain --top-k-all --json` prints: {"user", "k", "explanations": [one
/// explanation object per bundle, in rank order]} (schema: $defs.top_k_all).
nlohmann::json topKToJson(const std::vector<ExplanationBundle>& bundles, const Dataset& ds,
                          const std::string& userId);

nlohmann::json whatIfToJson(const WhatIfResult& w, const Dataset& ds);
nlohmann::json counterfactualToJson(const CounterfactualResult& c, const Dataset& ds);
nlohmann::json whyAboveToJson(const WhyAboveResult& w, const Dataset& ds);
nlohmann::json faithfulnessToJson(const FaithfulnessReport& f);
/// LXR POS@k / NEG@k curves (the bundle's "lxr" key; also an aggregate over customers).
nlohmann::json lxrToJson(const LxrReport& r);
nlohmann::json attentionToJson(const AttentionExplanation& a);

} // namespace reclens
