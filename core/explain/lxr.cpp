// LXR POS@k / NEG@k curves for one explanation: each order's removal steps are planned into a
// shared HistoryPool, scored in one call, then read back as flags, ranks and areas.

#include "explain/explainmethods.h"
#include "explain/lxrplan.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace reclens {

namespace {

const std::vector<int> kLxrKs{1, 5, 10, 20};
constexpr int kFractionSteps = 10; // 0 %, 10 %, …, 100 %
constexpr int kMaxFixed = 5;

/// Positions by value, largest first (ties: earlier position first).
std::vector<int> descending(const std::vector<double>& v) {
    std::vector<int> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return v[static_cast<size_t>(a)] > v[static_cast<size_t>(b)];
    });
    return order;
}

/// Positions by value, smallest first (ties: earlier position first, as in descending()).
std::vector<int> ascending(const std::vector<double>& v) {
    std::vector<int> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return v[static_cast<size_t>(a)] < v[static_cast<size_t>(b)];
    });
    return order;
}

std::vector<size_t> addSteps(HistoryPool& pool, const History& h, const std::vector<int>& order,
                             const std::vector<int>& counts) {
    std::vector<size_t> idx;
    for (int c : counts)
        idx.push_back(
            pool.add(removePositions(h, std::vector<int>(order.begin(), order.begin() + c))));
    return idx;
}

void addOrder(LxrOrderPlan& p, HistoryPool& pool, const History& h, const LxrReport& shape,
              const std::vector<int>& posOrder, const std::vector<int>& negOrder) {
    p.pos.push_back(addSteps(pool, h, posOrder, shape.removedCounts));
    p.neg.push_back(addSteps(pool, h, negOrder, shape.removedCounts));
    p.posFixed.push_back(addSteps(pool, h, posOrder, shape.fixedCounts));
    p.negFixed.push_back(addSteps(pool, h, negOrder, shape.fixedCounts));
}

/// Mean over orders of each step's score, rank and in-top-k flag; areas by trapezoids over x.
LxrCurve readCurve(const std::vector<std::vector<size_t>>& perOrder, const std::vector<int>& ks,
                   const std::vector<float>* x, const std::vector<float>& scores,
                   const std::vector<int>& ranks) {
    LxrCurve c;
    const size_t steps = perOrder.empty() ? 0 : perOrder.front().size();
    const double orders = static_cast<double>(perOrder.size());
    c.scores.assign(steps, 0.0f);
    c.ranks.assign(steps, 0.0f);
    c.inTopK.assign(ks.size(), std::vector<float>(steps, 0.0f));
    for (size_t s = 0; s < steps; ++s) {
        double score = 0, rank = 0;
        std::vector<double> in(ks.size(), 0.0);
        for (const auto& order : perOrder) {
            const size_t i = order[s];
            score += scores[i];
            rank += ranks[i];
            for (size_t k = 0; k < ks.size(); ++k)
                in[k] += ranks[i] <= ks[k] ? 1.0 : 0.0;
        }
        c.scores[s] = static_cast<float>(score / orders);
        c.ranks[s] = static_cast<float>(rank / orders);
        for (size_t k = 0; k < ks.size(); ++k)
            c.inTopK[k][s] = static_cast<float>(in[k] / orders);
    }
    if (x)
        for (const auto& flags : c.inTopK) {
            double area = 0;
            for (size_t s = 0; s + 1 < flags.size(); ++s)
                area += 0.5 * (static_cast<double>(flags[s]) + flags[s + 1]) *
                        (static_cast<double>((*x)[s + 1]) - (*x)[s]);
            c.areas.push_back(static_cast<float>(area));
        }
    return c;
}

LxrMethodCurves readMethod(const LxrOrderPlan& p, const LxrReport& shape,
                           const std::vector<float>& scores, const std::vector<int>& ranks) {
    LxrMethodCurves m;
    m.method = p.method;
    m.pos = readCurve(p.pos, shape.ks, &shape.fractions, scores, ranks);
    m.neg = readCurve(p.neg, shape.ks, &shape.fractions, scores, ranks);
    m.posFixed = readCurve(p.posFixed, shape.ks, nullptr, scores, ranks);
    m.negFixed = readCurve(p.negFixed, shape.ks, nullptr, scores, ranks);
    m.fixedCustomers.assign(shape.fixedCounts.size(), 1);
    return m;
}

} // namespace

