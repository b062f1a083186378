// Confidence intervals, comparison tally and what-if of the merchant view (merchantstats.h).

#include "explain/merchantstats.h"

#include "explain/explanation.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace reclens {

namespace {
constexpr double kZ95 = 1.959964;

// n / fpc: a sample of n out of N without replacement carries as much information as
// n (N − 1) / (N − n) draws with replacement; everyone sampled = exact.
double effectiveSize(int n, int population) {
    if (population <= n)
        return 1e12;
    if (population <= 1)
        return n;
    return static_cast<double>(n) * (population - 1.0) / static_cast<double>(population - n);
}
} // namespace

ConfidenceInterval wilsonInterval(int successes, int n, int population) {
    if (n <= 0)
        return {0.0, 1.0};
    const double p = static_cast<double>(successes) / n;
    const double ne = effectiveSize(n, population);
    const double z2 = kZ95 * kZ95;
    const double centre = (p + z2 / (2 * ne)) / (1 + z2 / ne);
    const double half = kZ95 / (1 + z2 / ne) * std::sqrt(p * (1 - p) / ne + z2 / (4 * ne * ne));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

ConfidenceInterval meanInterval(const std::vector<int>& values, int population) {
    if (values.empty())
        return {};
    const double n = static_cast<double>(values.size());
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    if (values.size() < 2)
        return {mean, mean};
    double ss = 0;
    for (int v : values)
        ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / (n - 1));
    const double half = kZ95 * sd / std::sqrt(effectiveSize(static_cast<int>(n), population));
    return {mean - half, mean + half};
}

void fillMerchantConfidence(MerchantExplanation& m, const std::vector<int>& ranks) {
    if (!m.sampled) {
        m.topKShareCi = {m.topKShare, m.topKShare};
        m.exposureShareCi = {m.exposureShare, m.exposureShare};
        m.meanRankCi = {m.meanRank, m.meanRank};
        return;
    }
    const int n = static_cast<int>(ranks.size());
    m.topKShareCi = wilsonInterval(m.inTopK, n, m.usersEligible);
    // exposure share = top-K share / k exactly (each customer has k slots), so its interval is
    // the top-K share's divided by k.
    const double k = std::max(1, m.k);
    m.exposureShareCi = {m.topKShareCi.lo / k, m.topKShareCi.hi / k};
    m.meanRankCi = meanInterval(ranks, m.usersEligible);
}

MerchantComparison compareRanks(ItemIndex other, const std::vector<int>& ranks,
                                const std::vector<int>& otherRanks, int k, bool sampled,
                                int population) {
    MerchantComparison c;
    c.other = other;
    for (size_t i = 0; i < ranks.size() && i < otherRanks.size(); ++i) {
        const int a = ranks[i], b = otherRanks[i];
        c.itemAhead += a < b ? 1 : 0;
        c.otherAhead += b < a ? 1 : 0;
        c.tied += a == b ? 1 : 0;
        c.otherInTopK += b <= k ? 1 : 0;
        c.bothInTopK += a <= k && b <= k ? 1 : 0;
    }
    const int n = static_cast<int>(otherRanks.size());
    if (n > 0) {
        c.otherTopKShare = static_cast<double>(c.otherInTopK) / n;
        c.otherMeanRank = std::accumulate(otherRanks.begin(), otherRanks.end(), 0.0) / n;
    }
    if (sampled) {
        c.otherTopKShareCi = wilsonInterval(c.otherInTopK, n, population);
        c.otherMeanRankCi = meanInterval(otherRanks, population);
    } else {
        c.otherTopKShareCi = {c.otherTopKShare, c.otherTopKShare};
        c.otherMeanRankCi = {c.otherMeanRank, c.otherMeanRank};
    }
    return c;
}

MerchantWhatIf merchantWhatIf(const SequenceModel& model, const std::vector<History>& histories,
                              const std::vector<int>& ranksBefore, ItemIndex item, ItemIndex added,
                              int k) {
    MerchantWhatIf w;
    w.added = added;
    w.users = static_cast<int>(histories.size());
    if (histories.empty())
        return w;
    std::vector<History> edited;
    edited.reserve(histories.size());
    for (const History& h : histories) {
        History e = h;
        e.push_back(added);
        edited.push_back(clipHistory(e, model.maxLength()));
    }
    const auto rows = scoreAllChunked(model, edited);
    const size_t n = static_cast<size_t>(model.itemCount());
    double before = 0, after = 0;
    for (size_t i = 0; i < edited.size(); ++i) {
        const int r0 = ranksBefore[i];
        const int r1 = rankInRow(rows.data() + i * n, n, item);
        w.inTopKBefore += r0 <= k ? 1 : 0;
        w.inTopKAfter += r1 <= k ? 1 : 0;
        w.improved += r1 < r0 ? 1 : 0;
        w.worsened += r1 > r0 ? 1 : 0;
        before += r0;
        after += r1;
    }
    w.meanRankBefore = before / static_cast<double>(edited.size());
    w.meanRankAfter = after / static_cast<double>(edited.size());
    return w;
}

} // namespace reclens
