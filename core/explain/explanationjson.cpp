// Explanation structs → JSON (the only place). Keys are snake_case and documented in
// docs/explanation-schema.json; extend, never rename.

#include "explain/explanationjson.h"

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

namespace {

json itemId(const Dataset& ds, ItemIndex i) {
    if (i < 0 || static_cast<size_t>(i) >= ds.items.size())
        return nullptr;
    return ds.items[static_cast<size_t>(i)].id;
}

json itemRef(const Dataset& ds, ItemIndex i) {
    json j = {{"item", itemId(ds, i)}, {"title", ""}};
    if (i >= 0 && static_cast<size_t>(i) < ds.items.size())
        j["title"] = ds.items[static_cast<size_t>(i)].title;
    return j;
}

/// A history entry: a catalog item, or a player that is not one (a search explanation's query
/// word), labelled by its word with "kind": "query_word".
json playerRef(const Dataset& ds, const ExtraPlayers& extra, ItemIndex i) {
    if (!extra.contains(i))
        return itemRef(ds, i);
    return {{"item", nullptr}, {"title", extra.name(i)}, {"kind", "query_word"}};
}

json ranked(const Dataset& ds, const std::vector<RankedItem>& v) {
    json a = json::array();
    for (const auto& r : v) {
        json j = itemRef(ds, r.item);
        j["score"] = r.score;
        j["rank"] = r.rank;
        a.push_back(j);
    }
    return a;
}

json changes(const Dataset& ds, const std::vector<RankChange>& v) {
    json a = json::array();
    for (const auto& c : v) {
        json j = itemRef(ds, c.item);
        j["old_rank"] = c.oldRank;
        j["new_rank"] = c.newRank;
        j["old_score"] = c.oldScore;
        j["new_score"] = c.newScore;
        a.push_back(j);
    }
    return a;
}

json ids(const Dataset& ds, const std::vector<ItemIndex>& v) {
    json a = json::array();
    for (ItemIndex i : v)
        a.push_back(itemId(ds, i));
    return a;
}

} // namespace

json attentionToJson(const AttentionExplanation& a) {
    json heads = json::array();
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h)
            heads.push_back({{"layer", l},
                             {"head", h},
                             {"last_row", a.lastRow[static_cast<size_t>(l * a.heads + h)]}});
    return {{"layers", a.layers},
            {"heads", a.heads},
            {"length", a.length},
            {"last_row", heads},
            {"rollout", a.rollout}};
}

json whatIfToJson(const WhatIfResult& w, const Dataset& ds) {
    json edits = json::array();
    for (const auto& e : w.edits)
        edits.push_back({{"kind", historyEditKindName(e.kind)},
                         {"position", e.position},
                         {"item", itemId(ds, e.item)},
                         {"to_position", e.toPosition}});
    json target = itemRef(ds, w.target);
    target["old_rank"] = w.targetChange.oldRank;
    target["new_rank"] = w.targetChange.newRank;
    target["old_score"] = w.targetChange.oldScore;
    target["new_score"] = w.targetChange.newScore;
    return {{"edits", edits},
            {"edited_history", ids(ds, w.edited)},
            {"before_top_k", ranked(ds, w.before)},
            {"top_k", ranked(ds, w.after)},
            {"moved_in", changes(ds, w.movedIn)},
            {"moved_out", changes(ds, w.movedOut)},
            {"target", target},
            {"target_new_rank", w.targetChange.newRank},
            {"verified", w.verified}};
}

json counterfactualToJson(const CounterfactualResult& c, const Dataset& ds) {
    return {{"found", c.found},
            {"goal", counterfactualGoalName(c.goal)},
            {"k", c.k},
            {"removed", ids(ds, c.removedItems)},
            {"removed_positions", c.removedPositions},
            {"original_rank", c.originalRank},
            {"new_rank", c.found ? json(c.newRank) : json(nullptr)},
            {"new_score", c.found ? json(c.newScore) : json(nullptr)},
            {"replacement", itemId(ds, c.replacement)},
            {"verified", c.verified},
            {"evaluations", c.evaluations},
            {"budget", c.budget},
            {"message", c.message}};
}

