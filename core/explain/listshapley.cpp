// "Why this list": RankingSHAP (Heuss et al. 2024) over purchases — the Shapley engine with
// v(S) = Kendall τ-b between the original top-K order and the order S gives the same K items.

#include "explain/listshapley.h"
#include "explain/explainmethods.h"
#include "explain/scoring.h"
#include "explain/shapleyengine.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace reclens {

double listAgreement(const std::vector<float>& scores) {
    // The original order as descending numbers: position i of the list gets K − i, so the
    // reference has no ties and τ-b(reference, original scores) = 1.
    std::vector<float> reference(scores.size());
    for (size_t i = 0; i < scores.size(); ++i)
        reference[i] = static_cast<float>(scores.size() - i);
    return kendallTau(reference, scores);
}

double listValue(const History& coalition, size_t fullLength, const float* scores, size_t k) {
    if (coalition.size() == fullLength)
        return 1.0; // by definition, whatever ties the full history's scores hold
    return listAgreement(std::vector<float>(scores, scores + k));
}

CoalitionValues listOrderValue(const SequenceModel& model, const History& history,
                               const std::vector<ItemIndex>& list) {
    return [&model, &history, list](const std::vector<History>& coalitions) {
        const size_t K = list.size();
        const std::vector<float> s = scoreTargetsFromRows(model, coalitions, list);
        std::vector<double> v(coalitions.size());
        for (size_t i = 0; i < coalitions.size(); ++i)
            v[i] = listValue(coalitions[i], history.size(), s.data() + i * K, K);
        return v;
    };
}

ListShapleyExplanation explainListShapley(const SequenceModel& model, const History& history, int k,
                                          const ExplainConfig& config) {
    if (history.empty())
        throw std::invalid_argument("cannot explain a list for an empty history");
    for (ItemIndex it : history)
        checkTarget(model, it);
    k = std::min(k, model.itemCount());
    if (k < 2)
        throw std::invalid_argument("\"why this list\" needs a list of at least 2 items, got k = " +
                                    std::to_string(k));
    ListShapleyExplanation out;
    out.k = k;
    const History h = clipHistory(history, model.maxLength());
    const std::vector<float> row = model.scoreAll({h});
    for (const RankedItem& r : topKOf(row, k))
        out.list.push_back(r.item);
    out.shapley =
        std::move(shapleyValues(h, 1, listOrderValue(model, h, out.list), config).front());
    return out;
}

} // namespace reclens
