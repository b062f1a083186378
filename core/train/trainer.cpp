// SASRec training: every user's training prefix (cut into windows of maxLength + 1 items from
// the end, so long histories contribute all their interactions), next-item loss at every
// position, Adam, early stopping on validation NDCG@10 with the best weights restored.

#include "train/trainer.h"

#include "eval/evaluator.h"
#include "model/sasrecimpl.h"
#include "train/sampledsoftmax.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>

namespace reclens {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Training windows: inputs w[0..n-2] predict w[1..n-1].
std::vector<std::vector<ItemIndex>> makeWindows(const Dataset& ds, int maxLength) {
    std::vector<std::vector<ItemIndex>> windows;
    const size_t span = static_cast<size_t>(maxLength) + 1;
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u) {
        const auto seq = ds.trainingSequence(u);
        size_t end = seq.size();
        while (end >= 2) {
            const size_t start = end > span ? end - span : 0;
            windows.emplace_back(seq.begin() + static_cast<std::ptrdiff_t>(start),
                                 seq.begin() + static_cast<std::ptrdiff_t>(end));
            if (start == 0)
                break;
            end = start + 1; // the next window's last target is this window's first input
        }
    }
    return windows;
}

struct TrainBatch {
    torch::Tensor items;   // [B, T] inputs, left-padded with 0
    torch::Tensor real;    // [B, T] bool
    torch::Tensor index;   // [N] flat indices of real positions
    torch::Tensor targets; // [N] 0-based target item of each real position
};

TrainBatch makeBatch(const std::vector<std::vector<ItemIndex>>& windows,
                     const std::vector<size_t>& order, size_t begin, size_t end) {
    size_t t = 1;
    for (size_t i = begin; i < end; ++i)
        t = std::max(t, windows[order[i]].size() - 1);
    const auto rows = static_cast<std::int64_t>(end - begin);
    std::vector<std::int64_t> ids(static_cast<size_t>(rows) * t, 0);
    std::vector<std::uint8_t> real(ids.size(), 0);
    std::vector<std::int64_t> index, targets;
    for (size_t i = begin; i < end; ++i) {
        const auto& w = windows[order[i]];
        const size_t n = w.size() - 1;
        const size_t off = (i - begin) * t + (t - n);
        for (size_t j = 0; j < n; ++j) {
            ids[off + j] = w[j] + 1;
            real[off + j] = 1;
            index.push_back(static_cast<std::int64_t>(off + j));
            targets.push_back(w[j + 1]);
        }
    }
    TrainBatch b;
    b.items =
        torch::from_blob(ids.data(), {rows, static_cast<std::int64_t>(t)}, torch::kLong).clone();
    b.real = torch::from_blob(real.data(), {rows, static_cast<std::int64_t>(t)}, torch::kUInt8)
                 .to(torch::kBool);
    b.index =
        torch::from_blob(index.data(), {static_cast<std::int64_t>(index.size())}, torch::kLong)
            .clone();
    b.targets =
        torch::from_blob(targets.data(), {static_cast<std::int64_t>(targets.size())}, torch::kLong)
            .clone();
    return b;
}

std::string validate(const SasRecModel& model, const Dataset& ds, const TrainConfig& c) {
    if (model.info().datasetFingerprint != ds.fingerprint)
        return "the model was created for dataset '" + model.info().datasetName +
               "' (fingerprint " + model.info().datasetFingerprint + "), not for '" + ds.name +
               "' (fingerprint " + ds.fingerprint + ")";
    if (model.itemCount() != static_cast<int>(ds.items.size()))
        return "the model has " + std::to_string(model.itemCount()) +
               " items but the dataset has " + std::to_string(ds.items.size());
    if (c.epochs < 0)
        return "epochs must not be negative";
    if (c.batchSize < 1)
        return "batchSize must be at least 1";
    if (!(c.learningRate > 0.0f))
        return "learningRate must be positive";
    if (c.weightDecay < 0.0f)
        return "weightDecay must not be negative";
    if (!(c.labelSmoothing >= 0.0f && c.labelSmoothing < 1.0f))
        return "labelSmoothing must be in [0, 1)";
    if (c.negatives < 1)
        return "negatives must be at least 1";
    return {};
}

/// What ModelInfo records about a training run whose weights the model holds.
void recordTraining(ModelInfo& info, const TrainConfig& config, const TrainResult& result) {
    info.training = config;
    info.training.loss = effectiveLoss(config.loss, info.itemCount);
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

std::string serializeOptimizer(torch::optim::Adam& optimizer) {
    std::ostringstream os;
    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    archive.save_to(os);
    return os.str();
}

} // namespace

