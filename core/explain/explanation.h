#pragma once
// Every "why" RecLens shows for one (history, target) pair, as plain structs, plus the entry
// points that compute them. Torch-free: everything runs against the abstract SequenceModel, so
// tests use small hand-made models whose attributions are known exactly.
//
// Conventions used throughout:
//  - Positions index the explained history (0 = oldest). Every per-item vector is aligned
//    with ExplanationBundle::history.
//  - Ranks are 1-based over the candidates of the model passed in: all catalog items for a
//    plain model; the products not yet bought when the caller wraps it in a
//    CandidateFilterModel (explain/candidatefilter.h, "--exclude-bought"), which gives excluded
//    items a score of -infinity. rank = 1 + number of items with a strictly higher logit.
//  - Scores are the model's logits for the target.
//  - Removing an item re-packs the sequence (later items move one step towards the end),
//    never zeroes it: the model sees a genuinely shorter history.
//  - Attribution sign: positive = the item pushes the target's score up.
//  JSON: core/explain/explanationjson.h (the only place structs are mapped to JSON);
//  schema: docs/explanation-schema.json. Settings: explain/explainconfig.h; the merchant view
//  (one product across many customers): explain/merchantexplanation.h.

#include "data/dataset.h"
#include "explain/explainconfig.h"
#include "explain/lxrtypes.h"
#include "model/sequencemodel.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace reclens {

// ---------------------------------------------------------------------------------------------
// Results

struct RankedItem {
    ItemIndex item = -1;
    float score = 0.0f;
    int rank = 0; // 1-based
};

/// Attention from the LAST history position (the one whose output scores the next item).
struct AttentionExplanation {
    int layers = 0;
    int heads = 0;
    int length = 0;
    /// lastRow[layer * heads + head][t]: weight the last position puts on position t.
    std::vector<std::vector<float>> lastRow;
    /// Abnar & Zuidema (2020) rollout: per layer, average heads, add the identity (residual),
    /// renormalise rows, multiply across layers; the last row of the product, per position.
    std::vector<float> rollout;
    /// The full maps as returned by the model (for heatmaps).
    AttentionMaps maps;
};

/// One number per history position for a named method. Method names (stable, used as JSON
/// keys): "attention_rollout", "grad", "grad_x_input", "ig", "loo", "occlusion", "shapley".
/// Signed methods: positive = the item pushes the target's score up. Unsigned ones ("grad",
/// the gradient's L2 norm; "attention_rollout") only say how much, not which way.
struct Attribution {
    std::string method;
    std::vector<float> values;
};

/// Whether a method's numbers carry a sign (see Attribution).
bool isSignedMethod(const std::string& method);
/// Whether the agreement of methods a and b is evidence: false for pairs computed from the same
/// quantity ("grad" and "grad_x_input" both come from one gradient), so the agreement
/// summary leaves them out.
bool independentMethods(const std::string& a, const std::string& b);

/// One baseline of IG with IgBaseline::Sampled (SPINRec): another customer's history, the IG
/// run from it, and that run's completeness (its Σ attributions against f(x) − f(baseline),
/// both scores from its own path pass).
struct IgSampledBaseline {
    int user = -1;              // UserIndex of the customer it comes from (-1: given explicitly)
    History history;            // its last (explained length) items, as aligned at the end
    float scoreBaseline = 0.0f; // f(baseline) from the path pass
    float completenessError = 0.0f;    // relative, as IgExplanation::completenessError
    float completenessAbsError = 0.0f; // logits
    bool absoluteCriterion = false;
    bool converged = false;
    int stepsUsed = 0;
    int gradientEvaluations = 0;
    std::vector<float> values; // this baseline's attributions per position
};

