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
//  schema: docs/explanation-schema.json.

#include "data/dataset.h"
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
// Configuration

/// Which parts of the bundle to compute. Parsed from "attention,grad,ig,loo,shapley,whatif,
/// counterfactual,faithfulness,features,list_shapley|all" by parseExplainMethods().
struct ExplainMethods {
    bool attention = true; // per layer × head rows + rollout
    bool gradient = true;  // grad and grad_x_input
    bool ig = true;        // integrated gradients (+ feature components)
    bool loo = true;       // leave-one-out score and rank
    bool shapley = true;   // exact ≤ shapleyExactLimit players, sampled beyond
    bool whatIf = true;    // edits from ExplainConfig::whatIfEdits (default: drop top LOO item)
    bool counterfactual = true; // minimal removal set (needs an attribution order; uses LOO)
    bool faithfulness = true;   // deletion/insertion, comprehensiveness/sufficiency, head τ
    bool features = true;       // IG split into item/category/brand components
    /// "Why this list" (ListShapleyExplanation): off by default, since it costs about as much
    /// again as item Shapley (docs/BENCHMARKS.md, "The whole top-10 at once"); "all" and
    /// "list_shapley" turn it on. In explainTopK beside item Shapley it costs no forward pass.
    bool listShapley = false;
    static ExplainMethods all() {
        ExplainMethods m;
        m.listShapley = true;
        return m;
    }
    static ExplainMethods none();
};

/// Parses a comma-separated method list ("all" = everything). Unknown names are returned in
/// `unknown` (the CLI turns them into a usage error).
ExplainMethods parseExplainMethods(const std::string& list, std::vector<std::string>* unknown);

enum class CounterfactualGoal {
    LeaveTopK,   // target's rank must become > k
    ReplaceTop1, // another item must become the top-1 (only meaningful when target is #1)
};

/// One edit of a history for what-if analysis. Positions refer to the history as it is when
/// the edit is applied (edits apply in order).
struct HistoryEdit {
    enum class Kind {
        Remove,  // drop the item at `position`
        Insert,  // insert `item` before `position` (position == size appends)
        Move,    // move the item at `position` so it ends up at `toPosition`
        Replace, // put `item` at `position` instead of what is there
    };
    Kind kind = Kind::Remove;
    int position = 0;
    ItemIndex item = -1;
    int toPosition = -1;
};

/// Quadrature of integrated gradients' path integral over α ∈ [0, 1].
enum class IgRule {
    Midpoint,      // N points at (k + ½)/N (the usual Riemann sum; not nested)
    Trapezoid,     // N + 1 points at k/N; nested: doubling N reuses every point
    Simpson,       // the same points, Simpson weights (1, 4, 2, …, 4, 1)/3N; nested
    GaussLegendre, // N Gauss–Legendre nodes (Captum's default; not nested)
    // Gauss–Legendre with N nodes first; when completeness fails, panels (N/4 at first) each
    // split only where Σ attributions over it differs from the score change across it (its
    // local completeness error): refinement pays for points only where the integrand is hard.
    Adaptive,
};

/// Players fed to the model that are not catalog items: a search explanation's query words
/// (search/searchplayermodel.h) stand beside the purchases as ids from `firstId` on. The
/// summary and the JSON label such a player by names[id − firstId] instead of looking it up in
/// the catalog. Empty (firstId = -1): every player is a purchase.
struct ExtraPlayers {
    ItemIndex firstId = -1;
    std::vector<std::string> names;
    bool contains(ItemIndex id) const {
        return firstId >= 0 && id >= firstId && static_cast<size_t>(id - firstId) < names.size();
    }
    const std::string& name(ItemIndex id) const { return names[static_cast<size_t>(id - firstId)]; }
};

