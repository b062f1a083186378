#pragma once
// The epoch loop every RecLens model trains with (internal: includes torch): Adam (LazyAdam:
// plain Adam for dense gradients, only the touched rows for sparse ones), early stopping on
// validation NDCG@10 with the best weights (and optimizer state) restored, checkpoints at every
// epoch a stop would keep, cancellation between steps, per-step and per-epoch progress. A model
// supplies only what differs: how an epoch is cut into batches, the loss of one batch, the
// validation metrics and how its ModelInfo records the run. SASRec (trainer.cpp) and the search
// model (core/search/searchtrainer.cpp) share it.

#include "train/trainer.h"

#include <torch/torch.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

namespace reclens {

struct BatchLoss {
    torch::Tensor loss;         // scalar, differentiable
    std::int64_t positions = 0; // targets it averages over (for the epoch mean and items/s)
    double flops = 0.0;         // matrix-product FLOPs of its forward + backward (0 = not counted)
};

struct TrainLoopHooks {
    /// Batches of the next epoch (each a list of sample indices), drawn with `rng`.
    std::function<std::vector<std::vector<std::size_t>>(std::mt19937_64& rng)> planEpoch;
    std::function<BatchLoss(const std::vector<std::size_t>& batch)> batchLoss;
    /// Validation HR@10 and NDCG@10 of the current weights; may stop early when asked to.
    std::function<std::pair<double, double>(const std::function<bool()>& shouldStop)> validate;
    /// Records the run in the model's ModelInfo (the weights it holds are those of
    /// result.weightsEpoch).
    std::function<void(const TrainResult& result)> record;
    std::string* optimizerState = nullptr; // where the kept Adam state is stored
};

/// Runs the loop on `params` (the model's parameters, updated in place). Seeds torch and the
/// rng from config.seed. LibTorch errors come back as an Error naming `sourcePath`.
Expected<TrainResult> runTrainingLoop(std::vector<torch::Tensor> params, const TrainConfig& config,
                                      const TrainCallbacks& callbacks, TrainLoopHooks& hooks,
                                      const std::string& sourcePath);

/// What ModelInfo records about a training run whose weights the model holds: the config, the
/// epochs run (every one, also after the best: the curves show why training stopped) and the
/// validation metrics of the kept weights.
void recordTrainingRun(ModelInfo& info, const TrainConfig& config, const TrainResult& result);

/// Length buckets, as SASRec has always batched: shuffle, group samples of equal length, cut
/// into batches, shuffle the batches (short histories are not padded to the longest one).
std::vector<std::vector<std::size_t>> lengthBucketedBatches(const std::vector<std::size_t>& lengths,
                                                            std::size_t batchSize,
                                                            std::mt19937_64& rng);

} // namespace reclens
