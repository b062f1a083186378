#pragma once
// Automatic tuning: Hyperband (Li et al. 2018, JMLR 18(185)) over the hyper-parameters that
// decide whether a shop's patterns are learned at all: dropout, learning rate, weight decay,
// side features, candidate side features, maximum length (from the history-length
// distribution), dimension and heads. Bad configurations stop after an epoch or two
// (successive halving); survivors continue from their weights. All choices are drawn from a
// seeded generator, so a run whose schedule fits its budget is reproducible for a seed.

#include "common/expected.h"
#include "data/dataset.h"
#include "model/modelconfig.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"

#include <functional>
#include <memory>
#include <vector>

namespace reclens {

struct TuneConfig {
    /// Everything not searched comes from here: seed, threads, loss, batch size, patience and
    /// epochs of the final training, validUsers, excludeBought.
    TrainConfig base;
    double budgetMinutes = 5.0; // wall time of the whole search and the final training
    int maxTrialEpochs = 9;     // Hyperband's R: epochs of a trial that survives every rung
    int eta = 3;                // Hyperband's η: a rung keeps the best 1/η of its trials
    /// After the brackets the best trial keeps training with early stopping (base.patience,
    /// at most base.epochs in all) while the budget lasts; false = stop at its R epochs.
    bool finishBest = true;
    /// With finishBest, the share of the budget the brackets may use; the rest (and whatever
    /// the brackets leave) goes to the best trial's final training.
    double searchShare = 0.6;
    /// Embedding sizes the search may draw (heads from {1, 2, 4}); keeps models within limits.
    std::vector<int> dims = {32, 64};
};

// TrialRecord and TuningRecord (what a tuned checkpoint records) live in model/modelconfig.h.

struct TuneResult {
    TrainConfig chosen;  // the winning configuration (base with the searched fields set)
    TuningRecord record; // also stored in model->info().tuning
    bool cancelled = false;
    TrainResult final; // the best trial's last training call (finishBest or its last rung)
    std::unique_ptr<SasRecModel> model; // trained with `chosen`; null only on error
};

struct TuneCallbacks {
    std::function<void(const TrialRecord&)> onTrial; // after every rung of every trial
    std::function<void(const std::string&)> onStage; // "bracket 2: 9 trials", "final training"
    std::function<bool()> shouldStop;                // cancel; back it with a std::atomic_bool
};

/// The hyper-parameter search. Stops at the budget (mid-epoch if need be; a partial epoch
/// never counts) or on shouldStop, and then returns the best trial so far. An Error when the
/// data cannot be trained on or no trial completed a single epoch within the budget.
Expected<TuneResult> tune(const Dataset& ds, const TuneConfig& config,
                          const TuneCallbacks& callbacks = {});

/// The training configuration plain `train` uses for a dataset: the struct defaults with the
/// regularisation scaled to the data (docs/BENCHMARKS.md, "Defaults from the data"). Dense
/// data (many interactions per item) gets little dropout and no weight decay, sparse data
/// keeps the heavy regularisation that was tuned on Amazon Scientific.
TrainConfig dataDrivenDefaults(const Dataset& ds, TrainConfig base = {});

} // namespace reclens