json whyAboveToJson(const WhyAboveResult& w, const Dataset& ds) {
    return {{"a", itemRef(ds, w.a)},
            {"b", itemRef(ds, w.b)},
            {"score_a", w.scoreA},
            {"score_b", w.scoreB},
            {"found", w.found},
            {"removed", ids(ds, w.removedItems)},
            {"removed_positions", w.removedPositions},
            {"new_score_a", w.newScoreA},
            {"new_score_b", w.newScoreB},
            {"verified", w.verified},
            {"evaluations", w.evaluations},
            {"budget", w.budget},
            {"message", w.message}};
}

json faithfulnessToJson(const FaithfulnessReport& f) {
    json methods = json::object();
    for (const auto& m : f.methods)
        methods[m.method] = {
            {"deletion_auc", m.deletionAuc},
            {"insertion_auc", m.insertionAuc},
            {"fractions", m.fractions},
            {"comprehensiveness", m.comprehensiveness},
            {"sufficiency", m.sufficiency},
            {"curve_x", m.curveX},
            {"deletion_scores", m.deletionScores},
            {"deletion_ranks", m.deletionRanks},
            {"insertion_scores", m.insertionScores},
            {"insertion_ranks", m.insertionRanks},
        };
    return methods;
}

// --- LXR POS@k / NEG@k (lxrtypes.h): every per-k array is aligned with "ks". -------------

namespace {

json lxrCurveToJson(const LxrCurve& c) {
    return {{"scores", c.scores}, {"ranks", c.ranks}, {"in_top_k", c.inTopK}, {"areas", c.areas}};
}

json lxrMethodToJson(const LxrMethodCurves& m) {
    return {{"pos", lxrCurveToJson(m.pos)},
            {"neg", lxrCurveToJson(m.neg)},
            {"pos_fixed", lxrCurveToJson(m.posFixed)},
            {"neg_fixed", lxrCurveToJson(m.negFixed)},
            {"customers", m.customers},
            {"fixed_customers", m.fixedCustomers}};
}

} // namespace

json lxrToJson(const LxrReport& r) {
    json methods = json::object();
    for (const auto& m : r.methods)
        methods[m.method] = lxrMethodToJson(m);
    json refs = json::object();
    for (const auto& m : r.references)
        refs[m.method] = lxrMethodToJson(m);
    return {{"ks", r.ks},
            {"fractions", r.fractions},
            {"removed_counts", r.removedCounts},
            {"fixed_counts", r.fixedCounts},
            {"random_orders", r.randomOrders},
            {"customers", r.customers},
            {"methods", methods},
            {"references", refs}};
}

// --- end of LXR ---------------------------------------------------------------------------

namespace {

json faithfulnessReference(const FaithfulnessReport& f) {
    json heads = json::array();
    for (const auto& h : f.heads)
        heads.push_back(
            {{"layer", h.layer}, {"head", h.head}, {"kendall_tau_vs_loo", h.kendallTau}});
    return {{"random_deletion_auc", f.randomDeletionAuc},
            {"random_insertion_auc", f.randomInsertionAuc},
            {"score_full", f.scoreFull},
            {"score_empty", f.scoreEmpty},
            {"curve_low", f.curveLow},
            {"curve_high", f.curveHigh},
            {"attention_heads", heads}};
}

} // namespace

json listShapleyToJson(const ListShapleyExplanation& l, const Dataset& ds) {
    json list = json::array();
    for (ItemIndex i : l.list)
        list.push_back(itemRef(ds, i));
    const ShapleyExplanation& s = l.shapley;
    return {{"k", l.k},
            {"list", list},
            {"values", s.values},
            {"exact", s.exact},
            {"players", s.players},
            {"std_errors", s.stdErrors},
            {"permutations", s.permutations},
            {"evaluations", s.evaluations},
            {"value_all", s.scoreAll},
            {"value_empty", s.scoreEmpty},
            {"efficiency_gap", s.efficiencyGap}};
}

