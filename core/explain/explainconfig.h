#pragma once
// What to compute when explaining one (history, target) pair: ExplainConfig and its parts
// (methods, what-if edits, integrated-gradients quadrature, labels of non-item players).
// The results and entry points are in explain/explanation.h; the JSON round trip of the
// config is explainConfigToJson / explainConfigFromJson (explain/explanationjson.h).

#include "data/dataset.h"
#include "model/sequencemodel.h"

#include <cstdint>
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
    /// each costing n + 1 forward passes of the history's prefixes; raise it for tighter
    /// standard errors (they shrink as 1/√P). With shapleyNewestSamples > 0 at least 4; raise
    /// it for a model without sharp recency, where the orders carry more of the error.
    int shapleyPermutations = 4;
    /// Rotations per independent group of sampled orders: a random order rotated by k·n/K
    /// (k < K), each followed by its reverse, so 2K orders per group; K = 1 = antithetic pairs.
    /// Standard errors come from the group means (always ≥ 2 groups). K = 2 halves the error
    /// variance on a toy recency game but not on UCI Online Retail, hence the default 1
    /// (docs/BENCHMARKS.md, "Sampled Shapley: error against cost").
    int shapleyOrdersPerGroup = 1;
    /// Recency-stratified sampling (> 0, the default): besides the antithetic orders, about this
    /// many coalitions per purchase (at least 2) of the stratum where the purchase is the newest
    /// one present, which holds nearly all of a sequential model's variance
    /// (explain/shapleystratified.cpp). With 4 orders, on UCI Online Retail at length 200 it has
    /// a quarter of the error of 8 orders alone at 0.7 times their cost (docs/BENCHMARKS.md,
    /// "Recency-stratified Shapley"). 0: orders only (shapleyOrdersPerGroup applies).
    int shapleyNewestSamples = 4;
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

} // namespace reclens
