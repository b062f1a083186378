// The plain-language summary. It states only what a forward pass confirmed: the target's
// rank, the verified counterfactual set and the leave-one-out re-runs. Gradient-style
// attributions never appear in it because nothing checks them.

#include "explain/explainmethods.h"

#include <algorithm>
#include <sstream>

namespace reclens {

namespace {

std::string nameOf(const Dataset& ds, ItemIndex i) {
    if (i < 0 || static_cast<size_t>(i) >= ds.items.size())
        return "item #" + std::to_string(i);
    const Item& it = ds.items[static_cast<size_t>(i)];
    return "\u201c" + (it.title.empty() ? it.id : it.title) + "\u201d";
}

std::string joinNames(const Dataset& ds, const std::vector<ItemIndex>& items, size_t maxNames) {
    std::string s;
    const size_t shown = std::min(items.size(), maxNames);
    for (size_t i = 0; i < shown; ++i) {
        if (i > 0)
            s += (i + 1 == shown && shown == items.size()) ? " and " : ", ";
        s += nameOf(ds, items[i]);
    }
    if (shown < items.size())
        s += " and " + std::to_string(items.size() - shown) + " more";
    return s;
}

} // namespace

std::string buildSummary(const Dataset& ds, const ExplanationBundle& b) {
    std::ostringstream os;
    os << nameOf(ds, b.target) << " is #" << b.targetRank << " for you.";
    bool explained = false;
    if (b.counterfactual) {
        const CounterfactualResult& c = *b.counterfactual;
        if (c.found && c.verified) {
            os << " Recommended mainly because you bought " << joinNames(ds, c.removedItems, 4)
               << " \u2014 without " << (c.removedItems.size() == 1 ? "it" : "them")
               << " it falls from #" << c.originalRank << " to #" << c.newRank;
            if (c.replacement >= 0)
                os << " and " << nameOf(ds, c.replacement) << " takes its place";
            os << ".";
            explained = true;
        } else if (c.originalRank <= (c.goal == CounterfactualGoal::ReplaceTop1 ? 1 : c.k)) {
            os << " No small set of your purchases explains it on its own: removing the most "
                  "influential ones does not take it out of your top-"
               << (c.goal == CounterfactualGoal::ReplaceTop1 ? 1 : c.k) << " (" << c.message
               << ").";
        }
    }
    if (b.loo && !b.loo->effect.empty()) {
        const auto& e = b.loo->effect;
        const size_t top = static_cast<size_t>(std::max_element(e.begin(), e.end()) - e.begin());
        if (e[top] > 0 && !(explained && b.counterfactual->removedItems.size() == 1)) {
            os << " Removing " << nameOf(ds, b.history[top]) << " alone "
               << (b.loo->ranks[top] == b.loo->baseRank
                       ? "lowers its score but keeps it at #" + std::to_string(b.loo->baseRank)
                       : "moves it from #" + std::to_string(b.loo->baseRank) + " to #" +
                             std::to_string(b.loo->ranks[top]))
               << ".";
        } else if (e[top] <= 0) {
            os << " No single purchase raises its score: removing any one of them keeps or "
                  "improves its rank.";
        }
    }
    return os.str();
}

} // namespace reclens