json topKToJson(const std::vector<ExplanationBundle>& bundles, const Dataset& ds,
                const std::string& userId) {
    json all = json::array();
    for (const auto& b : bundles)
        all.push_back(explanationToJson(b, ds, userId));
    return {{"user", userId}, {"k", static_cast<int>(bundles.size())}, {"explanations", all}};
}

json explanationToJson(const ExplanationBundle& b, const Dataset& ds, const std::string& userId) {
    json j;
    j["user"] = userId;
    json hist = json::array();
    for (ItemIndex i : b.history)
        hist.push_back(playerRef(ds, b.extraPlayers, i));
    j["history"] = hist;
    json target = itemRef(ds, b.target);
    target["score"] = b.targetScore;
    target["rank"] = b.targetRank;
    j["target"] = target;
    j["k"] = b.k;
    j["top_k"] = ranked(ds, b.topK);
    json attr = json::object();
    json unsignedMethods = json::array();
    for (const auto& a : b.attributions) {
        attr[a.method] = a.values;
        if (!isSignedMethod(a.method))
            unsignedMethods.push_back(a.method);
    }
    j["attributions"] = attr;
    j["unsigned_attributions"] = unsignedMethods;
    j["ig_completeness_error"] = b.ig ? json(b.ig->completenessError) : json(nullptr);
    j["ig"] = nullptr;
    if (b.ig)
        j["ig"] = {{"baseline", igBaselineName(b.ig->baseline)},
                   {"rule", igRuleName(b.ig->rule)},
                   {"steps_used", b.ig->stepsUsed},
                   {"steps_tried", b.ig->stepsTried},
                   {"gradient_evaluations", b.ig->gradientEvaluations},
                   {"score_input", b.ig->scoreInput},
                   {"score_baseline", b.ig->scoreBaseline},
                   {"completeness_error", b.ig->completenessError},
                   {"completeness_abs_error", b.ig->completenessAbsError},
                   {"criterion", b.ig->absoluteCriterion ? "absolute" : "relative"},
                   {"converged", b.ig->converged}};
    if (b.ig) {
        // Σ attributions was compared with f(x) − f(baseline) as scored by IG's own path pass
        // (its endpoints), not by a separate scoring call.
        j["ig"]["completeness_scores"] = "path_forward_pass";
        if (b.ig->baseline == IgBaseline::Sampled) {
            j["ig"]["baseline_combination"] = "mean";
            json list = json::array();
            for (const IgSampledBaseline& s : b.ig->sampled) {
                json hist = json::array();
                for (ItemIndex i : s.history)
                    hist.push_back(ds.items[static_cast<size_t>(i)].id);
                const bool known = s.user >= 0 && s.user < static_cast<int>(ds.users.size());
                list.push_back({{"user", known ? json(ds.users[static_cast<size_t>(s.user)].id)
                                               : json(nullptr)},
                                {"history", hist},
                                {"score_baseline", s.scoreBaseline},
                                {"completeness_error", s.completenessError},
                                {"completeness_abs_error", s.completenessAbsError},
                                {"criterion", s.absoluteCriterion ? "absolute" : "relative"},
                                {"converged", s.converged},
                                {"steps_used", s.stepsUsed},
                                {"gradient_evaluations", s.gradientEvaluations},
                                {"attributions", s.values}});
            }
            j["ig"]["sampled_baselines"] = list;
        }
    }
    j["unavailable"] = b.unavailable;
    j["attention"] = b.attention ? attentionToJson(*b.attention) : json(nullptr);
    j["loo"] = nullptr;
    if (b.loo)
        j["loo"] = {{"base_score", b.loo->baseScore},
                    {"base_rank", b.loo->baseRank},
                    {"scores", b.loo->scores},
                    {"ranks", b.loo->ranks},
                    {"occlusion_scores", b.loo->occlusionScores},
                    {"occlusion_ranks", b.loo->occlusionRanks}};
    j["shapley"] = nullptr;
    if (b.shapley)
        j["shapley"] = {
            {"exact", b.shapley->exact},
            {"players", b.shapley->players},
            {"std_errors", b.shapley->stdErrors},
            {"permutations", b.shapley->permutations},
            {"evaluations", b.shapley->evaluations},
            {"score_all", b.shapley->scoreAll},
            {"score_empty", b.shapley->scoreEmpty},
            {"efficiency_gap", b.shapley->efficiencyGap},
            {"efficiency_reference",
             b.shapley->efficiencyIndependent ? "fresh_pass" : "coalition_table"},
            {"fresh_score_all",
             b.shapley->efficiencyIndependent ? json(b.shapley->freshScoreAll) : json(nullptr)},
            {"fresh_score_empty",
             b.shapley->efficiencyIndependent ? json(b.shapley->freshScoreEmpty) : json(nullptr)}};
    j["list_shapley"] = b.listShapley ? listShapleyToJson(*b.listShapley, ds) : json(nullptr);
    j["features"] = nullptr;
    if (b.features) {
        json comps = json::object();
        for (size_t i = 0; i < b.features->components.size(); ++i)
            comps[b.features->components[i]] = b.features->totals[i];
        auto named = [](const std::vector<NamedValue>& v) {
            json a = json::array();
            for (const auto& n : v)
                a.push_back({{"name", n.name}, {"value", n.value}});
            return a;
        };
        j["features"] = {{"components", comps},
                         {"by_category", named(b.features->byCategory)},
                         {"by_brand", named(b.features->byBrand)}};
    }
    j["whatif"] = b.whatIf ? whatIfToJson(*b.whatIf, ds) : json(nullptr);
    j["counterfactual"] =
        b.counterfactual ? counterfactualToJson(*b.counterfactual, ds) : json(nullptr);
    j["faithfulness"] = b.faithfulness ? faithfulnessToJson(*b.faithfulness) : json(nullptr);
    j["faithfulness_reference"] =
        b.faithfulness ? faithfulnessReference(*b.faithfulness) : json(nullptr);
    j["verified_facts"] = nullptr;
    if (b.facts.checked) {
        const VerifiedFacts& f = b.facts;
        j["verified_facts"] = {
            {"target_rank", f.targetRank},
            {"target_score", f.targetScore},
            {"rank_agrees", f.rankAgrees},
            {"loo_ranks", f.looRanks},
            {"loo_agrees", f.looAgrees},
            {"occlusion_ranks", f.occlusionRanks},
            {"occlusion_agrees", f.occlusionAgrees},
            {"cause_position", f.causePosition >= 0 ? json(f.causePosition) : json(nullptr)},
            {"cause",
             f.causePosition >= 0 && static_cast<size_t>(f.causePosition) < b.history.size()
                 ? playerRef(ds, b.extraPlayers, b.history[static_cast<size_t>(f.causePosition)])
                 : json(nullptr)},
            {"cause_evidence", f.causeEvidence}};
    }
    j["lxr"] =
        b.faithfulness && b.faithfulness->lxr ? lxrToJson(*b.faithfulness->lxr) : json(nullptr);
    j["summary"] = b.summary;
    j["timings_ms"] = b.timingsMs;
    j["cancelled"] = b.cancelled;
    return j;
}

