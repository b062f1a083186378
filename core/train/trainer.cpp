// SASRec training: every user's training prefix (cut into windows of maxLength + 1 items from
// the end, so long histories contribute all their interactions), next-item loss at every
// position, Adam, early stopping on validation NDCG@10 with the best weights restored.

#include "train/trainer.h"

#include "common/allocator.h"
#include "eval/evaluator.h"
#include "model/sasrecimpl.h"
#include "train/catalogsoftmax.h"
#include "train/sampledsoftmax.h"
#include "train/trainloop.h"

#include <algorithm>
#include <memory>

namespace reclens {

namespace {

/// Training windows: inputs w[0..n-2] predict w[1..n-1].
/// `cut` (per user, may be empty): purchases at the end of the training prefix left out.
std::vector<std::vector<ItemIndex>> makeWindows(const Dataset& ds, int maxLength,
                                                const std::vector<std::int32_t>& cut) {
    std::vector<std::vector<ItemIndex>> windows;
    const size_t span = static_cast<size_t>(maxLength) + 1;
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u) {
        const auto seq = ds.trainingSequence(u);
        const size_t left = cut.empty() ? 0 : static_cast<size_t>(cut[static_cast<size_t>(u)]);
        size_t end = seq.size() > left ? seq.size() - left : 0;
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
    // TrainConfig::excludeBought: (position, item) pairs whose logit is masked, i.e. items
    // bought earlier in the window than the position's target (never the target itself).
    torch::Tensor boughtRow;
    torch::Tensor boughtItem;
};

TrainBatch makeBatch(const std::vector<std::vector<ItemIndex>>& windows,
                     const std::vector<size_t>& rowsOf, bool excludeBought) {
    size_t t = 1;
    for (size_t r : rowsOf)
        t = std::max(t, windows[r].size() - 1);
    const auto rows = static_cast<std::int64_t>(rowsOf.size());
    std::vector<std::int64_t> ids(static_cast<size_t>(rows) * t, 0);
    std::vector<std::uint8_t> real(ids.size(), 0);
    std::vector<std::int64_t> index, targets, boughtRow, boughtItem;
    for (size_t i = 0; i < rowsOf.size(); ++i) {
        const auto& w = windows[rowsOf[i]];
        const size_t n = w.size() - 1;
        const size_t off = i * t + (t - n);
        for (size_t j = 0; j < n; ++j) {
            ids[off + j] = w[j] + 1;
            real[off + j] = 1;
            if (excludeBought)
                for (size_t p = 0; p <= j; ++p)
                    if (w[p] != w[j + 1]) {
                        boughtRow.push_back(static_cast<std::int64_t>(targets.size()));
                        boughtItem.push_back(w[p]);
                    }
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
    const auto masked = static_cast<std::int64_t>(boughtRow.size());
    b.boughtRow = torch::from_blob(boughtRow.data(), {masked}, torch::kLong).clone();
    b.boughtItem = torch::from_blob(boughtItem.data(), {masked}, torch::kLong).clone();
    return b;
}

/// FLOPs of a training step's matrix products, forward and backward (each product of the
/// forward costs twice again backward: one product per input). Per block the six d x d
/// projections and the two T x T attention products over the padded batch, then the loss's
/// products: every item for the full softmax, the targets and negatives otherwise. Element-wise
/// work (softmax, layer norm, Adam) is not counted: this is what the GEMMs achieve.
double stepFlops(const TrainBatch& b, const SasRecNetOptions& o, LossKind loss, int negatives) {
    const double slots = static_cast<double>(b.items.numel()); // B x T, padding included
    const double t = static_cast<double>(b.items.size(1));
    const double d = o.dim;
    const double n = static_cast<double>(b.targets.size(0));
    double forward = o.layers * (6 * 2 * slots * d * d + 2 * 2 * slots * t * d);
    if (loss == LossKind::CrossEntropy)
        forward += 2 * n * o.itemCount * d;
    else if (loss == LossKind::SampledCrossEntropy)
        forward += 2 * n * (negatives + 1) * d;
    else
        forward += 2 * 2 * n * d;
    return 3 * forward;
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

/// Row gradients for the embedding tables while training, dense again afterwards (also when
/// training throws): scoring and explanations outside training expect the default.
class SparseEmbeddingGradients {
public:
    SparseEmbeddingGradients(SasRecNet net, bool sparse)
        : m_net(std::move(net)) {
        m_net->setSparseEmbeddingGradients(sparse);
    }
    ~SparseEmbeddingGradients() { m_net->setSparseEmbeddingGradients(false); }
    SparseEmbeddingGradients(const SparseEmbeddingGradients&) = delete;
    SparseEmbeddingGradients& operator=(const SparseEmbeddingGradients&) = delete;

private:
    SasRecNet m_net;
};

} // namespace

EvalConfig validationEvalConfig(const TrainConfig& config) {
    EvalConfig vc;
    vc.split = EvalSplit::Valid;
    vc.ks = {10};
    vc.beyondAccuracy = false;
    vc.maxUsers = config.validUsers;
    vc.seed = config.seed;
    vc.excludeSeen = config.excludeBought;
    return vc;
}

Expected<TrainResult> train(SasRecModel& model, const Dataset& ds, const TrainConfig& config,
                            const TrainCallbacks& callbacks, const HeldOutTransitions* heldOut) {
    const TensorMemoryScope tensorMemory;
    if (auto why = validate(model, ds, config); !why.empty())
        return makeError(why.rfind("the model", 0) == 0 ? ErrorCode::Mismatch
                                                        : ErrorCode::InvalidArgument,
                         ds.sourcePath, 0, 0, "cannot train: " + why);
    auto& impl = model.impl();
    auto& net = impl.net;
    if (heldOut && heldOut->positions == 0)
        heldOut = nullptr; // nothing held out: the plain validation
    if (heldOut && heldOut->cut.size() != ds.users.size())
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "cannot train: the held-out transitions were made from another dataset");
    const auto windows =
        makeWindows(ds, model.maxLength(), heldOut ? heldOut->cut : std::vector<std::int32_t>{});
    if (windows.empty())
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "cannot train: no user has a training history of at least 2 items");
    std::vector<size_t> lengths;
    for (const auto& w : windows)
        lengths.push_back(w.size());

    EvalConfig validCfg = validationEvalConfig(config);
    // Held-out transitions: several targets per customer, so validUsers customers' worth.
    if (heldOut && config.validUsers > 0)
        validCfg.maxUsers = config.validUsers * (heldOut->positions + 1);
    const int itemCount = model.itemCount();
    const LossKind lossKind = effectiveLoss(config.loss, itemCount);
    TensorMemoryScope::keepInHeapUpTo(trainingHeapBlockLimit(
        lossKind == LossKind::CrossEntropy, static_cast<size_t>(config.batchSize),
        static_cast<size_t>(model.maxLength()), static_cast<size_t>(itemCount),
        static_cast<size_t>(impl.info.config.dim)));
    std::unique_ptr<SampledSoftmax> sampled;
    if (lossKind == LossKind::SampledCrossEntropy)
        sampled = std::make_unique<SampledSoftmax>(ds, itemCount, config.negatives);
    // Sampled losses (sampled-ce, bce) look up only the step's inputs, targets and negatives:
    // with row gradients the optimiser (LazyAdam) updates only those rows, so a step costs the
    // same at 10 k and at 1 M products. The full softmax scores every item, so it keeps dense
    // gradients and plain Adam, bit for bit.
    const SparseEmbeddingGradients sparseRows(net, lossKind != LossKind::CrossEntropy);

    TrainLoopHooks hooks;
    hooks.planEpoch = [&](std::mt19937_64& rng) {
        return lengthBucketedBatches(lengths, static_cast<size_t>(config.batchSize), rng);
    };
    hooks.batchLoss = [&](const std::vector<size_t>& rows) {
        auto b =
            makeBatch(windows, rows, config.excludeBought && lossKind == LossKind::CrossEntropy);
        auto fwd = net->forward(net->embedComponents(b.items), b.real, /*train=*/true);
        auto h = fwd.hidden.reshape({-1, fwd.hidden.size(2)}).index_select(0, b.index);
        torch::Tensor loss;
        if (sampled) {
            loss = sampled->loss(h, b.targets, [&](const torch::Tensor& items) {
                return net->candidateEmbedding(items);
            });
        } else if (lossKind == LossKind::CrossEntropy) {
            // Bought items are no candidates at inference: their logits get no probability
            // mass (masked). One autograd node for scores, softmax and loss (catalogsoftmax.h).
            loss = catalogCrossEntropy(h, net->itemTable(), b.targets, b.boughtRow, b.boughtItem,
                                       config.labelSmoothing);
        } else {
            auto neg = torch::randint(0, itemCount, b.targets.sizes(), torch::kLong);
            auto pos = (h * net->candidateEmbedding(b.targets)).sum(-1);
            auto negLogit = (h * net->candidateEmbedding(neg)).sum(-1);
            loss = torch::nn::functional::binary_cross_entropy_with_logits(pos,
                                                                           torch::ones_like(pos)) +
                   torch::nn::functional::binary_cross_entropy_with_logits(
                       negLogit, torch::zeros_like(negLogit));
        }
        return BatchLoss{loss, b.targets.size(0),
                         stepFlops(b, net->options(), lossKind, config.negatives)};
    };
    hooks.validate = [&](const std::function<bool()>& shouldStop) {
        const auto valid = evaluate(model, heldOut ? heldOut->valid : ds, validCfg, shouldStop);
        return std::make_pair(valid.metrics.at("hr@10"), valid.metrics.at("ndcg@10"));
    };
    hooks.record = [&](const TrainResult& result) {
        recordTrainingRun(impl.info, config, result);
        impl.info.training.loss = lossKind; // what ran: sampled-ce above kFullSoftmaxMaxItems
    };
    hooks.optimizerState = &impl.optimizerState;
    return runTrainingLoop(net->parameters(), config, callbacks, hooks, ds.sourcePath);
}

} // namespace reclens
