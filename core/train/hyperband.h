#pragma once
// The search space and Hyperband's bracket arithmetic of the tuner (internal to tuner.cpp and
// its tests; see tuner.h for the search itself).

#include "data/datasetstats.h"
#include "model/modelconfig.h"

#include <random>
#include <vector>

namespace reclens::hyperband {

/// Lengths the model may look at: the history-length distribution's 75th, 90th percentile and
/// maximum, each rounded up to a multiple of 10 and kept within [10, 200].
std::vector<int> lengthChoices(const DatasetStats& st);

/// One configuration of the search space, drawn from `rng`; the depth too when `depths` is
/// not empty (iterations after the first).
TrainConfig drawConfig(std::mt19937_64& rng, const TrainConfig& base, const DatasetStats& st,
                       bool hasSide, const std::vector<int>& dims, const std::vector<int>& depths);

/// Hyperband's s_max for R and η: the largest s with η^s <= R.
int maxBracket(int R, int eta);

/// One rung of a bracket: how many trials train, and to how many epochs in all.
struct Rung {
    int trials = 0;
    int epochs = 0;
};

/// Bracket s of an iteration with R epochs: n = ceil((s_max+1)/(s+1) · η^s) configurations at
/// R·η^-s epochs, then the best 1/η of them at η times the epochs, ... up to R.
std::vector<Rung> bracketRungs(int R, int eta, int s);

/// Trial epochs bracket s of an iteration with R epochs trains (108, 90, 78, 81 for s = 0..3 at
/// R = 27, η = 3).
double bracketEpochs(int R, int eta, int s);

/// The record of a new trial.
TrialRecord recordOf(int id, int iteration, int bracket, const TrainConfig& c);

} // namespace reclens::hyperband