/// Integrated gradients with the step count raised until completeness holds.
struct IgExplanation {
    IgBaseline baseline = IgBaseline::Padding;
    IgRule rule = IgRule::GaussLegendre;
    int stepsUsed = 0;                 // the step count (intervals) of the reported run
    std::vector<int> stepsTried;       // e.g. {32, 64}
    int gradientEvaluations = 0;       // path points evaluated over all tries (the cost)
    float scoreInput = 0.0f;           // f(x)
    float scoreBaseline = 0.0f;        // f(baseline)
    float completenessError = 0.0f;    // |Σ attributions − (f(x) − f(b))| / |f(x) − f(b)|
    float completenessAbsError = 0.0f; // |Σ attributions − (f(x) − f(b))| (logits)
    bool absoluteCriterion = false;    // |f(x) − f(b)| < igSmallDelta: judged by the abs. error
    bool converged = false;    // completenessError < igTolerance (or the absolute criterion holds)
    std::vector<float> values; // per position, all components summed
    std::vector<std::string> components;          // "item", "category", "brand", ...
    std::vector<std::vector<float>> perComponent; // [component][position]
    /// IgBaseline::Sampled: the baselines averaged over (values, perComponent and
    /// scoreBaseline are their means; stepsUsed the largest of their runs, stepsTried each
    /// run's stepsUsed, gradientEvaluations the sum). Empty for the other baselines.
    std::vector<IgSampledBaseline> sampled;
};

/// Integrated gradients with one fixed rule and step count; attributions[c][t] per embedding
/// component and position.
struct IntegratedGradients {
    int steps = 0;
    int length = 0;
    float scoreInput = 0.0f;    // f(x)
    float scoreBaseline = 0.0f; // f(baseline)
    std::vector<std::string> components;
    std::vector<std::vector<float>> attributions;
};

/// Leave-one-out two ways. Removing an item re-packs the sequence, so every earlier item moves
/// one step towards the end too (removing the last purchase shifts them all); occlusion instead
/// puts the padding embedding in the item's place and keeps every position. Where the two
/// disagree, the position shift is part of what leave-one-out measured.
struct LeaveOneOutExplanation {
    float baseScore = 0.0f;
    int baseRank = 0;
    std::vector<float> scores; // target score with position t removed (re-packed)
    std::vector<int> ranks;    // target rank with position t removed
    std::vector<float> effect; // baseScore − scores[t] (the "loo" attribution)
    /// In-place occlusion (the "occlusion" attribution); empty when the model cannot
    /// (SequenceModel::supportsMaskedSlots() is false).
    std::vector<float> occlusionScores;
    std::vector<int> occlusionRanks;
    std::vector<float> occlusionEffect; // baseScore − occlusionScores[t]
};

struct ShapleyExplanation {
    bool exact = false;
    std::vector<int> players;     // positions that are players; others are fixed context
    std::vector<float> values;    // per position; 0 for context positions
    std::vector<float> stdErrors; // per position; 0 when exact or context
    int permutations = 0;         // samples drawn (0 when exact)
    int evaluations = 0;          // histories scored
    float scoreAll = 0.0f;        // f(all players present), from the coalition table
    float scoreEmpty = 0.0f;      // f(no player present; context kept), from the table
    /// |Σ φ − (f(all) − f(empty))|. Against the table's own f(all) and f(empty) it is zero by
    /// construction (the sum telescopes), so it is evidence only when f(all) and f(empty) come
    /// from separate fresh forward passes: efficiencyIndependent says which it is.
    float efficiencyGap = 0.0f;
    bool efficiencyIndependent = false;
    float freshScoreAll = 0.0f;   // f(all) from a fresh pass (when efficiencyIndependent)
    float freshScoreEmpty = 0.0f; // f(empty) from a fresh pass
};

