// Several targets' scores from one scoreAll row per history: the shared forward passes behind
// explaining the whole top-K at once and behind "why this list".

#include "explain/scoring.h"
#include "explain/shapleyengine.h"

#include <algorithm>
#include <map>

namespace reclens {

std::vector<float> scoreTargetsFromRows(const SequenceModel& model,
                                        const std::vector<History>& histories,
                                        const std::vector<ItemIndex>& targets,
                                        std::vector<int>* ranks) {
    for (ItemIndex t : targets)
        checkTarget(model, t);
    // Distinct histories only: sampled Shapley repeats the empty and the full history in every
    // order, and its last steps are leave-one-out histories.
    std::map<History, size_t> slot;
    std::vector<size_t> rowOf(histories.size());
    std::vector<const History*> unique;
    for (size_t i = 0; i < histories.size(); ++i) {
        auto [it, inserted] = slot.try_emplace(histories[i], unique.size());
        if (inserted)
            unique.push_back(&histories[i]);
        rowOf[i] = it->second;
    }
    const size_t K = targets.size();
    const size_t items = static_cast<size_t>(model.itemCount());
    std::vector<float> uniqueScores(unique.size() * K);
    std::vector<int> uniqueRanks(ranks ? unique.size() * K : 0);
    // Full rows are [chunk × catalog]; only K numbers of each are kept, so memory stays at one
    // chunk of rows however many coalitions there are.
    for (size_t b = 0; b < unique.size(); b += kScoreChunk) {
        const size_t e = std::min(unique.size(), b + kScoreChunk);
        std::vector<History> chunk;
        chunk.reserve(e - b);
        for (size_t i = b; i < e; ++i)
            chunk.push_back(*unique[i]);
        const std::vector<float> rows = model.scoreAll(chunk);
        for (size_t i = b; i < e; ++i) {
            const float* row = rows.data() + (i - b) * items;
            for (size_t k = 0; k < K; ++k) {
                uniqueScores[i * K + k] = row[targets[k]];
                if (ranks)
                    uniqueRanks[i * K + k] = rankInRow(row, items, targets[k]);
            }
        }
    }
    std::vector<float> out(histories.size() * K);
    if (ranks)
        ranks->assign(histories.size() * K, 0);
    for (size_t i = 0; i < histories.size(); ++i)
        for (size_t k = 0; k < K; ++k) {
            out[i * K + k] = uniqueScores[rowOf[i] * K + k];
            if (ranks)
                (*ranks)[i * K + k] = uniqueRanks[rowOf[i] * K + k];
        }
    return out;
}

} // namespace reclens
