#include "train/trainloop.h"

#include "model/computebackend.h"
#include "train/lazyadam.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <sstream>

namespace reclens {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string serializeOptimizer(torch::optim::Adam& optimizer) {
    std::ostringstream os;
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    archive.save_to(os);
    return os.str();
}

} // namespace

/// What ModelInfo records about a training run whose weights the model holds.
void recordTrainingRun(ModelInfo& info, const TrainConfig& config, const TrainResult& result) {
    info.training = config;
    info.training.model = info.config; // the architecture is the model's, not the request's
    info.trainSeconds = result.seconds;
    info.epochsTrained = result.epochsRun;
    info.bestEpoch = result.bestEpoch;
    // Every epoch run, also those after the best one: the curves show why training stopped.
    info.history.clear();
    for (const EpochStats& e : result.epochs)
        info.history.push_back(
            {e.epoch, e.loss, e.validHr10, e.validNdcg10, e.seconds, e.itemsPerSecond});
    if (result.weightsEpoch > 0) {
        // The metrics of the weights the model now holds.
        const auto& b = result.epochs[static_cast<size_t>(result.weightsEpoch - 1)];
        info.metrics["valid.hr@10"] = b.validHr10;
        info.metrics["valid.ndcg@10"] = b.validNdcg10;
    }
}

std::vector<std::vector<std::size_t>> lengthBucketedBatches(const std::vector<std::size_t>& lengths,
                                                            std::size_t batchSize,
                                                            std::mt19937_64& rng) {
    std::vector<std::size_t> order(lengths.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return lengths[a] < lengths[b]; });
    std::vector<std::size_t> starts;
    for (std::size_t begin = 0; begin < order.size(); begin += batchSize)
        starts.push_back(begin);
    std::shuffle(starts.begin(), starts.end(), rng);
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t begin : starts)
        batches.emplace_back(
            order.begin() + static_cast<std::ptrdiff_t>(begin),
            order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), begin + batchSize)));
    return batches;
}