/// "Why this list" — RankingSHAP (Heuss et al. 2024) over purchases: Shapley values of the
/// history positions for the ORDER of the whole top-K instead of one item's score. The value
/// of a coalition S (the history with the other positions removed, re-packed) is
///   v(S) = Kendall τ-b between the original top-K order (the K items at ranks 1..K) and the
///          order of the same K items by their scores after S, i.e. their positions in S's full
///          ranking (kendallTau(); ties in S's scores count as neither agreement nor
///          disagreement);
///   v(all) = 1 by definition (the list is the full history's own ranking).
/// Items from outside the original top-K do not enter v: it measures how much of the order the
/// customer saw each purchase upholds. Σ φ = v(all) − v(∅) = 1 − τ(prior order) (efficiency).
/// Exact for ≤ shapleyExactLimit positions, sampled beyond, exactly like item Shapley.
struct ListShapleyExplanation {
    int k = 0;
    std::vector<ItemIndex> list; // the original top-K, best first
    /// Per position; scoreAll = v(all) = 1, scoreEmpty = v(∅), efficiencyGap as for items.
    ShapleyExplanation shapley;
};

struct NamedValue {
    std::string name;
    float value = 0.0f;
};

/// How much of the score flows through each embedding component (from IG's per-component
/// attributions), and grouped by the history items' category and brand.
struct FeatureAttribution {
    std::vector<std::string> components;
    std::vector<float> totals;          // per component, summed over positions
    std::vector<NamedValue> byCategory; // IG value summed over history items of each category
    std::vector<NamedValue> byBrand;
};

struct RankChange {
    ItemIndex item = -1;
    int oldRank = 0;
    int newRank = 0;
    float oldScore = 0.0f;
    float newScore = 0.0f;
};

struct WhatIfResult {
    std::vector<HistoryEdit> edits;
    History edited;
    std::vector<RankedItem> before;   // top-K of the original history
    std::vector<RankedItem> after;    // top-K of the edited history
    std::vector<RankChange> movedIn;  // in `after` but not in `before`
    std::vector<RankChange> movedOut; // in `before` but not in `after`
    ItemIndex target = -1;
    RankChange targetChange;
    /// A fresh forward pass of `edited` (no memo) gave the same top list and target rank.
    bool verified = false;
};

struct CounterfactualResult {
    bool found = false;
    CounterfactualGoal goal = CounterfactualGoal::LeaveTopK;
    int k = 0;
    std::vector<int> removedPositions; // ascending
    std::vector<ItemIndex> removedItems;
    int originalRank = 0;
    int newRank = 0;
    float newScore = 0.0f;
    ItemIndex replacement = -1; // item now at the target's original rank (or the new top-1)
    /// A fresh forward pass of the history without removedPositions (no memo, no cached row)
    /// meets the goal; newRank and newScore are from that pass.
    bool verified = false;
    int evaluations = 0; // candidate histories scored
    int budget = 0;
    std::string message; // why nothing was found, when !found
};

/// Smallest removal set that puts B above A (A currently above B).
struct WhyAboveResult {
    ItemIndex a = -1;
    ItemIndex b = -1;
    float scoreA = 0.0f;
    float scoreB = 0.0f;
    bool found = false;
    std::vector<int> removedPositions;
    std::vector<ItemIndex> removedItems;
    float newScoreA = 0.0f;
    float newScoreB = 0.0f;
    bool verified = false; // a fresh forward pass puts B above A (new scores are from it)
    int evaluations = 0;
    int budget = 0;
    std::string message;
};

