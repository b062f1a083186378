// explainSearchResult(): the explanation engine on the search ranker (via SearchPlayerModel),
// plus the search-only facts, each from a fresh SearchModel::scoreAll pass.

#include "search/searchexplain.h"

#include "explain/explainmethods.h"
#include "search/bm25.h"
#include "search/searchplayermodel.h"

#include <algorithm>
#include <stdexcept>

namespace reclens::search {

namespace {

/// 1 + items scored strictly higher than `item` in a row of `n` scores.
int strictRank(const float* row, std::size_t n, ItemIndex item) {
    const float s = row[static_cast<std::size_t>(item)];
    int above = 0;
    for (std::size_t i = 0; i < n; ++i)
        above += row[i] > s ? 1 : 0;
    return above + 1;
}

SearchSplit scoreSplit(const SearchModel& model, const SearchRequest& full, ItemIndex item) {
    const auto s = model.scoreAll({full, {{}, full.query}, {full.history, {}}});
    const auto n = static_cast<std::size_t>(s.itemCount);
    const auto at = [&](std::size_t row) {
        return s.scores.data() + row * n;
    };
    SearchSplit out;
    out.score = at(0)[item];
    out.rank = strictRank(at(0), n, item);
    out.queryOnlyScore = at(1)[item];
    out.queryOnlyRank = strictRank(at(1), n, item);
    out.historyOnlyScore = at(2)[item];
    out.historyOnlyRank = strictRank(at(2), n, item);
    out.gate = s.gates[0];
    out.queryOnlyGate = s.gates[1];
    out.historyOnlyGate = s.gates[2];
    return out;
}

/// The counterfactual of one kind of player (positions [from, to) of the joint sequence),
/// ordered by leave-one-out, re-checked by a request built from the purchases and words
/// directly: an independent path from the adapter that found it.
KindCounterfactual kindCounterfactual(const SearchPlayerModel& players, const SearchModel& model,
                                      const ExplanationBundle& b, const History& history,
                                      const std::vector<text::WordId>& query, int from, int to,
                                      ExplainConfig config) {
    config.counterfactualPositions.clear();
    for (int p = from; p < to; ++p)
        config.counterfactualPositions.push_back(p);
    KindCounterfactual out;
    out.result = minimalCounterfactual(players, b.history, b.target, b.loo->effect, config);
    if (!out.result.found)
        return out;
    SearchRequest request{history, query};
    const auto hCount = static_cast<int>(history.size());
    for (auto it = out.result.removedPositions.rbegin(); it != out.result.removedPositions.rend();
         ++it) {
        if (*it < hCount)
            request.history.erase(request.history.begin() + *it);
        else
            request.query.erase(request.query.begin() + (*it - hCount));
    }
    const auto s = model.scoreAll({request});
    out.freshRank = strictRank(s.scores.data(), static_cast<std::size_t>(s.itemCount), b.target);
    out.result.verified =
        out.result.verified && out.freshRank == out.result.newRank && out.freshRank > config.k;
    return out;
}

} // namespace

std::vector<float> SearchExplanation::purchasePart(const std::vector<float>& values) const {
    const auto n = std::min(values.size(), static_cast<std::size_t>(purchaseCount));
    return {values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<float> SearchExplanation::queryPart(const std::vector<float>& values) const {
    if (values.size() <= static_cast<std::size_t>(purchaseCount))
        return {};
    return {values.begin() + purchaseCount, values.end()};
}

namespace {

/// What explainSearchResult and explainSearchTopK share: the query encoded and cut, the
/// history clipped, the engine's config over the joint players, and an explanation with its
/// query terms but no bundle yet.
struct SearchInput {
    History history;
    std::vector<text::WordId> query;
    std::vector<std::string> tokens;
    ExplainConfig config;
    SearchExplanation blank;
};

SearchInput searchInput(const SearchModel& model, const SearchPlayerModel& players,
                        const History& fullHistory, const std::string& queryText,
                        const ExplainConfig& config) {
    SearchInput in;
    const auto encoded = model.encodeQuery(queryText);
    const auto maxQ = static_cast<std::size_t>(model.info().search.maxQueryWords);
    in.query.assign(encoded.ids.begin(), encoded.ids.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                   encoded.ids.size(), maxQ)));
    in.tokens = encoded.tokens;
    in.history = clipHistory(fullHistory, model.maxLength());
    if (in.history.empty() && in.query.empty())
        throw std::invalid_argument("nothing to explain: the customer has no purchases and the "
                                    "query has no words");
    SearchExplanation& e = in.blank;
    e.query = queryText;
    e.purchaseCount = static_cast<int>(in.history.size());
    for (std::size_t i = 0; i < in.query.size(); ++i)
        e.queryTerms.push_back({encoded.tokens[i], in.query[i],
                                in.query[i] != text::Vocabulary::kUnknown,
                                e.purchaseCount + static_cast<int>(i)});
    in.config = config;
    in.config.extraPlayers = players.labels();
    // Top lists longer than the catalog would reach the word players' -inf columns.
    in.config.k = std::min(in.config.k, model.itemCount());
    in.config.whatIfK = std::min(in.config.whatIfK, model.itemCount());
    return in;
}

} // namespace

std::vector<SearchExplanation> explainSearchTopK(const SearchModel& model, const Dataset& ds,
                                                 const History& fullHistory,
                                                 const std::string& queryText, int k,
                                                 const ExplainConfig& config,
                                                 const std::function<bool()>& shouldStop) {
    const SearchPlayerModel players(model);
    const SearchInput in = searchInput(model, players, fullHistory, queryText, config);
    const auto bundles = explainTopK(players, ds, players.players(in.history, in.query),
                                     std::clamp(k, 1, model.itemCount()), in.config, shouldStop);
    std::vector<SearchExplanation> out;
    for (const ExplanationBundle& b : bundles) {
        SearchExplanation e = in.blank;
        e.bundle = b;
        e.split = scoreSplit(model, {in.history, in.query}, b.target);
        e.lexicalMatches = lexicalMatches(in.tokens, ds.items[static_cast<std::size_t>(b.target)]);
        e.summary = buildSearchSummary(ds, e);
        out.push_back(std::move(e));
    }
    return out;
}

SearchExplanation explainSearchResult(const SearchModel& model, const Dataset& ds,
                                      const History& fullHistory, const std::string& queryText,
                                      ItemIndex item, const ExplainConfig& config,
                                      const std::function<bool()>& shouldStop) {
    const SearchPlayerModel players(model);
    SearchInput in = searchInput(model, players, fullHistory, queryText, config);
    if (item >= model.itemCount())
        throw std::invalid_argument("item index " + std::to_string(item) +
                                    " is outside the catalog");
    const History& history = in.history;
    const std::vector<text::WordId>& query = in.query;
    const ExplainConfig& cfg = in.config;
    SearchExplanation e = std::move(in.blank);
    e.bundle = explain(players, ds, players.players(history, query), item, cfg, shouldStop);
    const ExplanationBundle& b = e.bundle;
    const ItemIndex target = b.target;

    e.split = scoreSplit(model, {history, query}, target);
    // The target's own words only: building a BM25 index over the catalog here took most of
    // the search-only time of a bundle (88 ms median on Scientific, bench_search --bundle).
    e.lexicalMatches = lexicalMatches(in.tokens, ds.items[static_cast<std::size_t>(target)]);
    const bool stopped = b.cancelled || (shouldStop && shouldStop());
    if (config.methods.counterfactual && b.loo && !stopped) {
        const int n = static_cast<int>(b.history.size());
        if (e.purchaseCount > 0)
            e.counterfactualPurchases =
                kindCounterfactual(players, model, b, history, query, 0, e.purchaseCount, cfg);
        if (n > e.purchaseCount)
            e.counterfactualQuery =
                kindCounterfactual(players, model, b, history, query, e.purchaseCount, n, cfg);
    }
    e.summary = buildSearchSummary(ds, e);
    return e;
}

} // namespace reclens::search
