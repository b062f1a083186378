// ExplainConfig ↔ JSON and the stable names of its enums (the only place; keys documented in
// docs/explanation-schema.json). Missing keys keep their defaults.

#include "explain/explainconfigjson.h"

#include <stdexcept>

namespace reclens {

using nlohmann::json;

const char* igBaselineName(IgBaseline b) {
    switch (b) {
    case IgBaseline::MeanItem:
        return "mean_item";
    case IgBaseline::Sampled:
        return "sampled";
    case IgBaseline::Padding:
        break;
    }
    return "padding";
}

bool parseIgBaseline(const std::string& name, IgBaseline& out) {
    for (IgBaseline b : {IgBaseline::Padding, IgBaseline::MeanItem, IgBaseline::Sampled})
        if (name == igBaselineName(b)) {
            out = b;
            return true;
        }
    return false;
}

const char* igRuleName(IgRule r) {
    switch (r) {
    case IgRule::Midpoint:
        return "midpoint";
    case IgRule::Trapezoid:
        return "trapezoid";
    case IgRule::Simpson:
        return "simpson";
    case IgRule::GaussLegendre:
        return "gauss_legendre";
    case IgRule::Adaptive:
        return "adaptive";
    }
    return "trapezoid";
}

bool parseIgRule(const std::string& name, IgRule& out) {
    for (IgRule r : {IgRule::Midpoint, IgRule::Trapezoid, IgRule::Simpson, IgRule::GaussLegendre,
                     IgRule::Adaptive})
        if (name == igRuleName(r)) {
            out = r;
            return true;
        }
    return false;
}

const char* counterfactualGoalName(CounterfactualGoal g) {
    return g == CounterfactualGoal::ReplaceTop1 ? "replace_top1" : "leave_top_k";
}

const char* historyEditKindName(HistoryEdit::Kind k) {
    switch (k) {
    case HistoryEdit::Kind::Remove:
        return "remove";
    case HistoryEdit::Kind::Insert:
        return "insert";
    case HistoryEdit::Kind::Move:
        return "move";
    case HistoryEdit::Kind::Replace:
        return "replace";
    }
    return "remove";
}

json explainConfigToJson(const ExplainConfig& c) {
    const ExplainMethods& m = c.methods;
    return {{"k", c.k},
            {"whatif_k", c.whatIfK},
            {"ig_baseline", igBaselineName(c.igBaseline)},
            {"ig_baseline_samples", c.igBaselineSamples},
            {"ig_rule", igRuleName(c.igRule)},
            {"ig_start_steps", c.igStartSteps},
            {"ig_max_steps", c.igMaxSteps},
            {"ig_tolerance", c.igTolerance},
            {"ig_small_delta", c.igSmallDelta},
            {"shapley_exact_limit", c.shapleyExactLimit},
            {"shapley_exact_on_last_items", c.shapleyExactOnLastItems},
            {"shapley_permutations", c.shapleyPermutations},
            {"shapley_orders_per_group", c.shapleyOrdersPerGroup},
            {"shapley_newest_samples", c.shapleyNewestSamples},
            {"counterfactual_budget", c.counterfactualBudget},
            {"counterfactual_max_removals", c.counterfactualMaxRemovals},
            {"counterfactual_goal", counterfactualGoalName(c.counterfactualGoal)},
            {"faithfulness_curve_points", c.faithfulnessCurvePoints},
            {"faithfulness_random_orders", c.faithfulnessRandomOrders},
            {"lxr", c.lxr},
            {"seed", c.seed},
            {"threads", c.threads},
            {"methods",
             {{"attention", m.attention},
              {"grad", m.gradient},
              {"ig", m.ig},
              {"loo", m.loo},
              {"shapley", m.shapley},
              {"whatif", m.whatIf},
              {"counterfactual", m.counterfactual},
              {"faithfulness", m.faithfulness},
              {"features", m.features},
              {"list_shapley", m.listShapley}}}};
}

ExplainConfig explainConfigFromJson(const json& j) {
    ExplainConfig c;
    try {
        auto get = [&](const char* key, auto& field) {
            if (j.contains(key))
                field = j.at(key).get<std::decay_t<decltype(field)>>();
        };
        get("k", c.k);
        get("whatif_k", c.whatIfK);
        if (j.contains("ig_baseline") &&
            !parseIgBaseline(j.at("ig_baseline").get<std::string>(), c.igBaseline))
            throw std::invalid_argument("explain config: unknown ig_baseline '" +
                                        j.at("ig_baseline").get<std::string>() + "'");
        get("ig_baseline_samples", c.igBaselineSamples);
        if (j.contains("ig_rule") && !parseIgRule(j.at("ig_rule").get<std::string>(), c.igRule))
            throw std::invalid_argument("explain config: unknown ig_rule '" +
                                        j.at("ig_rule").get<std::string>() + "'");
        get("ig_start_steps", c.igStartSteps);
        get("ig_max_steps", c.igMaxSteps);
        get("ig_tolerance", c.igTolerance);
        get("ig_small_delta", c.igSmallDelta);
        get("shapley_exact_limit", c.shapleyExactLimit);
        get("shapley_exact_on_last_items", c.shapleyExactOnLastItems);
        get("shapley_permutations", c.shapleyPermutations);
        get("shapley_orders_per_group", c.shapleyOrdersPerGroup);
        get("shapley_newest_samples", c.shapleyNewestSamples);
        get("counterfactual_budget", c.counterfactualBudget);
        get("counterfactual_max_removals", c.counterfactualMaxRemovals);
        if (j.contains("counterfactual_goal"))
            c.counterfactualGoal = j.at("counterfactual_goal").get<std::string>() == "replace_top1"
                                       ? CounterfactualGoal::ReplaceTop1
                                       : CounterfactualGoal::LeaveTopK;
        get("faithfulness_curve_points", c.faithfulnessCurvePoints);
        get("faithfulness_random_orders", c.faithfulnessRandomOrders);
        get("lxr", c.lxr);
        get("seed", c.seed);
        get("threads", c.threads);
        if (j.contains("methods")) {
            const json& m = j.at("methods");
            auto flag = [&](const char* key, bool& field) {
                if (m.contains(key))
                    field = m.at(key).get<bool>();
            };
            flag("attention", c.methods.attention);
            flag("grad", c.methods.gradient);
            flag("ig", c.methods.ig);
            flag("loo", c.methods.loo);
            flag("shapley", c.methods.shapley);
            flag("whatif", c.methods.whatIf);
            flag("counterfactual", c.methods.counterfactual);
            flag("faithfulness", c.methods.faithfulness);
            flag("features", c.methods.features);
            flag("list_shapley", c.methods.listShapley);
        }
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("explain config: ") + e.what());
    }
    return c;
}

} // namespace reclens