/// Deletion / insertion curves are normalised so they compare across users:
///   x = fraction of history removed (inserted), y = (f(step) − low) / (high − low), where low
///   and high are the smallest and largest target score over every history scored for this
///   case (all methods and random orders; FaithfulnessReport::curveLow/High), so y ∈ [0, 1]
///   (denominator floored at 1e-6). AUC = trapezoid area over x ∈ [0, 1]. Deletion removes the
///   highest-attributed items first (lower AUC = more faithful); insertion starts from the empty
///   history and inserts them first, keeping their original relative order (higher = better).
struct MethodFaithfulness {
    std::string method;
    std::vector<float> curveX;         // fraction of the history removed / inserted per point
    std::vector<float> deletionScores; // raw target score at each curveX
    std::vector<int> deletionRanks;
    std::vector<float> insertionScores; // raw target score at each curveX
    std::vector<int> insertionRanks;
    float deletionAuc = 0.0f;
    float insertionAuc = 0.0f;
    /// ERASER (DeYoung et al. 2020) at fractions {0.1, 0.2, 0.5} of the history (ceil, ≥ 1 item):
    /// comprehensiveness = f(full) − f(without top q); sufficiency = f(full) − f(only top q).
    std::vector<float> fractions;
    std::vector<float> comprehensiveness;
    std::vector<float> sufficiency;
};

struct HeadAgreement {
    int layer = 0;
    int head = 0;
    float kendallTau = 0.0f; // τ-b between the head's last-row weights and LOO effects
};

struct FaithfulnessReport {
    std::vector<MethodFaithfulness> methods;
    std::vector<HeadAgreement> heads;
    float randomDeletionAuc = 0.0f; // mean over ExplainConfig::faithfulnessRandomOrders orders
    float randomInsertionAuc = 0.0f;
    float scoreEmpty = 0.0f;
    float scoreFull = 0.0f;
    float curveLow = 0.0f; // normalisation range of every curve of this case
    float curveHigh = 0.0f;
    /// LXR POS@k / NEG@k curves of every method plus random and popularity references
    /// (lxrtypes.h); scored in the same model call as the curves above.
    std::optional<LxrReport> lxr;
};

/// What the plain-language summary may state, from fresh forward passes of the model the caller
/// gave (every memo bypassed; one batch after all methods ran), compared with what the methods
/// reported. A clause whose numbers disagree with these is left out.
struct VerifiedFacts {
    bool checked = false;
    int targetRank = 0;
    float targetScore = 0.0f;
    bool rankAgrees = false;         // targetRank == bundle.targetRank
    std::vector<int> looRanks;       // target rank with position t removed (re-packed)
    bool looAgrees = false;          // equal to LeaveOneOutExplanation::ranks
    std::vector<int> occlusionRanks; // target rank with position t occluded in place
    bool occlusionAgrees = false;
    /// The purchase the summary names as the decisive one (-1 = none named): the strongest
    /// in-place occlusion effect ("occlusion"; the strongest removal, "loo", where the model
    /// cannot occlude), named only when an independent method points at the same purchase.
    /// causeEvidence lists them after the first: e.g. "occlusion+counterfactual+shapley" — in
    /// the verified counterfactual set, exact Shapley's top player, leave-one-out's top.
    int causePosition = -1;
    std::string causeEvidence;
};

struct ExplanationBundle {
    History history; // as explained (already cut to the model's max length)
    ItemIndex target = -1;
    float targetScore = 0.0f;
    int targetRank = 0;
    int k = 10;
    std::vector<RankedItem> topK; // top whatIfK of the unedited history

    std::optional<AttentionExplanation> attention;
    std::vector<Attribution> attributions; // one per method computed
    std::optional<IgExplanation> ig;
    std::optional<LeaveOneOutExplanation> loo;
    std::optional<ShapleyExplanation> shapley;
    std::optional<FeatureAttribution> features;
    std::optional<WhatIfResult> whatIf;
    std::optional<CounterfactualResult> counterfactual;
    std::optional<FaithfulnessReport> faithfulness;
    std::optional<ListShapleyExplanation> listShapley; // "why this list" (methods.listShapley)
    /// Labels of history entries that are not catalog items (ExplainConfig::extraPlayers).
    ExtraPlayers extraPlayers;

