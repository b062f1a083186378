#pragma once

#include "common/expected.h"
#include "eval/evaluator.h"
#include "model/modelconfig.h"
#include "model/sasrecmodel.h"
#include "train/heldouttransitions.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace reclens {

struct EpochStats {
    int epoch = 0;          // 1-based
    int epochs = 0;         // configured upper bound
    double loss = 0.0;      // mean training loss of the epoch
    double validHr10 = 0.0; // on TrainConfig::validUsers users, full ranking
    double validNdcg10 = 0.0;
    double itemsPerSecond = 0.0; // training target positions per second
    /// Matrix-product GFLOP/s of the training steps (forward and backward products counted
    /// from the batch shapes, validation excluded); 0 for a model that does not count them.
    double gflopsPerSecond = 0.0;
    double seconds = 0.0;  // wall time of the epoch including validation
    bool improved = false; // best validation NDCG@10 so far
};

struct StepStats {
    int epoch = 0;
    int step = 0;  // 1-based within the epoch
    int steps = 0; // steps per epoch
    double loss = 0.0;
    std::int64_t positions = 0; // training positions (targets) in this step's batch
};

struct TrainCallbacks {
    std::function<void(const EpochStats&)> onEpoch;
    std::function<void(const StepStats&)> onStep;
    std::function<bool()> shouldStop; // polled between steps; back it with a std::atomic_bool
    /// Called after each epoch whose weights train() would return if it ended now (a new best
    /// with early stopping; every epoch with patience 0). The model then holds those weights,
    /// its optimizer state and a ModelInfo describing them, so saving it here writes a complete
    /// checkpoint that stays the last good one if training is later killed or cancelled.
    std::function<void(const EpochStats&)> onCheckpoint;
};

struct TrainResult {
    bool cancelled = false;
    int epochsRun = 0;
    int bestEpoch = 0; // best validation NDCG@10 among the complete epochs
    /// The epoch whose weights the model holds on return: bestEpoch with early stopping, the
    /// last complete epoch with patience 0; 0 when no epoch completed (cancelled during the
    /// first), and the model then holds its untrained initial weights.
    int weightsEpoch = 0;
    double bestValidNdcg10 = 0.0;
    double seconds = 0.0;
    std::vector<EpochStats> epochs;
};

/// The evaluation each epoch's validation runs: full-ranking NDCG@10 of the validation
/// purchases of config.validUsers customers sampled with config.seed, ranked among the
/// candidates shown later (config.excludeBought). Models scored with the same config are
/// scored on the same customers.
EvalConfig validationEvalConfig(const TrainConfig& config);

/// Trains `model` on the training prefixes of `ds` with early stopping on validation NDCG@10;
/// on return the model holds the weights of TrainResult::weightsEpoch (also when cancelled: a
/// partial epoch is never kept) and its ModelInfo records the training. Throws nothing for bad
/// arguments: they come back as an Error. With `heldOut` (made from `ds`; the tuner's trials)
/// the purchases it holds out are not trained on and validation predicts them instead of the
/// validation targets (heldouttransitions.h).
Expected<TrainResult> train(SasRecModel& model, const Dataset& ds, const TrainConfig& config,
                            const TrainCallbacks& callbacks = {},
                            const HeldOutTransitions* heldOut = nullptr);

} // namespace reclens
