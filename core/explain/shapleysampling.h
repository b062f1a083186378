#pragma once
// Pieces shared by the Shapley engine's estimators (shapley.cpp: exact and sampled orders;
// shapleystratified.cpp: recency-stratified sampling). Internal to explain/.

#include "explain/explanation.h"
#include "explain/shapleyengine.h"

#include <cstdint>
#include <vector>

namespace reclens::shapley {

/// v[row * outputs + o] as returned by the value function, checked for size.
std::vector<double> evaluate(const CoalitionValues& value, const std::vector<History>& batch,
                             int outputs);

/// The orders of one independent group, built from one uniformly random order `base`: the
/// order rotated by round(k·n/K) for k < K (K = perGroup), each followed by its reverse.
std::vector<std::vector<int>> groupOrders(const std::vector<int>& base, int perGroup);

/// Recency-stratified sampling over all positions of `history` (shapleystratified.cpp):
/// `orders` antithetic orders (at least 4) plus about `newestPerPlayer` coalitions per player of
/// the stratum where the player is the newest purchase present.
std::vector<ShapleyExplanation> recencyStratified(const History& history, int orders,
                                                  int newestPerPlayer, std::uint64_t seed,
                                                  int outputs, const CoalitionValues& value);

} // namespace reclens::shapley
