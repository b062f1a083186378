// The first page of a customer report: what was recommended, why in one verified sentence, the
// purchases that decide it and how far each explanation can be trusted, before the details.

#include "explain/methodnames.h"
#include "report/customersections.h"
#include "report/reportformat.h"

#include <algorithm>
#include <cstdio>

namespace reclens::report::detail {

namespace {

std::string titleOf(const Dataset& ds, ItemIndex i) {
    const Item& it = ds.items[static_cast<std::size_t>(i)];
    return it.title.empty() ? it.id : it.title;
}

/// The purchases whose removal the counterfactual search verified with a fresh forward pass, or
/// else the two the most faithful method ranks first (said as such).
std::string decisivePurchases(const Dataset& ds, const ExplanationBundle& b,
                              const MethodFaithfulness* best) {
    if (b.counterfactual && b.counterfactual->found && b.counterfactual->verified) {
        const auto& c = *b.counterfactual;
        // The first three by name: a set of 17 long titles filled the first page (the full
        // set is in the recommendation's own section).
        constexpr std::size_t named = 3;
        std::string items;
        for (std::size_t i = 0; i < std::min(named, c.removedItems.size()); ++i)
            items += (i ? "; " : "") + titleOf(ds, c.removedItems[i]);
        if (c.removedItems.size() > named)
            items += " and " + groupedInt(static_cast<long long>(c.removedItems.size() - named)) +
                     " more";
        return items + " (without " + (c.removedItems.size() == 1 ? "it" : "them") +
               " the product falls from #" + groupedInt(c.originalRank) + " to #" +
               groupedInt(c.newRank) + ", checked by a fresh forward pass)";
    }
    if (!best)
        return "not computed";
    const Attribution* a = b.attribution(best->method);
    if (!a || a->values.empty())
        return "not computed";
    std::vector<std::size_t> order(a->values.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return a->values[x] > a->values[y]; });
    std::string items;
    for (std::size_t i = 0; i < std::min<std::size_t>(2, order.size()); ++i)
        items += (i ? "; " : "") + titleOf(ds, b.history[order[i]]);
    std::string why = " (ranked first by " + methodDisplayName(best->method);
    if (b.counterfactual && !b.counterfactual->found)
        why += "; no removal set within the search budget changes the ranking";
    return items + why + ")";
}

/// The method whose deletion curve falls fastest (lowest deletion AUC), if any was scored.
const MethodFaithfulness* mostFaithful(const ExplanationBundle& b) {
    if (!b.faithfulness || b.faithfulness->methods.empty())
        return nullptr;
    return &*std::min_element(
        b.faithfulness->methods.begin(), b.faithfulness->methods.end(),
        [](const auto& x, const auto& y) { return x.deletionAuc < y.deletionAuc; });
}

std::string trustOf(const ExplanationBundle& b, const MethodFaithfulness* best) {
    if (!best)
        return "faithfulness not computed";
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s: deletion AUC %.2f, random orders %.2f",
                  methodDisplayName(best->method).c_str(), best->deletionAuc,
                  b.faithfulness->randomDeletionAuc);
    std::string s = buf;
    s += best->deletionAuc < b.faithfulness->randomDeletionAuc
             ? " (lower = its top purchases matter more than chance)"
             : " (no better than chance: read the attributions with care)";
    return s;
}

} // namespace

void appendAtAGlance(ReportDocument& doc, const Dataset& ds,
                     const std::vector<ExplanationBundle>& explanations) {
    if (explanations.empty())
        return;
    doc.heading(2, "At a glance");
    Table t;
    t.caption = "Each explained recommendation: the purchases that decide it and how far its "
                "explanation can be trusted (details on the following pages)";
    t.header = {"Rank", "Recommended", "Decisive purchases", "Most faithful explanation"};
    t.align = {Align::Right, Align::Left, Align::Left, Align::Left};
    for (const ExplanationBundle& b : explanations) {
        const MethodFaithfulness* best = mostFaithful(b);
        t.rows.push_back({groupedInt(b.targetRank), titleOf(ds, b.target),
                          decisivePurchases(ds, b, best), trustOf(b, best)});
    }
    doc.add(std::move(t));
}

} // namespace reclens::report::detail
