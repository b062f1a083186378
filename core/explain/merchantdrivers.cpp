#include "explain/merchantdrivers.h"

#include "explain/explainmethods.h"
#include "explain/scoring.h"

namespace reclens {

std::vector<StrongestDriver> strongestDrivers(const SequenceModel& model,
                                              const std::vector<History>& histories, ItemIndex item,
                                              int k) {
    std::vector<History> variants;
    std::vector<size_t> offset;
    for (const History& h : histories) {
        offset.push_back(variants.size());
        variants.push_back(h);
        for (size_t t = 0; t < h.size(); ++t)
            variants.push_back(removePositions(h, {static_cast<int>(t)}));
    }
    offset.push_back(variants.size());
    const auto s = scoreTargetChunked(model, variants, item);
    std::vector<StrongestDriver> out(histories.size());
    std::vector<History> checks;
    for (size_t j = 0; j < histories.size(); ++j) {
        const float base = s[offset[j]];
        size_t arg = 0;
        double drop = -1e30;
        for (size_t t = offset[j] + 1; t < offset[j + 1]; ++t)
            if (base - s[t] > drop) {
                drop = base - s[t];
                arg = t - offset[j] - 1;
            }
        if (histories[j].empty() || drop <= 0) {
            checks.push_back(histories[j]); // keeps rows aligned; its result is not used
            continue;
        }
        out[j].item = histories[j][arg];
        out[j].scoreDrop = drop;
        checks.push_back(removePositions(histories[j], {static_cast<int>(arg)}));
    }
    const size_t n = static_cast<size_t>(model.itemCount());
    const auto rows = scoreAllChunked(model, checks);
    for (size_t j = 0; j < out.size(); ++j)
        if (out[j].item >= 0)
            out[j].verified = rankInRow(rows.data() + j * n, n, item) > k;
    return out;
}

} // namespace reclens
