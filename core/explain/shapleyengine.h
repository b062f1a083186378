#pragma once
// One Shapley engine for every game RecLens plays over the purchases of a history: the item
// Shapley values of one target (explainShapley), of several targets at once (explainTopK) and
// the "why this list" values of the whole top-K (explainListShapley) differ only in the value
// function handed to it. The engine decides exact versus sampled, builds the coalition
// histories, asks the value function for all of them in ONE call and combines the numbers.

#include "explain/explanation.h"

#include <functional>

namespace reclens {

/// Values of coalitions. Called with coalition histories (the explained history with the
/// absent players removed, order kept; context positions are always present) and returns
/// `outputs` numbers per coalition, row-major [coalitions × outputs]. Several outputs share one
/// set of coalition histories: the top-K run reads the scores of all K targets from the same
/// forward pass of each coalition. The engine may pass the same history more than once (every
/// sampled order starts with the empty coalition and ends with the full one).
using CoalitionValues = std::function<std::vector<double>(const std::vector<History>&)>;

/// Shapley values of every output over the positions of `history`, exact or sampled as
/// explainShapley documents (config.shapleyExactLimit, shapleyExactOnLastItems,
/// shapleyPermutations and seed). One result per output; their scoreAll / scoreEmpty are
/// v(all players) and v(no player; context kept) of that output and efficiencyGap is
/// |Σ φ − (v(all) − v(empty))|. The value function is called exactly once.
/// Throws std::invalid_argument when outputs < 1 or the value function returns a result of the
/// wrong size.
std::vector<ShapleyExplanation> shapleyValues(const History& history, int outputs,
                                              const CoalitionValues& value,
                                              const ExplainConfig& config);

/// Scores of `targets` after each history, all read from the same scoreAll row of that history
/// (one forward pass serves every target). Each distinct history is scored once; rows go to the
/// model in chunks of kScoreChunk. Row-major [histories × targets]. With `ranks`, also the
/// 1-based rank of each target in each row (same layout).
std::vector<float> scoreTargetsFromRows(const SequenceModel& model,
                                        const std::vector<History>& histories,
                                        const std::vector<ItemIndex>& targets,
                                        std::vector<int>* ranks = nullptr);

} // namespace reclens
