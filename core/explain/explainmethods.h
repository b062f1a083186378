#pragma once
// The individual methods behind explain(), usable on their own (the GUI recomputes single
// parts; tests check each property separately). Every function batches its model calls.

#include "explain/explanation.h"

namespace reclens {

/// Attention rows from the last position + rollout (Abnar & Zuidema 2020).
AttentionExplanation explainAttention(const SequenceModel& model, const History& history);
/// Rollout over already fetched maps (exposed for tests with hand-made maps).
std::vector<float> attentionRollout(const AttentionMaps& maps);

/// Gradient saliency, reduced to one signed number per position:
///   grad[t]         = Σ_c Σ_d ∂f/∂e_c[t,d] · sign-free projection onto the input direction
///                   = Σ_c (∂f/∂e_c[t] · e_c[t]) / ‖e[t]‖   (directional derivative along the
///                     item's own embedding; signed, unlike the usual L2 norm)
///   grad_x_input[t] = Σ_c Σ_d ∂f/∂e_c[t,d] · e_c[t,d]
/// The first is the score's sensitivity to scaling the item in or out per unit embedding
/// norm; the second is its first-order Taylor contribution.
std::pair<Attribution, Attribution> explainGradient(const SequenceModel& model,
                                                    const History& history, ItemIndex target);

/// IG with config.igRule from config.igStartSteps, doubling until the relative completeness
/// error is below config.igTolerance or config.igMaxSteps is reached (nested rules reuse the
/// points of earlier tries).
IgExplanation explainIntegratedGradients(const SequenceModel& model, const History& history,
                                         ItemIndex target, const ExplainConfig& config);
/// One IG evaluation with a fixed rule and step count (no refinement).
IntegratedGradients integratedGradients(const SequenceModel& model, const History& history,
                                        ItemIndex target, IgBaseline baseline, IgRule rule,
                                        int steps);

/// All n leave-one-out variants plus the original in ONE scoreAll call.
LeaveOneOutExplanation explainLeaveOneOut(const SequenceModel& model, const History& history,
                                          ItemIndex target);

/// n ≤ shapleyExactLimit: exact, all 2^n coalitions in batched scoreTargets calls. Longer
/// histories: permutation sampling over all positions (shapleyPermutations, antithetic pairs)
/// with standard errors, or with shapleyExactOnLastItems exact over the last limit positions
/// (the rest fixed as context, always present). A player absent from a coalition is removed
/// (re-packed).
ShapleyExplanation explainShapley(const SequenceModel& model, const History& history,
                                  ItemIndex target, const ExplainConfig& config);

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

/// Curve area with y = (score − low) / (high − low), as documented on MethodFaithfulness.
float normalisedCurveAuc(const std::vector<float>& x, const std::vector<float>& scores, float low,
                         float high);

/// Plain-language summary from verified facts only.
std::string buildSummary(const Dataset& ds, const ExplanationBundle& bundle);

/// History with the given positions removed (re-packed).
History removePositions(const History& history, const std::vector<int>& positions);

} // namespace reclens
