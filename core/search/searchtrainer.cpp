#include "search/searchtrainer.h"

#include "common/allocator.h"
#include "eval/evaluator.h"
#include "search/searchimpl.h"
#include "search/searchsplit.h"
#include "train/trainloop.h"

namespace reclens::search {

std::vector<std::vector<text::WordId>> encodeLog(const SearchModel& model, const QueryLog& log) {
    std::vector<std::vector<text::WordId>> out;
    out.reserve(log.records.size());
    for (const auto& r : log.records)
        out.push_back(model.encodeQuery(r.query).ids);
    return out;
}

Expected<TrainResult> trainSearch(SearchModel& model, const Dataset& ds, const QueryLog& log,
                                  const TrainConfig& config, const TrainCallbacks& callbacks) {
    const TensorMemoryScope tensorMemory;
    if (model.info().datasetFingerprint != ds.fingerprint ||
        log.datasetFingerprint != ds.fingerprint)
        return makeError(ErrorCode::Mismatch, ds.sourcePath, 0, 0,
                         "cannot train: the search model or the query log belongs to another "
                         "dataset than '" +
                             ds.name + "'");
    if (config.epochs < 0 || config.batchSize < 1 || !(config.learningRate > 0.0f) ||
        config.weightDecay < 0.0f ||
        !(config.labelSmoothing >= 0.0f && config.labelSmoothing < 1.0f))
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "cannot train: expected epochs >= 0, batch size >= 1, a positive "
                         "learning rate, weight decay >= 0 and label smoothing in [0, 1)");
    const SearchSplit split = splitSearchLog(ds, log);
    if (split.train.empty() || split.valid.empty())
        return makeError(ErrorCode::InvalidArgument, log.sourcePath, 0, 0,
                         "cannot train: the query log leaves no training or validation searches; "
                         "expected customers with at least 3 searches");
    auto& impl = model.impl();
    auto& net = impl.net;
    const auto queries = encodeLog(model, log);
    const int maxLength = model.maxLength();
    auto requestOf = [&](const SearchSample& s) {
        return SearchRequest{searchHistory(ds, s, maxLength),
                             queries[static_cast<std::size_t>(s.record)]};
    };
    std::vector<SearchRequest> trainRequests;
    std::vector<std::int64_t> targets;
    std::vector<std::size_t> lengths;
    for (const auto& s : split.train) {
        trainRequests.push_back(requestOf(s));
        targets.push_back(s.target);
        lengths.push_back(trainRequests.back().history.size());
    }
    const auto validSamples = sampleSearches(split.valid, config.validUsers, config.seed);
    std::vector<SearchRequest> validRequests;
    for (const auto& s : validSamples)
        validRequests.push_back(requestOf(s));

    TrainLoopHooks hooks;
    hooks.planEpoch = [&](std::mt19937_64& rng) {
        return lengthBucketedBatches(lengths, static_cast<std::size_t>(config.batchSize), rng);
    };
    hooks.batchLoss = [&](const std::vector<std::size_t>& rows) {
        auto batch = impl.pad(trainRequests, rows);
        auto table = net->itemTable();
        auto fwd = impl.run(batch, table, /*train=*/true);
        std::vector<std::int64_t> t;
        for (auto r : rows)
            t.push_back(targets[r]);
        auto target =
            torch::from_blob(t.data(), {static_cast<std::int64_t>(t.size())}, torch::kLong).clone();
        auto loss = torch::nn::functional::cross_entropy(
            torch::matmul(fwd.user, table.t()), target,
            torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(
                config.labelSmoothing));
        return BatchLoss{loss, static_cast<std::int64_t>(rows.size())};
    };
    hooks.validate = [&](const std::function<bool()>& shouldStop) {
        impl.invalidateTable(); // the weights changed since the last scoring
        std::vector<std::int64_t> ranks;
        constexpr std::size_t kChunk = 512;
        for (std::size_t begin = 0; begin < validRequests.size(); begin += kChunk) {
            if (shouldStop && shouldStop())
                break;
            const std::size_t end = std::min(validRequests.size(), begin + kChunk);
            const std::vector<SearchRequest> chunk(
                validRequests.begin() + static_cast<std::ptrdiff_t>(begin),
                validRequests.begin() + static_cast<std::ptrdiff_t>(end));
            const auto scores = model.scoreAll(chunk);
            for (std::size_t i = 0; i < chunk.size(); ++i) {
                const auto n = static_cast<std::size_t>(scores.itemCount);
                const std::vector<float> row(
                    scores.scores.begin() + static_cast<std::ptrdiff_t>(i * n),
                    scores.scores.begin() + static_cast<std::ptrdiff_t>((i + 1) * n));
                ranks.push_back(rankOfTarget(row, validSamples[begin + i].target));
            }
        }
        const auto m = rankMetrics(ranks, {10});
        return std::make_pair(m.at("hr@10"), m.at("ndcg@10"));
    };
    hooks.record = [&](const TrainResult& result) {
        recordTrainingRun(impl.info, config, result);
    };
    hooks.optimizerState = &impl.optimizerState;
    auto result = runTrainingLoop(net->parameters(), config, callbacks, hooks, ds.sourcePath);
    impl.invalidateTable(); // the loop restored the kept weights
    return result;
}

} // namespace reclens::search