namespace {

json intervalJson(const ConfidenceInterval& ci) {
    return json::array({ci.lo, ci.hi});
}

// The merchant view's segment, top-K customers, confidence intervals, comparison and what-if.
void addMerchantDetailsJson(json& out, const MerchantExplanation& m, const Dataset& ds) {
    out["users_eligible"] = m.usersEligible;
    out["seed"] = m.seed;
    out["segment"] = {{"min_history_length", m.segment.minHistoryLength},
                      {"max_history_length", m.segment.maxHistoryLength},
                      {"category", m.segment.category}};
    json customers = json::array();
    for (const MerchantCustomer& c : m.customers)
        customers.push_back({{"user", ds.users[static_cast<size_t>(c.user)].id},
                             {"rank", c.rank},
                             {"history_length", c.historyLength}});
    out["customers"] = customers;
    out["customers_capped"] = m.customersCapped;
    out["confidence"] = m.sampled ? json{{"level", 0.95},
                                         {"top_k_share", intervalJson(m.topKShareCi)},
                                         {"exposure_share", intervalJson(m.exposureShareCi)},
                                         {"mean_rank", intervalJson(m.meanRankCi)}}
                                  : json(nullptr);
    if (m.comparison) {
        const MerchantComparison& c = *m.comparison;
        out["comparison"] = {
            {"other", itemRef(ds, c.other)},
            {"other_in_top_k", c.otherInTopK},
            {"other_top_k_share", c.otherTopKShare},
            {"other_mean_rank", c.otherMeanRank},
            {"other_top_k_share_ci", m.sampled ? intervalJson(c.otherTopKShareCi) : json(nullptr)},
            {"other_mean_rank_ci", m.sampled ? intervalJson(c.otherMeanRankCi) : json(nullptr)},
            {"item_ahead", c.itemAhead},
            {"other_ahead", c.otherAhead},
            {"tied", c.tied},
            {"both_in_top_k", c.bothInTopK}};
    } else {
        out["comparison"] = nullptr;
    }
    if (m.whatIf) {
        const MerchantWhatIf& w = *m.whatIf;
        out["what_if"] = {{"added", itemRef(ds, w.added)},
                          {"users", w.users},
                          {"users_sampled", w.usersSampled},
                          {"in_top_k_before", w.inTopKBefore},
                          {"in_top_k_after", w.inTopKAfter},
                          {"mean_rank_before", w.meanRankBefore},
                          {"mean_rank_after", w.meanRankAfter},
                          {"improved", w.improved},
                          {"worsened", w.worsened}};
    } else {
        out["what_if"] = nullptr;
    }
    out["summary_sentence"] = merchantSummarySentence(m, ds);
}

} // namespace

