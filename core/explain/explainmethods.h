#pragma once
// The individual methods behind explain(), usable on their own (the GUI recomputes single
// parts; tests check each property separately). Every function batches its model calls.

#include "explain/explanation.h"

namespace reclens {

/// Attention rows from the last position + rollout (Abnar & Zuidema 2020).
AttentionExplanation explainAttention(const SequenceModel& model, const History& history);
/// Rollout over already fetched maps (exposed for tests with hand-made maps).
std::vector<float> attentionRollout(const AttentionMaps& maps);

/// Gradient saliency, one number per position:
///   grad[t]         = ‖∂f/∂e[t]‖₂, the L2 norm of the gradient with respect to the position's
///                     input embedding (Simonyan et al. 2014; LIT's "gradient L2"): unsigned,
///                     how sensitive the score is to the purchase, not which way it pushes;
///   grad_x_input[t] = Σ_c Σ_d ∂f/∂e_c[t,d] · e_c[t,d], signed: the first-order Taylor
///                     contribution of the purchase.
std::pair<Attribution, Attribution> explainGradient(const SequenceModel& model,
                                                    const History& history, ItemIndex target);

/// IG with config.igRule from config.igStartSteps, doubling until the relative completeness
/// error is below config.igTolerance or config.igMaxSteps is reached (nested rules reuse the
/// points of earlier tries).
IgExplanation explainIntegratedGradients(const SequenceModel& model, const History& history,
                                         ItemIndex target, const ExplainConfig& config);
/// The same with IgBaseline::Sampled allowed: its baselines are drawn from `ds`
/// (sampleIgBaselines) and IG runs from each (explainIntegratedGradientsFrom). Other baselines
/// ignore `ds`. A model without supportsHistoryBaselines() gives std::invalid_argument with
/// igSampledUnavailable()'s reason; explain() checks that first and reports IG as unavailable.
IgExplanation explainIntegratedGradients(const SequenceModel& model, const History& history,
                                         ItemIndex target, const ExplainConfig& config,
                                         const Dataset& ds);

/// The quadrature and refinement of explainIntegratedGradients over any path: `path(alphas)`
/// returns the PathGradients at those points (one baseline, one history, one target).
using IgPathFn = std::function<PathGradients(const std::vector<double>& alphas)>;
IgExplanation integrateIgPath(const IgPathFn& path, const ExplainConfig& config);

// --- SPINRec: integrated gradients from sampled real baselines (arXiv 2511.18047) -------------

/// config.igBaselineSamples customers drawn without replacement from `ds` (seeded by
/// config.seed, so the same seed gives the same baselines), skipping customers with no
/// purchases, config.igBaselineExcludeUser, and any whose history, cut to history.size() items,
/// equals the explained history (the explained customer when their full history is explained).
/// Each baseline keeps the user and their last history.size() items. Fewer when the dataset
/// has fewer eligible customers.
std::vector<IgSampledBaseline> sampleIgBaselines(const Dataset& ds, const History& history,
                                                 const ExplainConfig& config);

/// IG (config's rule, refinement and tolerance) from each baseline in turn
/// (SequenceModel::pathGradientsFrom), averaged: values = the mean of the per-baseline
/// attributions, scoreBaseline = the mean f(baseline_i), completeness of the average against
/// f(x) − mean f(baseline_i); converged only when every baseline's own run converged. Each
/// IgSampledBaseline gets its f(baseline_i), attributions and completeness error (Σ of its
/// attributions against f(x) − f(baseline_i), both from its own path pass).
IgExplanation explainIntegratedGradientsFrom(const SequenceModel& model, const History& history,
                                             ItemIndex target, const ExplainConfig& config,
                                             std::vector<IgSampledBaseline> baselines);

/// Why IG with config's baseline cannot run on `model` (empty when it can): a sampled baseline
/// needs supportsHistoryBaselines().
std::string igUnavailableReason(const SequenceModel& model, const ExplainConfig& config);

/// One IG evaluation with a fixed rule and step count (no refinement).
IntegratedGradients integratedGradients(const SequenceModel& model, const History& history,
                                        ItemIndex target, IgBaseline baseline, IgRule rule,
                                        int steps);

/// Points and weights of an IG quadrature rule on [0, 1]; the weights sum to 1. `intervals`
/// is the count really used: at least 1 (Simpson: 2), and Simpson rounds an odd `steps` up to
/// the next even number (its 1, 4, 2, …, 4, 1 pattern pairs the intervals). Adaptive with a
/// fixed count is uniform Simpson.
struct IgQuadrature {
    int intervals = 0;
    std::vector<double> alphas;
    std::vector<double> weights;
};
IgQuadrature igQuadrature(IgRule rule, int steps);

/// All n leave-one-out variants plus the original in ONE scoreAll call.
LeaveOneOutExplanation explainLeaveOneOut(const SequenceModel& model, const History& history,
                                          ItemIndex target);

/// n ≤ shapleyExactLimit: exact, all 2^n coalitions in batched scoreTargets calls. Longer
/// histories: sampling over all positions with standard errors (recency-stratified:
/// shapleyPermutations antithetic orders plus shapleyNewestSamples coalitions per position where
/// it is the newest present; or orders alone when shapleyNewestSamples is 0), or with
/// shapleyExactOnLastItems exact over the last limit positions (the rest fixed as context, always
/// present). A player absent from a coalition is removed (re-packed).
ShapleyExplanation explainShapley(const SequenceModel& model, const History& history,
                                  ItemIndex target, const ExplainConfig& config);

/// "Why this list" (ListShapleyExplanation): Shapley values of the positions of `history` for
/// the order of its top-`k` list. One scoreAll row per coalition (exact ≤ shapleyExactLimit
/// positions: 2^n rows; sampled: as explainShapley, duplicates scored once).
/// k is clamped to the catalog; k < 2 (no pair to order) gives std::invalid_argument.
ListShapleyExplanation explainListShapley(const SequenceModel& model, const History& history, int k,
                                          const ExplainConfig& config);

FeatureAttribution explainFeatures(const Dataset& ds, const History& history,
                                   const IgExplanation& ig);

/// Faithfulness of each attribution in `attributions` (deletion/insertion curves, ERASER,
/// LXR POS@k/NEG@k with the random and, when `itemPopularity` is given, popularity references;
/// see lxr.h) and Kendall τ of each attention head against `looEffect` (when both are given).
/// All curve points of all methods are scored in one scoreAll call.
FaithfulnessReport evaluateFaithfulness(const SequenceModel& model, const History& history,
                                        ItemIndex target,
                                        const std::vector<Attribution>& attributions,
                                        const AttentionExplanation* attention,
                                        const std::vector<float>* looEffect,
                                        const ExplainConfig& config,
                                        const std::vector<std::int64_t>* itemPopularity = nullptr);

/// Kendall τ-b of two equally long vectors (ties handled); 0 when either is constant.
float kendallTau(const std::vector<float>& a, const std::vector<float>& b);

/// Agreement of two attributions for the agreement table: Kendall τ-b, over magnitudes when
/// either method is unsigned; NaN for pairs that are not independent evidence
/// (independentMethods) or of different lengths.
float methodAgreement(const Attribution& a, const Attribution& b);

/// Curve area with y = (score − low) / (high − low), as documented on MethodFaithfulness.
float normalisedCurveAuc(const std::vector<float>& x, const std::vector<float>& scores, float low,
                         float high);

/// Plain-language summary from verified facts only.
std::string buildSummary(const Dataset& ds, const ExplanationBundle& bundle);

/// History with the given positions removed (re-packed).
History removePositions(const History& history, const std::vector<int>& positions);

} // namespace reclens