Expected<TrainResult> runTrainingLoop(std::vector<torch::Tensor> params, const TrainConfig& config,
                                      const TrainCallbacks& callbacks, TrainLoopHooks& hooks,
                                      const std::string& sourcePath) {
    const auto t0 = Clock::now();
    TrainResult result;
    try {
        setComputeThreads(config.threads);
        torch::manual_seed(config.seed);
        std::mt19937_64 rng(config.seed);
        // Plain Adam for dense gradients; rows only for sparse ones (lazyadam.h).
        LazyAdam optimizer(params, torch::optim::AdamOptions(config.learningRate)
                                       .betas({0.9, 0.98})
                                       .weight_decay(config.weightDecay));
        // The weights the loop returns: those of the last epoch a stop would keep (the best one
        // with early stopping, the last complete one with patience 0), with the optimizer state
        // of that moment, so the saved checkpoint is exactly what its label says. Taken before
        // epoch 1 too: a run cancelled before any epoch completed hands back the untrained
        // initial weights (result.weightsEpoch = 0), never half an epoch of updates.
        std::vector<torch::Tensor> kept;
        std::string keptOptimizer;
        auto snapshot = [&] {
            kept.clear();
            for (auto& p : params)
                kept.push_back(p.detach().clone());
            keptOptimizer = serializeOptimizer(optimizer);
        };
        auto restore = [&] {
            torch::NoGradGuard noGrad;
            for (size_t i = 0; i < kept.size(); ++i)
                params[i].copy_(kept[i]);
        };
        snapshot();

        std::vector<bool> hadDenseGrad(params.size(), false);
        int sinceBest = 0;
        const bool earlyStopping = config.patience > 0; // else: all epochs, last weights kept
        bool stop = false;
        for (int epoch = 1; epoch <= config.epochs && !stop; ++epoch) {
            const auto e0 = Clock::now();
            const auto batches = hooks.planEpoch(rng);
            const int steps = static_cast<int>(batches.size());
            double lossSum = 0;
            std::int64_t positions = 0;
            double flops = 0.0;
            int step = 0;
            for (const auto& batch : batches) {
                if (callbacks.shouldStop && callbacks.shouldStop()) {
                    stop = result.cancelled = true;
                    break;
                }
                BatchLoss b = hooks.batchLoss(batch);
                // Gradients dropped rather than zeroed (Optimizer::zero_grad): backward then
                // hands each parameter its fresh gradient instead of adding it to a zeroed
                // tensor, one op and one pass per parameter less per step; same values. A
                // dense gradient that backward did not reach is zero again, as zero_grad left
                // it, so Adam still steps that parameter.
                for (size_t i = 0; i < params.size(); ++i) {
                    auto& grad = params[i].mutable_grad();
                    hadDenseGrad[i] = grad.defined() && !grad.is_sparse();
                    grad = torch::Tensor();
                }
                b.loss.backward();
                for (size_t i = 0; i < params.size(); ++i)
                    if (hadDenseGrad[i] && !params[i].grad().defined())
                        params[i].mutable_grad() = torch::zeros_like(params[i]);
                optimizer.step();
                const double l = b.loss.item<double>();
                lossSum += l * static_cast<double>(b.positions);
                positions += b.positions;
                flops += b.flops;
                ++step;
                if (callbacks.onStep)
                    callbacks.onStep({epoch, step, steps, l, b.positions});
            }
            if (result.cancelled)
                break; // a partial epoch is neither validated nor kept
            const double trainSeconds = secondsSince(e0);
            EpochStats stats;
            stats.epoch = epoch;
            stats.epochs = config.epochs;
            stats.loss = positions > 0 ? lossSum / static_cast<double>(positions) : 0.0;
            stats.itemsPerSecond =
                trainSeconds > 0 ? static_cast<double>(positions) / trainSeconds : 0.0;
            stats.gflopsPerSecond = trainSeconds > 0 ? flops / trainSeconds * 1e-9 : 0.0;
            const auto [hr, ndcg] = hooks.validate(callbacks.shouldStop);
            if (callbacks.shouldStop && callbacks.shouldStop()) {
                result.cancelled = true; // validation was cut short: the epoch does not count
                break;
            }
            stats.validHr10 = hr;
            stats.validNdcg10 = ndcg;
            stats.seconds = secondsSince(e0);
            stats.improved = result.bestEpoch == 0 || stats.validNdcg10 > result.bestValidNdcg10;
            if (stats.improved) {
                result.bestValidNdcg10 = stats.validNdcg10;
                result.bestEpoch = epoch;
                sinceBest = 0;
            } else if (earlyStopping && ++sinceBest >= config.patience) {
                stop = true;
            }
            if (stats.improved || !earlyStopping) {
                snapshot(); // patience 0 keeps the last complete epoch, not a partial one
                result.weightsEpoch = epoch;
            }
            result.epochsRun = epoch;
            result.epochs.push_back(stats);
            if (callbacks.onEpoch)
                callbacks.onEpoch(stats);
            if (callbacks.onCheckpoint && (stats.improved || !earlyStopping)) {
                // The live weights are the ones a stop here would keep (the snapshot just taken).
                if (hooks.optimizerState)
                    *hooks.optimizerState = keptOptimizer;
                result.seconds = secondsSince(t0);
                hooks.record(result);
                callbacks.onCheckpoint(stats);
            }
        }
        restore();
        if (result.weightsEpoch > 0 && hooks.optimizerState)
            *hooks.optimizerState = keptOptimizer; // else: untouched, as the weights are
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, sourcePath, 0, 0,
                         std::string("training failed in LibTorch: ") + e.what_without_backtrace());
    }
    result.seconds = secondsSince(t0);
    // No epoch completed: the model holds the weights it came with, so its ModelInfo (which
    // describes those weights) stays as it was.
    if (result.weightsEpoch > 0)
        hooks.record(result);
    return result;
}

} // namespace reclens
