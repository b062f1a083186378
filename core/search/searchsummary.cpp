// The plain-language sentence of a search explanation. Like explain/summary.cpp it states only
// what fresh forward passes confirmed: the rank (the engine's fresh re-run and the split's own
// SearchModel pass must agree), leave-one-out ranks (VerifiedFacts), kind-restricted
// counterfactuals re-checked outside the adapter, and the split's ranks and gate.

#include "search/searchexplain.h"

#include <cstdio>
#include <sstream>

namespace reclens::search {

namespace {

std::string quoted(const std::string& s) {
    return "\u201c" + s + "\u201d";
}

std::string itemName(const Dataset& ds, ItemIndex i) {
    if (i < 0 || static_cast<std::size_t>(i) >= ds.items.size())
        return "item #" + std::to_string(i);
    const Item& it = ds.items[static_cast<std::size_t>(i)];
    return quoted(it.title.empty() ? it.id : it.title);
}

std::string playerName(const Dataset& ds, const SearchExplanation& e, int position) {
    if (position < e.purchaseCount)
        return itemName(ds, e.bundle.history[static_cast<std::size_t>(position)]);
    const QueryTerm& t = e.queryTerms[static_cast<std::size_t>(position - e.purchaseCount)];
    return t.known ? quoted(t.token) : quoted(t.token) + " (unknown to the model)";
}

/// Position in [from, to) with the largest positive leave-one-out effect; -1 if none.
int strongest(const std::vector<float>& effect, int from, int to) {
    int best = -1;
    for (int p = from; p < to; ++p)
        if (effect[static_cast<std::size_t>(p)] > 0 &&
            (best < 0 ||
             effect[static_cast<std::size_t>(p)] > effect[static_cast<std::size_t>(best)]))
            best = p;
    return best;
}

std::string joinPlayers(const Dataset& ds, const SearchExplanation& e,
                        const std::vector<int>& positions) {
    std::string s;
    for (std::size_t i = 0; i < positions.size(); ++i) {
        if (i > 0)
            s += i + 1 == positions.size() ? " and " : ", ";
        s += playerName(ds, e, positions[i]);
    }
    return s;
}

void counterfactualClause(std::ostringstream& os, const Dataset& ds, const SearchExplanation& e,
                          const std::optional<KindCounterfactual>& c, const char* one,
                          const char* many) {
    if (!c || !c->result.found || !c->result.verified)
        return;
    os << " Without " << (c->result.removedPositions.size() == 1 ? one : many) << " "
       << joinPlayers(ds, e, c->result.removedPositions) << " it leaves the top-" << c->result.k
       << " (#" << c->freshRank << ", re-checked by a separate forward pass).";
}

} // namespace

std::string buildSearchSummary(const Dataset& ds, const SearchExplanation& e) {
    const ExplanationBundle& b = e.bundle;
    const VerifiedFacts& f = b.facts;
    std::ostringstream os;
    os << itemName(ds, b.target) << " is #" << b.targetRank << " for " << quoted(e.query);
    if (!f.checked || !f.rankAgrees || e.split.rank != b.targetRank) {
        os << ". An independent re-run did not reproduce this rank, so no further figures are "
              "stated.";
        return os.str();
    }
    const int n = static_cast<int>(b.history.size());
    int word = -1, purchase = -1;
    if (b.loo && f.looAgrees && f.looRanks.size() == b.history.size()) {
        word = strongest(b.loo->effect, e.purchaseCount, n);
        purchase = strongest(b.loo->effect, 0, e.purchaseCount);
    }
    if (word >= 0 || purchase >= 0) {
        os << " because of ";
        if (word >= 0)
            os << "the word " << playerName(ds, e, word) << (purchase >= 0 ? " and " : "");
        if (purchase >= 0)
            os << "your purchase of " << playerName(ds, e, purchase);
        const char* sep = "; without ";
        for (int p : {purchase, word})
            if (p >= 0) {
                const int without = f.looRanks[static_cast<std::size_t>(p)];
                os << sep << playerName(ds, e, p) << " it would "
                   << (without == b.targetRank ? "still be #" : "be #") << without;
                sep = ", without ";
            }
    }
    os << ".";
    counterfactualClause(os, ds, e, e.counterfactualQuery, "the word", "the words");
    counterfactualClause(os, ds, e, e.counterfactualPurchases, "your purchase of",
                         "your purchases of");
    char gate[16];
    std::snprintf(gate, sizeof gate, "%.2f", static_cast<double>(e.split.gate));
    os << " With the query alone it would be #" << e.split.queryOnlyRank
       << ", with your purchases alone #" << e.split.historyOnlyRank
       << "; the personalisation weight is " << gate
       << " (0 = query only, 1 = fully personalised).";
    return os.str();
}

} // namespace reclens::search
