#pragma once
// Independent checks of what an explanation states. Every function here scores with the model
// it is given in a fresh pass: explain() hands it the caller's model, never the bundle's memo,
// so a check cannot read back the numbers it is checking.

#include "explain/explanation.h"

namespace reclens {

/// Re-scores the history without r.removedPositions; sets r.newRank, r.newScore, r.replacement
/// and r.verified (the goal holds and removedItems are the items at removedPositions).
void verifyCounterfactual(const SequenceModel& verifier, const History& history, ItemIndex target,
                          int k, CounterfactualResult& r);

/// Re-scores the history without r.removedPositions; sets the new scores and r.verified
/// (B above A).
void verifyWhyAbove(const SequenceModel& verifier, const History& history, WhyAboveResult& r);

/// Re-scores r.edited; r.verified when the fresh top list (items, in order) and the target's
/// rank equal what r reports.
void verifyWhatIf(const SequenceModel& verifier, WhatIfResult& r);

/// Σφ against f(all players) − f(no player) from a fresh pass (the table's own difference
/// equals Σφ by construction); sets efficiencyGap, efficiencyIndependent and the fresh scores.
void verifyShapleyEfficiency(const SequenceModel& verifier, const History& history,
                             ItemIndex target, ShapleyExplanation& s);

/// The fresh full-catalog rows the facts are checked against: the history, every single
/// removal and every in-place occlusion (when the verifier can occlude), from one batched pass.
/// They depend only on the history, so explain() scores them on a free core while the
/// explanation is still being computed.
struct FactRows {
    History history;
    bool occlusion = false;
    size_t items = 0;
    std::vector<float> rows; // [histories x items]
};
FactRows scoreFactRows(const SequenceModel& verifier, const History& history);
/// The histories of FactRows::rows, in row order (explain() splits their scoring over workers).
std::vector<History> factRowHistories(const History& history, bool occlusion);

/// Fresh ranks of the history, of every single removal and of every in-place occlusion (one
/// batched pass), compared with the bundle's; then the decisive purchase the summary may name.
VerifiedFacts verifyFacts(const SequenceModel& verifier, const ExplanationBundle& b);
/// The same from rows scored beforehand; they must be of b.history (else nothing is checked).
VerifiedFacts verifyFacts(const FactRows& fresh, const ExplanationBundle& b);

/// The same for bundles of one history and different targets (explainTopK): every history is
/// scored once and each target read from the same fresh row.
std::vector<VerifiedFacts> verifyFactsOfTargets(const SequenceModel& verifier,
                                                const std::vector<const ExplanationBundle*>& bs);
std::vector<VerifiedFacts> verifyFactsOfTargets(const FactRows& fresh,
                                                const std::vector<const ExplanationBundle*>& bs);

} // namespace reclens