struct ExplainConfig {
    int k = 10;       // top-K used for ranks, counterfactual goal, summary
    int whatIfK = 20; // length of the top lists in what-if results
    IgBaseline igBaseline = IgBaseline::Padding; // IG reference input
    // Quadrature of the path integral. Over 100 length-50 Scientific histories (BENCHMARKS.md,
    // "Integrated gradients: which quadrature") the adaptive rule converged below 1 % for all, at
    // the first (Gauss–Legendre) try for 66, with 55 gradient evaluations on average and a p95
    // of 56 ms; doubling Gauss–Legendre needed 132 and 189 ms, midpoint 278 and 294 ms.
    IgRule igRule = IgRule::Adaptive;
    /// IgBaseline::Sampled (SPINRec): how many other customers' histories serve as baselines
    /// (IG runs once per baseline, so IG costs this many times more), and the customer never
    /// drawn (the explained one; -1 = none known: a history equal to the explained one is
    /// skipped anyway).
    int igBaselineSamples = 8;
    int igBaselineExcludeUser = -1;
    int igStartSteps = 32; // first IG step count
    int igMaxSteps = 512;  // cap: doubling rules stop here, the adaptive panels at cap + 1 points
    double igTolerance = 0.01; // stop refining once relative completeness error < this
    /// Below this |f(x) − f(baseline)| (logits) a relative error is dominated by float rounding
    /// and cannot be driven under igTolerance; there IG counts as converged once the absolute
    /// error is < igTolerance × igSmallDelta (1e-3 logits) and reports criterion "absolute".
    double igSmallDelta = 0.1;
    int shapleyExactLimit = 12; // exact Shapley (all 2^n coalitions) for histories of ≤ this many
    /// Longer histories: true = exact over the last shapleyExactLimit items with the rest fixed
    /// as context (4,096 forward passes: seconds, not for interactive use); false (default) =
    /// permutation sampling over all items with standard errors.
    bool shapleyExactOnLastItems = false;
    /// Sampled permutations (antithetic pairs: each random order is followed by its reverse),
    /// each costing n + 1 forward passes of the history's prefixes. 8 keeps the whole bundle
    /// near 100 ms at length 50; raise it for tighter standard errors (they shrink as 1/√P).
    int shapleyPermutations = 8;
    int counterfactualBudget = 64; // max candidate histories scored (forward passes) per search
    int counterfactualMaxRemovals = 20; // give up when the removal set would exceed this
    /// Positions the counterfactual search may remove (empty = all): a search explanation asks
    /// separately for the smallest set of purchases and the smallest set of query words.
    std::vector<int> counterfactualPositions;
    CounterfactualGoal counterfactualGoal = CounterfactualGoal::LeaveTopK;
    int faithfulnessCurvePoints =
        11; // points per deletion/insertion curve (every item if the history is shorter)
    int faithfulnessRandomOrders = 4; // random orders averaged for the reference deletion AUC
    /// LXR POS@k / NEG@k curves with the faithfulness report (FaithfulnessReport::lxr); they
    /// share its random orders and its one scoring call. false = the report without them.
    bool lxr = true;
    std::vector<HistoryEdit> whatIfEdits; // empty = remove the item with the largest LOO effect
    std::uint64_t seed = 42;              // for Shapley sampling and random orders
    /// Labels of players that are not catalog items (not a setting: not in the config JSON).
    ExtraPlayers extraPlayers;
    /// Cores for the bundle's independent parts (0 = all; at most 2 are used: Shapley beside
    /// the attention/gradient/IG/LOO chain, then faithfulness's histories split in two).
    /// Each part runs with one LibTorch intra-op thread. The numbers do not depend on timing.
    int threads = 0;
    ExplainMethods methods;
};

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
// Merchant view: one item across many users

/// Which customers the merchant view considers; applied before any sampling. The dataset
/// has no customer attributes (no country), so segments are by history and purchases only.
struct MerchantSegment {
    int minHistoryLength = 0; // purchases in the customer's history (before the max-length cut)
    int maxHistoryLength = 0; // 0 = no upper bound
    std::string category;     // only customers who bought an item of this category; "" = any
    bool active() const {
        return minHistoryLength > 0 || maxHistoryLength > 0 || !category.empty();
    }
};

struct MerchantConfig {
    int k = 10;                  // "in the top-K"
    int maxUsers = 0;            // 0 = all users; otherwise a seeded random sample of this size
    bool trainingPrefix = false; // false = each user's full sequence (cut to max length)
    int topDrivers = 10;         // length of the driver lists
    std::uint64_t seed = 42;
    int batchSize = 256; // histories per model call
    int threads = 0;     // cores for the batches (0 = all); each with one LibTorch intra-op thread
    int maxDriverUsers = 1000; // top-K users analysed for drivers (seeded sample beyond this)
    /// Budget of history positions the driver analysis may score: a user of history length n
    /// costs n·(n + 1) (the history and its n leave-one-out variants). Users are taken in a
    /// seeded random order until the budget is spent (at least one user). With 2 M, Amazon
    /// Scientific (~7 items per history) analyses 1,000 users and UCI Online Retail (up to 200)
    /// a few hundred; 0 = no budget.
    std::int64_t maxDriverPositions = 2'000'000;
    MerchantSegment segment;    // customers considered (before sampling)
    int maxCustomers = 5000;    // cap of the listed top-K customers, best ranks kept (0 = no cap)
    ItemIndex compareWith = -1; // a second product ranked from the same rows (-1 = none)
    ItemIndex whatIfAdd = -1;   // product appended to the customers' histories (-1 = none)
    int whatIfMaxUsers = 2000;  // customers re-scored for the what-if (seeded sample beyond)
};

