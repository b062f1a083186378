#pragma once
// ExplainConfig <-> JSON (the GUI stores it in settings; reports record what was run) and the
// stable names of its enums, used as JSON values and CLI option values.

#include "explain/explainconfig.h"

#include <nlohmann/json.hpp>

#include <string>

namespace reclens {

/// Stable method names used as JSON keys.
const char* igBaselineName(IgBaseline b); // "padding" | "mean_item" | "sampled"
/// The baseline named by igBaselineName; false for an unknown name.
bool parseIgBaseline(const std::string& name, IgBaseline& out);
const char* igRuleName(IgRule r); // "midpoint" | "trapezoid" | "simpson" | "gauss_legendre"
/// The rule named by igRuleName; false for an unknown name.
bool parseIgRule(const std::string& name, IgRule& out);
const char* counterfactualGoalName(CounterfactualGoal g); // "leave_top_k" | "replace_top1"
const char* historyEditKindName(HistoryEdit::Kind k); // "remove" | "insert" | "move" | "replace"

/// Config round trip (the GUI stores it in settings; reports record what was run).
nlohmann::json explainConfigToJson(const ExplainConfig& c);
/// Missing keys keep their defaults; wrong types give std::invalid_argument.
ExplainConfig explainConfigFromJson(const nlohmann::json& j);

} // namespace reclens
