// The plain-language summary. It states only what fresh forward passes confirmed
// (VerifiedFacts, the verified counterfactual): the target's rank, the set without which it
// leaves the top-K, the decisive purchase where independent methods agree on it, and the
// leave-one-out ranks. Gradient-style attributions never appear in it because nothing checks
// them.

#include "common/numberformat.h"
#include "explain/explainmethods.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace reclens {

namespace {

std::string nameOf(const Dataset& ds, const ExtraPlayers& extra, ItemIndex i) {
    if (extra.contains(i)) // a query word fed to a search model beside the purchases
        return "the word \u201c" + extra.name(i) + "\u201d";
    if (i < 0 || static_cast<size_t>(i) >= ds.items.size())
        return "item #" + std::to_string(i);
    const Item& it = ds.items[static_cast<size_t>(i)];
    return "\u201c" + (it.title.empty() ? it.id : it.title) + "\u201d";
}

std::string joinNames(const Dataset& ds, const ExtraPlayers& extra,
                      const std::vector<ItemIndex>& items, size_t maxNames) {
    std::string s;
    const size_t shown = std::min(items.size(), maxNames);
    for (size_t i = 0; i < shown; ++i) {
        if (i > 0)
            s += (i + 1 == shown && shown == items.size()) ? " and " : ", ";
        s += nameOf(ds, extra, items[i]);
    }
    if (shown < items.size())
        s += " and " + groupedInt(static_cast<long long>(items.size() - shown)) + " more";
    return s;
}

/// "occlusion+counterfactual+shapley" → which independent checks agree, in words.
std::string evidenceText(const std::string& evidence) {
    std::vector<std::string> agree;
    if (evidence.find("+counterfactual") != std::string::npos)
        agree.push_back("it is in the verified set above");
    if (evidence.find("+shapley") != std::string::npos)
        agree.push_back("exact Shapley values rank it first");
    if (evidence.find("+loo") != std::string::npos)
        agree.push_back("removing it costs the most");
    std::string s;
    for (size_t i = 0; i < agree.size(); ++i)
        s += (i == 0 ? "" : i + 1 == agree.size() ? " and " : ", ") + agree[i];
    return s;
}

} // namespace

std::string buildSummary(const Dataset& ds, const ExplanationBundle& b) {
    std::ostringstream os;
    const VerifiedFacts& f = b.facts;
    os << nameOf(ds, b.extraPlayers, b.target) << " is #" << groupedInt(b.targetRank)
       << " for you.";
    if (!f.checked)
        return os.str(); // cancelled before the fresh-pass checks: state nothing else
    if (!f.rankAgrees) {
        os << " An independent re-run of the model put it at #" << groupedInt(f.targetRank)
           << ", so no further figures are stated.";
        return os.str();
    }
    const int rank = f.targetRank;
    if (b.counterfactual) {
        const CounterfactualResult& c = *b.counterfactual;
        const int goal = c.goal == CounterfactualGoal::ReplaceTop1 ? 1 : c.k;
        if (c.found && c.verified) {
            os << " Without your purchase" << (c.removedItems.size() == 1 ? " of " : "s of ")
               << joinNames(ds, b.extraPlayers, c.removedItems, 4) << " it falls from #"
               << groupedInt(c.originalRank) << " to #" << groupedInt(c.newRank);
            if (c.replacement >= 0)
                os << " and " << nameOf(ds, b.extraPlayers, c.replacement) << " takes its place";
            os << " (re-checked by a separate forward pass).";
        } else if (c.found) {
            os << " The set of purchases the search found did not hold when re-checked by a "
                  "separate forward pass, so none is named.";
        } else if (c.originalRank <= goal) {
            os << " No small set of your purchases explains it on its own: removing the most "
                  "influential ones does not take it out of your top-"
               << goal << " (" << c.message << ").";
        }
    }
    if (!b.loo || !f.looAgrees) {
        if (b.loo)
            os << " Leave-one-out figures were not reproduced by a separate forward pass and "
                  "are not stated.";
        return os.str();
    }
    const size_t n = f.looRanks.size();
    if (f.causePosition >= 0 && static_cast<size_t>(f.causePosition) < n) {
        const size_t p = static_cast<size_t>(f.causePosition);
        const bool occlusion = f.causeEvidence.rfind("occlusion", 0) == 0;
        const int without = occlusion ? f.occlusionRanks[p] : f.looRanks[p];
        os << " The purchase that matters most is " << nameOf(ds, b.extraPlayers, b.history[p])
           << ": "
           << (occlusion ? "blanked out in place, with every other purchase where it was, "
                         : "removed, ")
           << (without == rank
                   ? "it lowers the score but the product stays at #" + groupedInt(rank)
                   : "the product moves from #" + groupedInt(rank) + " to #" + groupedInt(without))
           << " (" << evidenceText(f.causeEvidence) << ").";
        return os.str();
    }
    bool anyWorse = false;
    for (int r : f.looRanks)
        anyWorse = anyWorse || r > rank;
    if (!anyWorse && n > 0)
        os << " Removing any single purchase keeps or improves its rank (checked for each of " << n
           << ").";
    return os.str();
}

} // namespace reclens