struct DriverStat {
    ItemIndex item = -1;
    int users = 0;         // users for whom it is the strongest LOO driver of the item
    int verifiedDrops = 0; // of those, users where removing it alone drops the item out of top-K
    float meanScoreDrop = 0.0f;
};

struct NamedCount {
    std::string name;
    int users = 0;
    float meanScoreDrop = 0.0f;
};

/// One customer with the product in the top-K.
struct MerchantCustomer {
    UserIndex user = -1;
    int rank = 0;          // 1-based rank of the product for this customer
    int historyLength = 0; // purchases in the history (before the max-length cut)
};

/// A 95 % confidence interval [lo, hi] of a figure estimated from a sample of customers.
struct ConfidenceInterval {
    double lo = 0.0;
    double hi = 0.0;
    bool contains(double v) const { return v >= lo && v <= hi; }
};

/// The analysed product against a second one, ranked from the same rows for the same customers.
struct MerchantComparison {
    ItemIndex other = -1;
    int otherInTopK = 0;
    double otherTopKShare = 0.0;
    double otherMeanRank = 0.0;
    ConfidenceInterval otherTopKShareCi; // when sampled
    ConfidenceInterval otherMeanRankCi;  // when sampled
    int itemAhead = 0;                   // customers ranking the analysed product above the other
    int otherAhead = 0;                  // customers ranking the other above the analysed product
    int tied = 0;
    int bothInTopK = 0;
};

/// "If these customers had bought X": X appended to each history, then fresh forward passes.
struct MerchantWhatIf {
    ItemIndex added = -1;
    int users = 0;             // customers re-scored
    bool usersSampled = false; // users < customers considered (whatIfMaxUsers, seeded)
    int inTopKBefore = 0;
    int inTopKAfter = 0;
    double meanRankBefore = 0.0;
    double meanRankAfter = 0.0;
    int improved = 0; // customers whose rank of the product got better
    int worsened = 0;
};

struct MerchantExplanation {
    ItemIndex item = -1;
    int k = 10;
    int totalUsers = 0;      // users in the dataset
    int usersConsidered = 0; // users with a non-empty history that were scored
    bool sampled = false;
    int inTopK = 0;
    double topKShare = 0.0;         // inTopK / usersConsidered
    std::vector<int> rankBinEdges;  // lower bounds: {1, 2, 6, 11, 21, 51, 101, 501, 1001}
    std::vector<int> rankHistogram; // users per bin
    double meanRank = 0.0;
    double medianRank = 0.0;
    int bestRank = 0;
    double exposureShare = 0.0;      // share of all top-K slots (usersConsidered × k) it takes
    double popularityShare = 0.0;    // its share of all interactions in the dataset
    double exposureLift = 0.0;       // exposureShare / popularityShare (0 if never bought)
    int driverUsers = 0;             // top-K users whose leave-one-out drivers were analysed
    bool driverUsersSampled = false; // driverUsers < inTopK (user cap or position budget)
    std::vector<DriverStat> drivers; // top history items driving it into the top-K
    std::vector<NamedCount> driverCategories;
    std::vector<NamedCount> driverBrands;
    MerchantSegment segment;
    int usersEligible = 0; // users in the segment (with a history) before sampling
    std::uint64_t seed = 42;
    std::vector<MerchantCustomer> customers; // top-K customers, best rank first (capped)
    bool customersCapped = false;            // customers.size() < inTopK
    // 95 % intervals, filled when sampled (merchantstats.cpp says how; exact otherwise).
    ConfidenceInterval topKShareCi, exposureShareCi, meanRankCi;
    std::optional<MerchantComparison> comparison;
    std::optional<MerchantWhatIf> whatIf;
    bool cancelled = false;
    double seconds = 0.0;
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

/// Merchant explanation of `item`. progress(done, total) after each batch; shouldStop between
/// batches (result then has cancelled = true and covers the users done so far).
MerchantExplanation explainItem(const SequenceModel& model, const Dataset& ds, ItemIndex item,
                                const MerchantConfig& config,
                                const std::function<void(int, int)>& progress = {},
                                const std::function<bool()>& shouldStop = {});

/// One plain-language sentence built only from the figures in `m` (top-K share, exposure
/// against purchase share, the strongest driver and its verified count, the CI when sampled).
std::string merchantSummarySentence(const MerchantExplanation& m, const Dataset& ds);

} // namespace reclens
