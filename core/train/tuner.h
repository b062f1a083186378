#pragma once
// Automatic tuning: Hyperband (Li et al. 2018, JMLR 18(185)) over the hyper-parameters that
// decide whether a shop's patterns are learned at all: dropout, learning rate, weight decay,
// side features, candidate side features, maximum length (from the history-length
// distribution), dimension, heads and (after the first iteration) depth. Bad configurations
// stop after an epoch or two (successive halving); survivors continue from their weights.
// Minutes the first iteration leaves go to further iterations with longer trials (the paper's
// "infinite horizon" variant, section 3.6). All choices are drawn from a seeded generator, so
// a run whose iterations fit its budget is reproducible for a seed.

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
    /// Everything not searched comes from here: seed, threads, loss, batch size, patience
    /// (unless finalPatience) and epochs of the final training, validUsers, excludeBought.
    TrainConfig base;
    double budgetMinutes = 5.0; // wall time of the whole search and the final training
    int maxTrialEpochs = 9;     // Hyperband's R of the first iteration: epochs of a trial that
                                // survives every rung
    int eta = 3;                // Hyperband's η: a rung keeps the best 1/η of its trials
    /// Li et al.'s infinite horizon: after an iteration (all brackets) with R epochs, another
    /// with R·η over freshly drawn configurations, keeping the best trial of all. A deeper
    /// model that starts slowly is cut by R = 9 rungs but can win at R = 27 (BENCHMARKS.md,
    /// "Why 303:500:12 stops at 93 %"). Later iterations run their least aggressive bracket
    /// first, and start a bracket only if its epochs at the mean seconds per trial epoch so far
    /// fit in the search's share of the budget (tuner.cpp). 0 = while the budget lasts (and
    /// R <= base.epochs); 1 = plain Hyperband.
    int maxIterations = 0;
    /// Self-attention blocks the iterations after the first may draw. The first keeps
    /// base.model.layers: at R = 9 a slowly starting deeper model is cut anyway, and its
    /// seeded sequence of configurations stays what it was.
    std::vector<int> laterDepths = {2, 3};
    /// After the brackets the best trial keeps training with early stopping (finalPatience,
    /// at most base.epochs in all) while the budget lasts; false = stop at its R epochs.
    bool finishBest = true;
    /// With finishBest, the share of the budget the brackets may use; the rest (and whatever
    /// the brackets leave) goes to the best trial's final training.
    double searchShare = 0.6;
    /// With finishBest, right after the search (before the winner's final training, which
    /// gets what is left) the data-driven default (trial 0's configuration) is trained from
    /// scratch exactly as plain `train` trains it, while the budget lasts, and replaces the
    /// winner if it validates better by more than one standard error of the paired
    /// per-customer difference (both models on the same validation purchases). A smaller lead
    /// is noise: on a planted shop a default 0.0003 ahead replaced a winner that ranked the
    /// rule targets first far more often (tests/core/test_train_tune.cpp, shop b). So a tuned
    /// model never validates clearly worse than plain `train`'s when the budget covers the
    /// search and one plain training: the rungs judge
    /// a configuration after at most R epochs, and the default, which converges slowly with
    /// its heavy regularisation, lost the search on Amazon Scientific and UCI Online Retail
    /// although it tested better trained to the end (BENCHMARKS.md).
    bool defaultFinalist = true;
    /// Trials leave out each customer's last N training purchases and are judged on predicting
    /// each of them and the validation purchase from the purchases before it
    /// (heldouttransitions.h): N + 1 targets per customer instead of one, so the rungs compare
    /// configurations on more than noise, and on sequential patterns that sit mid-history.
    /// The final trainings and the default finalist validate as plain `train` does. 0 (the
    /// default) = trials validate on the validation purchase only: with 4, the planted shops
    /// moved both ways (rule cases at #1: 404 +5.6 points, 101 +3.4, 505 -1.0, 606 -5.4;
    /// BENCHMARKS.md, "Held-out transitions"), so it is an option, not the default.
    int heldOutTransitions = 0;
    /// With finishBest: the best N trials of the whole search are judged over two seeds
    /// before the final training. Each is trained again from another seed to its epochs (and
    /// scored as the trials are); the configuration with the best mean of its two scores is
    /// chosen and continues from whichever of its two models validated better. One
    /// validation purchase per customer is a noisy judge: on the 606 planted shop a fast
    /// configuration's lucky seed (0.2553) beat slower ones that rank the rule targets first
    /// far more often, and its second seed reached only 0.24 (BENCHMARKS.md, "Finalists over
    /// two seeds"). Runs only if the replicas' epochs, at the mean seconds per trial epoch so
    /// far, fit in half of what the budget has left (the rest is the final training's) and all
    /// complete; otherwise the search's best is chosen as before. 1 (the default) = no
    /// judging: with 3, 606 fell from 84.0 to 66.3 % (another fast trial's lucky second seed
    /// won) and the sample shop from 98.8 to 97.4 %, so it is an option, not the default.
    int finalists = 1;
    /// With finishBest: epochs without a validation NDCG@10 gain before the winner's final
    /// training stops and keeps its best epoch (the budget still ends it sooner); 0 =
    /// base.patience. A longer one did not help the planted shops' rules: the epoch kept is
    /// still the validation purchase's best, which kept rising while the rule share fell on
    /// the sample shop and was an early noise peak on 606 (patience 15 against 5, rule cases at
    /// #1: 404 +1.5 points, sample shop -2.2, 606 -7.9 with one seed of three, 505 unchanged;
    /// BENCHMARKS.md, "A longer patience for the final training"), so it is only an option.
    int finalPatience = 0;
    /// Embedding sizes the search may draw (heads from {1, 2, 4}); keeps models within limits.
    std::vector<int> dims = {32, 64};
};

// TrialRecord and TuningRecord (what a tuned checkpoint records) live in model/modelconfig.h.

struct TuneResult {
    TrainConfig chosen;  // the winning configuration (base with the searched fields set)
    TuningRecord record; // also stored in model->info().tuning
    bool cancelled = false;
    TrainResult final; // the chosen model's last training call (finishBest or its last rung)
    std::unique_ptr<SasRecModel> model; // trained with `chosen`; null only on error
};

struct TuneCallbacks {
    std::function<void(const TrialRecord&)> onTrial; // after every rung of every trial
    std::function<void(const std::string&)>
        onStage;                      // "iteration 1 (R = 9 epochs), bracket 1 of 3: ..."
    std::function<bool()> shouldStop; // cancel; back it with a std::atomic_bool
    /// After every epoch of the winner's final training, with the model holding that epoch's
    /// weights (before early stopping restores the best): to trace what a stop would keep.
    std::function<void(const EpochStats&, const SasRecModel&)> onFinalEpoch;
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
