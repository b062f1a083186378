#pragma once
// The value function of "why this list" (ListShapleyExplanation), shared by
// explainListShapley and the top-K run (which plays it on the same coalitions as item Shapley).

#include "explain/shapleyengine.h"

namespace reclens {

/// Kendall τ-b between the list order (scores[0] belongs to the list's first item) and the
/// order of `scores`; 1 when the scores keep the list's order.
double listAgreement(const std::vector<float>& scores);

/// v(S) of one coalition from the scores it gives the list's items (scores[0..k) in list
/// order): 1 for the full coalition (players are only ever removed, so it is the coalition as
/// long as the explained history), otherwise listAgreement of the scores.
double listValue(const History& coalition, size_t fullLength, const float* scores, size_t k);

/// v(S) for coalition histories of `history` (the explained, clipped history): 1 for the full
/// coalition, otherwise listAgreement of the scores S gives the items of `list`. Keeps
/// references to `model` and `history`: use it while both live.
CoalitionValues listOrderValue(const SequenceModel& model, const History& history,
                               const std::vector<ItemIndex>& list);

} // namespace reclens