json merchantToJson(const MerchantExplanation& m, const Dataset& ds) {
    json bins = json::array();
    for (size_t i = 0; i < m.rankBinEdges.size(); ++i)
        bins.push_back({{"from", m.rankBinEdges[i]},
                        {"to", i + 1 < m.rankBinEdges.size() ? json(m.rankBinEdges[i + 1] - 1)
                                                             : json(nullptr)},
                        {"users", m.rankHistogram[i]}});
    json drivers = json::array();
    for (const auto& d : m.drivers) {
        json j = itemRef(ds, d.item);
        j["users"] = d.users;
        j["verified_drops"] = d.verifiedDrops;
        j["mean_score_drop"] = d.meanScoreDrop;
        drivers.push_back(j);
    }
    auto named = [](const std::vector<NamedCount>& v) {
        json a = json::array();
        for (const auto& n : v)
            a.push_back(
                {{"name", n.name}, {"users", n.users}, {"mean_score_drop", n.meanScoreDrop}});
        return a;
    };
    json out = {{"item", itemRef(ds, m.item)},
                {"k", m.k},
                {"users_total", m.totalUsers},
                {"users_considered", m.usersConsidered},
                {"sampled", m.sampled},
                {"in_top_k", m.inTopK},
                {"top_k_share", m.topKShare},
                {"rank_histogram", bins},
                {"mean_rank", m.meanRank},
                {"median_rank", m.medianRank},
                {"best_rank", m.bestRank},
                {"exposure_share", m.exposureShare},
                {"popularity_share", m.popularityShare},
                {"exposure_lift", m.exposureLift},
                {"driver_users", m.driverUsers},
                {"driver_users_sampled", m.driverUsersSampled},
                {"drivers", drivers},
                {"driver_categories", named(m.driverCategories)},
                {"driver_brands", named(m.driverBrands)},
                {"cancelled", m.cancelled},
                {"seconds", m.seconds}};
    addMerchantDetailsJson(out, m, ds);
    return out;
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