Expected<TrainResult> train(SasRecModel& model, const Dataset& ds, const TrainConfig& config,
                            const TrainCallbacks& callbacks) {
    if (auto why = validate(model, ds, config); !why.empty())
        return makeError(why.rfind("the model", 0) == 0 ? ErrorCode::Mismatch
                                                        : ErrorCode::InvalidArgument,
                         ds.sourcePath, 0, 0, "cannot train: " + why);
    auto& impl = model.impl();
    auto& net = impl.net;
    const auto t0 = Clock::now();
    TrainResult result;
    try {
        setComputeThreads(config.threads);
        torch::manual_seed(config.seed);
        std::mt19937_64 rng(config.seed);
        const auto windows = makeWindows(ds, model.maxLength());
        if (windows.empty())
            return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                             "cannot train: no user has a training history of at least 2 items");
        auto params = net->parameters();
        torch::optim::Adam optimizer(params, torch::optim::AdamOptions(config.learningRate)
                                                 .betas({0.9, 0.98})
                                                 .weight_decay(config.weightDecay));
        // The weights train() returns: those of the last epoch a stop would keep (the best one
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

        EvalConfig validCfg;
        validCfg.split = EvalSplit::Valid;
        validCfg.ks = {10};
        validCfg.beyondAccuracy = false;
        validCfg.maxUsers = config.validUsers;
        validCfg.seed = config.seed;

        std::vector<size_t> order(windows.size());
        const size_t batch = static_cast<size_t>(config.batchSize);
        const int steps = static_cast<int>((windows.size() + batch - 1) / batch);
        const int itemCount = model.itemCount();
        const LossKind lossKind = effectiveLoss(config.loss, itemCount);
        std::unique_ptr<SampledSoftmax> sampled;
        if (lossKind == LossKind::SampledCrossEntropy)
            sampled = std::make_unique<SampledSoftmax>(ds, itemCount, config.negatives);
        int sinceBest = 0;
        const bool earlyStopping = config.patience > 0; // else: all epochs, last weights kept
        bool stop = false;
        for (int epoch = 1; epoch <= config.epochs && !stop; ++epoch) {
            const auto e0 = Clock::now();
            // Length buckets: shuffle, group windows of equal length, then shuffle whole
            // batches. Most histories are far shorter than maxLength, and padding every batch
            // to its longest window made epochs several times slower.
            std::iota(order.begin(), order.end(), size_t{0});
            std::shuffle(order.begin(), order.end(), rng);
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
                return windows[a].size() < windows[b].size();
            });
            std::vector<size_t> batchStarts;
            for (size_t begin = 0; begin < order.size(); begin += batch)
                batchStarts.push_back(begin);
            std::shuffle(batchStarts.begin(), batchStarts.end(), rng);
            double lossSum = 0;
            std::int64_t positions = 0;
            int step = 0;
            for (size_t begin : batchStarts) {
                if (callbacks.shouldStop && callbacks.shouldStop()) {
                    stop = result.cancelled = true;
                    break;
                }
                auto b = makeBatch(windows, order, begin, std::min(order.size(), begin + batch));
                auto fwd = net->forward(net->embedComponents(b.items), b.real, /*train=*/true);
                auto h = fwd.hidden.reshape({-1, fwd.hidden.size(2)}).index_select(0, b.index);
                torch::Tensor loss;
                if (sampled) {
                    loss = sampled->loss(h, b.targets, [&](const torch::Tensor& items) {
                        return net->candidateEmbedding(items);
                    });
                } else if (lossKind == LossKind::CrossEntropy) {
                    auto logits = torch::matmul(h, net->itemTable().t());
                    loss = torch::nn::functional::cross_entropy(
                        logits, b.targets,
                        torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(
                            config.labelSmoothing));
                } else {
                    auto neg = torch::randint(0, itemCount, b.targets.sizes(), torch::kLong);
                    auto pos = (h * net->candidateEmbedding(b.targets)).sum(-1);
                    auto negLogit = (h * net->candidateEmbedding(neg)).sum(-1);
                    loss = torch::nn::functional::binary_cross_entropy_with_logits(
                               pos, torch::ones_like(pos)) +
                           torch::nn::functional::binary_cross_entropy_with_logits(
                               negLogit, torch::zeros_like(negLogit));
                }
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                const double l = loss.item<double>();
                lossSum += l * static_cast<double>(b.targets.size(0));
                positions += b.targets.size(0);
                ++step;
                if (callbacks.onStep)
                    callbacks.onStep({epoch, step, steps, l});
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
            const auto valid = evaluate(model, ds, validCfg, callbacks.shouldStop);
            if (callbacks.shouldStop && callbacks.shouldStop()) {
                result.cancelled = true; // validation was cut short: the epoch does not count
                break;
            }
            stats.validHr10 = valid.metrics.at("hr@10");
            stats.validNdcg10 = valid.metrics.at("ndcg@10");
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
                impl.optimizerState = keptOptimizer;
                result.seconds = secondsSince(t0);
                recordTraining(impl.info, config, result);
                callbacks.onCheckpoint(stats);
            }
        }
        restore();
        if (result.weightsEpoch > 0)
            impl.optimizerState = keptOptimizer; // else: untouched, as the weights are
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, ds.sourcePath, 0, 0,
                         std::string("training failed in LibTorch: ") + e.what_without_backtrace());
    }
    result.seconds = secondsSince(t0);
    // No epoch completed: the model holds the weights it came with, so its ModelInfo (which
    // describes those weights) stays as it was.
    if (result.weightsEpoch > 0)
        recordTraining(impl.info, config, result);
    return result;
}

} // namespace reclens