    /// Fresh-pass facts behind the summary.
    VerifiedFacts facts;
    /// Plain language, built only from VerifiedFacts and verified counterfactuals.
    std::string summary;
    std::map<std::string, double> timingsMs; // method → wall milliseconds
    /// method → process CPU milliseconds (all threads; comparable across machine loads).
    std::map<std::string, double> cpuMs;
    bool cancelled = false; // shouldStop() fired; later parts are missing
    /// Method → why it was asked for but not computed (e.g. "ig": this model cannot start
    /// integrated gradients from a sampled baseline history). Such a part stays empty.
    std::map<std::string, std::string> unavailable;
    /// Distinct histories the model scored for the bundle (methods share one memo of them).
    std::size_t historiesScored = 0;

    const Attribution* attribution(const std::string& method) const;
};

// ---------------------------------------------------------------------------------------------
// Entry points. None throws for bad input: an out-of-range item or target, or an empty
// history, gives a std::invalid_argument with a message (callers validate ids first; the CLI
// maps them to exit codes). Model failures propagate as std::runtime_error.

/// Rank (1-based) of `target` in a row of logits.
int rankOf(const std::vector<float>& scores, ItemIndex target);
/// The top `k` of a row of logits, best first.
std::vector<RankedItem> topKOf(const std::vector<float>& scores, int k);
/// The history the model really sees: the last maxLength() items.
History clipHistory(const History& history, int maxLength);

/// Computes the configured parts of the bundle. target = -1 explains the top-1.
/// shouldStop is polled between methods, from two threads when config.threads allows two
/// workers (back it with an atomic); on stop the bundle is returned with cancelled = true.
ExplanationBundle explain(const SequenceModel& model, const Dataset& ds, const History& history,
                          ItemIndex target, const ExplainConfig& config,
                          const std::function<bool()>& shouldStop = {});

/// Explains each of the top-`k` recommendations of `history` with the methods of
/// config.methods among loo, ig (+ features) and shapley (the others are ignored), sharing
/// forward passes: the n + 1 leave-one-out histories are scored once for all k targets, and so
/// are Shapley's coalitions (one scoreAll row serves every target); IG runs per target.
/// Returns one bundle per target in rank order, each equal (up to float rounding) to
/// explain() of that target restricted to the same methods. timingsMs of each bundle: "ig" its
/// own IG; "loo", "shapley" and "total" the shared run's. shouldStop is polled between parts
/// (from two threads when config.threads allows); on stop every bundle has cancelled = true.
/// k is clamped to 1..itemCount; an empty history or a bad item gives std::invalid_argument.
std::vector<ExplanationBundle> explainTopK(const SequenceModel& model, const Dataset& ds,
                                           const History& history, int k,
                                           const ExplainConfig& config,
                                           const std::function<bool()>& shouldStop = {});

/// Applies edits in order; an out-of-range position or item gives std::invalid_argument.
History applyEdits(const History& history, const std::vector<HistoryEdit>& edits, int itemCount);

/// New top-K and the rank change of every item moving in/out (2 scoreAll rows in one call).
WhatIfResult whatIf(const SequenceModel& model, const History& history,
                    const std::vector<HistoryEdit>& edits, ItemIndex target, int k);

/// PRINCE-style search: greedy removal in descending `attribution` order, every step verified by a
/// real forward pass, then pruned until no single removed item can be put back. `attribution` is
/// aligned with `history`.
/// `verifier` (default: `model`) re-scores the reported set in a fresh pass: give the model
/// without any memo in front of it, so the check cannot read back the search's own numbers.
CounterfactualResult minimalCounterfactual(const SequenceModel& model, const History& history,
                                           ItemIndex target, const std::vector<float>& attribution,
                                           const ExplainConfig& config,
                                           const SequenceModel* verifier = nullptr);

/// Smallest removal set (same greedy + prune, by attribution of A − B) that puts B above A.
WhyAboveResult whyAbove(const SequenceModel& model, const History& history, ItemIndex a,
                        ItemIndex b, const ExplainConfig& config,
                        const SequenceModel* verifier = nullptr);
} // namespace reclens
