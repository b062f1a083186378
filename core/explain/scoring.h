#pragma once
// Internal helpers: batched model calls in bounded chunks and rank/top-K over raw rows.

#include "explain/explanation.h"

#include <cstddef>

namespace reclens {

/// Histories per model call: bounds the attention tensors' memory (B × heads × T × T).
constexpr size_t kScoreChunk = 512;

int rankInRow(const float* row, size_t n, ItemIndex target);
std::vector<RankedItem> topKInRow(const float* row, size_t n, int k);

/// model.scoreAll over `histories` in chunks; row-major [histories × itemCount].
std::vector<float> scoreAllChunked(const SequenceModel& model,
                                   const std::vector<History>& histories);
/// model.scoreTargets in chunks; one target for every history.
std::vector<float> scoreTargetChunked(const SequenceModel& model,
                                      const std::vector<History>& histories, ItemIndex target);
std::vector<float> scoreTargetsChunked(const SequenceModel& model,
                                       const std::vector<History>& histories,
                                       const std::vector<ItemIndex>& targets);

/// Target score and rank of each row of a scoreAll result.
struct ScoreRank {
    std::vector<float> scores;
    std::vector<int> ranks;
};
ScoreRank scoreAndRank(const SequenceModel& model, const std::vector<History>& histories,
                       ItemIndex target);

void checkTarget(const SequenceModel& model, ItemIndex target);

} // namespace reclens
