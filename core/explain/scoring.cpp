// Chunked model calls shared by every explanation method.

#include "explain/scoring.h"

#include <algorithm>
#include <stdexcept>

namespace reclens {

std::vector<float> scoreAllChunked(const SequenceModel& model,
                                   const std::vector<History>& histories) {
    if (histories.size() <= kScoreChunk)
        return model.scoreAll(histories);
    std::vector<float> out;
    out.reserve(histories.size() * static_cast<size_t>(model.itemCount()));
    for (size_t b = 0; b < histories.size(); b += kScoreChunk) {
        const size_t e = std::min(histories.size(), b + kScoreChunk);
        std::vector<History> chunk(histories.begin() + static_cast<std::ptrdiff_t>(b),
                                   histories.begin() + static_cast<std::ptrdiff_t>(e));
        auto part = model.scoreAll(chunk);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

std::vector<float> scoreTargetsChunked(const SequenceModel& model,
                                       const std::vector<History>& histories,
                                       const std::vector<ItemIndex>& targets) {
    if (histories.size() <= kScoreChunk * 2)
        return model.scoreTargets(histories, targets);
    std::vector<float> out;
    out.reserve(histories.size());
    for (size_t b = 0; b < histories.size(); b += kScoreChunk * 2) {
        const size_t e = std::min(histories.size(), b + kScoreChunk * 2);
        std::vector<History> chunk(histories.begin() + static_cast<std::ptrdiff_t>(b),
                                   histories.begin() + static_cast<std::ptrdiff_t>(e));
        std::vector<ItemIndex> t(targets.begin() + static_cast<std::ptrdiff_t>(b),
                                 targets.begin() + static_cast<std::ptrdiff_t>(e));
        auto part = model.scoreTargets(chunk, t);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

std::vector<float> scoreTargetChunked(const SequenceModel& model,
                                      const std::vector<History>& histories, ItemIndex target) {
    return scoreTargetsChunked(model, histories, std::vector<ItemIndex>(histories.size(), target));
}

ScoreRank scoreAndRank(const SequenceModel& model, const std::vector<History>& histories,
                       ItemIndex target) {
    ScoreRank r;
    const size_t n = static_cast<size_t>(model.itemCount());
    const auto all = scoreAllChunked(model, histories);
    r.scores.reserve(histories.size());
    r.ranks.reserve(histories.size());
    for (size_t i = 0; i < histories.size(); ++i) {
        const float* row = all.data() + i * n;
        r.scores.push_back(row[target]);
        r.ranks.push_back(rankInRow(row, n, target));
    }
    return r;
}

void checkTarget(const SequenceModel& model, ItemIndex target) {
    if (target < 0 || target >= model.itemCount())
        throw std::invalid_argument("target item index " + std::to_string(target) +
                                    " is outside 0.." + std::to_string(model.itemCount() - 1));
}

} // namespace reclens
