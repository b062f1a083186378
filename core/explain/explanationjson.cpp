// Explanation structs → JSON (the only place). Keys are snake_case and documented in
// docs/explanation-schema.json; extend, never rename. The config round trip is in
// explainconfigjson.cpp, the merchant view in merchantjson.cpp.

#include "explain/explanationjson.h"

#include "explain/itemrefjson.h"

namespace reclens {

using nlohmann::json;

namespace explainjson {

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

} // namespace explainjson

namespace {

using explainjson::itemId;
using explainjson::itemRef;

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

} // namespace reclens
