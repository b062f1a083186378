// LXR curves averaged over customers (the benchmark's and a report's table), and the item
// popularity the popularity reference orders by.

#include "explain/lxr.h"

#include <algorithm>

namespace reclens {

namespace {

/// Running sums of one curve; steps beyond a customer's curve (fixed counts of a short
/// history) are counted separately per step.
struct CurveSum {
    std::vector<double> scores, ranks, areas;
    std::vector<std::vector<double>> inTopK;
    std::vector<int> n; // customers per step

    void add(const LxrCurve& c, size_t ks) {
        const size_t steps = c.scores.size();
        if (scores.size() < steps) {
            scores.resize(steps, 0.0);
            ranks.resize(steps, 0.0);
            n.resize(steps, 0);
        }
        inTopK.resize(ks);
        for (auto& v : inTopK)
            v.resize(std::max(v.size(), steps), 0.0);
        areas.resize(std::max(areas.size(), c.areas.size()), 0.0);
        for (size_t s = 0; s < steps; ++s) {
            scores[s] += c.scores[s];
            ranks[s] += c.ranks[s];
            ++n[s];
            for (size_t k = 0; k < ks && k < c.inTopK.size(); ++k)
                inTopK[k][s] += c.inTopK[k][s];
        }
        for (size_t k = 0; k < c.areas.size(); ++k)
            areas[k] += c.areas[k];
    }

    LxrCurve mean(int customers) const {
        LxrCurve c;
        for (size_t s = 0; s < scores.size(); ++s) {
            const double d = std::max(1, n[s]);
            c.scores.push_back(static_cast<float>(scores[s] / d));
            c.ranks.push_back(static_cast<float>(ranks[s] / d));
        }
        for (const auto& v : inTopK) {
            std::vector<float> m;
            for (size_t s = 0; s < v.size(); ++s)
                m.push_back(static_cast<float>(v[s] / std::max(1, n[s])));
            c.inTopK.push_back(std::move(m));
        }
        for (double a : areas)
            c.areas.push_back(static_cast<float>(a / std::max(1, customers)));
        return c;
    }
};

struct MethodSum {
    std::string method;
    int customers = 0;
    CurveSum pos, neg, posFixed, negFixed;
};

void addAll(std::vector<MethodSum>& sums, const std::vector<LxrMethodCurves>& curves, size_t ks) {
    for (const auto& m : curves) {
        auto it = std::find_if(sums.begin(), sums.end(),
                               [&](const MethodSum& s) { return s.method == m.method; });
        if (it == sums.end()) {
            sums.push_back({m.method, 0, {}, {}, {}, {}});
            it = sums.end() - 1;
        }
        it->customers += m.customers;
        it->pos.add(m.pos, ks);
        it->neg.add(m.neg, ks);
        it->posFixed.add(m.posFixed, ks);
        it->negFixed.add(m.negFixed, ks);
    }
}

std::vector<LxrMethodCurves> means(const std::vector<MethodSum>& sums) {
    std::vector<LxrMethodCurves> out;
    for (const auto& s : sums) {
        LxrMethodCurves m;
        m.method = s.method;
        m.customers = s.customers;
        m.pos = s.pos.mean(s.customers);
        m.neg = s.neg.mean(s.customers);
        m.posFixed = s.posFixed.mean(s.customers);
        m.negFixed = s.negFixed.mean(s.customers);
        m.fixedCustomers = s.posFixed.n;
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace

LxrReport aggregateLxr(const std::vector<const LxrReport*>& reports) {
    LxrReport out;
    out.customers = 0;
    std::vector<MethodSum> methods, references;
    for (const LxrReport* r : reports) {
        if (!r)
            continue;
        if (out.customers == 0) {
            out.ks = r->ks;
            out.fractions = r->fractions;
            out.randomOrders = r->randomOrders;
        }
        out.customers += r->customers;
        if (r->fixedCounts.size() > out.fixedCounts.size())
            out.fixedCounts = r->fixedCounts;
        addAll(methods, r->methods, out.ks.size());
        addAll(references, r->references, out.ks.size());
    }
    out.methods = means(methods);
    out.references = means(references);
    return out;
}

std::vector<std::int64_t> itemInteractionCounts(const Dataset& ds) {
    std::vector<std::int64_t> counts(ds.items.size(), 0);
    for (const auto& u : ds.users)
        for (ItemIndex i : u.sequence)
            if (i >= 0 && static_cast<size_t>(i) < counts.size())
                ++counts[static_cast<size_t>(i)];
    return counts;
}

} // namespace reclens