std::vector<std::vector<int>> seededRandomOrders(int n, int count, std::uint64_t seed) {
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
    std::vector<std::vector<int>> orders;
    for (int r = 0; r < count; ++r) {
        std::vector<int> order(static_cast<size_t>(std::max(0, n)));
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        orders.push_back(std::move(order));
    }
    return orders;
}

LxrPlan planLxr(HistoryPool& pool, const History& history,
                const std::vector<Attribution>& attributions,
                const std::vector<std::vector<int>>& randomOrders,
                const std::vector<std::int64_t>* popularity) {
    const int n = static_cast<int>(history.size());
    LxrPlan plan;
    LxrReport& s = plan.shape;
    s.ks = kLxrKs;
    for (int i = 0; i <= kFractionSteps; ++i) {
        s.fractions.push_back(static_cast<float>(i) / kFractionSteps);
        // round(f · n) half away from zero, the same counts as the deletion curve's 11 points.
        s.removedCounts.push_back(
            static_cast<int>(std::lround(static_cast<double>(i) * n / kFractionSteps)));
    }
    for (int c = 1; c <= std::min(n, kMaxFixed); ++c)
        s.fixedCounts.push_back(c);
    s.randomOrders = static_cast<int>(randomOrders.size());
    for (const auto& a : attributions) {
        if (a.values.size() != history.size())
            throw std::invalid_argument("attribution '" + a.method + "' has " +
                                        std::to_string(a.values.size()) + " values for " +
                                        std::to_string(n) + " history items");
        const std::vector<double> v(a.values.begin(), a.values.end());
        LxrOrderPlan p;
        p.method = a.method;
        addOrder(p, pool, history, s, descending(v), ascending(v));
        plan.methods.push_back(std::move(p));
    }
    if (!randomOrders.empty()) {
        LxrOrderPlan p;
        p.method = "random";
        for (const auto& order : randomOrders) {
            if (static_cast<int>(order.size()) != n)
                throw std::invalid_argument("a random order's length differs from the history's");
            addOrder(p, pool, history, s, order, std::vector<int>(order.rbegin(), order.rend()));
        }
        plan.references.push_back(std::move(p));
    }
    if (popularity) {
        std::vector<double> pop;
        for (ItemIndex it : history)
            pop.push_back(it >= 0 && static_cast<size_t>(it) < popularity->size()
                              ? static_cast<double>((*popularity)[static_cast<size_t>(it)])
                              : 0.0);
        LxrOrderPlan p;
        p.method = "popularity";
        addOrder(p, pool, history, s, descending(pop), ascending(pop));
        plan.references.push_back(std::move(p));
    }
    return plan;
}

LxrReport finishLxr(const LxrPlan& plan, const std::vector<float>& scores,
                    const std::vector<int>& ranks) {
    LxrReport r = plan.shape;
    for (const auto& p : plan.methods)
        r.methods.push_back(readMethod(p, r, scores, ranks));
    for (const auto& p : plan.references)
        r.references.push_back(readMethod(p, r, scores, ranks));
    return r;
}

LxrReport evaluateLxr(const SequenceModel& model, const History& history, ItemIndex target,
                      const std::vector<Attribution>& attributions,
                      const std::vector<std::int64_t>* popularity, int randomOrders,
                      std::uint64_t seed) {
    checkTarget(model, target);
    HistoryPool pool;
    const LxrPlan plan = planLxr(
        pool, history, attributions,
        seededRandomOrders(static_cast<int>(history.size()), std::max(0, randomOrders), seed),
        popularity);
    const ScoreRank sr = scoreAndRank(model, pool.list(), target);
    return finishLxr(plan, sr.scores, sr.ranks);
}

int lxrKIndex(const LxrReport& report, int k) {
    const auto it = std::find(report.ks.begin(), report.ks.end(), k);
    return it == report.ks.end() ? -1 : static_cast<int>(it - report.ks.begin());
}

const LxrMethodCurves* lxrCurvesOf(const LxrReport& report, const std::string& method) {
    for (const auto* list : {&report.methods, &report.references})
        for (const LxrMethodCurves& m : *list)
            if (m.method == method)
                return &m;
    return nullptr;
}

int lxrNearestK(const LxrReport& report, int k) {
    if (report.ks.empty())
        return k;
    int best = report.ks.front();
    for (int x : report.ks)
        if (std::abs(x - k) < std::abs(best - k) ||
            (std::abs(x - k) == std::abs(best - k) && x < best))
            best = x;
    return best;
}

} // namespace reclens
