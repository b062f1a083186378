// explainItemSearches(): one product across the searches of a log. Ranks from batched
// SearchModel::scoreAll passes; purchase lifts from the engine's leave-one-out through
// SearchPlayerModel (no second leave-one-out here).

#include "search/searchmerchant.h"

#include "explain/explainmethods.h"
#include "search/searchplayermodel.h"
#include "text/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace reclens::search {

namespace {

struct LiftAcc {
    int searches = 0, strongest = 0, raisesRank = 0;
    double lift = 0, rankGain = 0;
};

struct QueryAcc {
    std::string example;
    std::vector<int> ranks;
    std::vector<std::size_t> rows; // indexes into the analysed log rows
};

int binOf(const std::vector<int>& edges, int rank) {
    std::size_t bin = 0;
    while (bin + 1 < edges.size() && rank >= edges[bin + 1])
        ++bin;
    return static_cast<int>(bin);
}

/// Aggregated leave-one-out of the purchases over a failing query's searches.
void analyseLifts(const SearchPlayerModel& players, const SearchModel& model, const Dataset& ds,
                  const std::vector<const QueryRecord*>& searches, ItemIndex item,
                  const SearchMerchantConfig& config, std::mt19937_64& rng, QuerySearchStats& q) {
    std::vector<const QueryRecord*> withHistory;
    for (const QueryRecord* r : searches)
        if (!searchHistory(ds, *r).empty())
            withHistory.push_back(r);
    std::shuffle(withHistory.begin(), withHistory.end(), rng);
    if (config.maxLooSearches > 0 &&
        withHistory.size() > static_cast<std::size_t>(config.maxLooSearches)) {
        withHistory.resize(static_cast<std::size_t>(config.maxLooSearches));
        q.liftSampled = true;
    }
    std::map<ItemIndex, LiftAcc> acc;
    for (const QueryRecord* r : withHistory) {
        const History h = clipHistory(searchHistory(ds, *r), model.maxLength());
        const auto query = model.encodeQuery(r->query).ids;
        const History joint = players.players(h, query);
        const LeaveOneOutExplanation loo = explainLeaveOneOut(players, joint, item);
        const std::size_t purchases = h.size(); // joint positions [0, purchases) are purchases
        std::size_t best = purchases;
        for (std::size_t t = 0; t < purchases; ++t)
            if (loo.effect[t] > 0 && (best == purchases || loo.effect[t] > loo.effect[best]))
                best = t;
        // A purchase bought twice counts once per search, with its strongest position.
        std::map<ItemIndex, std::size_t> strongestPos;
        for (std::size_t t = 0; t < purchases; ++t) {
            auto [it, fresh] = strongestPos.emplace(h[t], t);
            if (!fresh && loo.effect[t] > loo.effect[it->second])
                it->second = t;
        }
        for (const auto& [purchase, t] : strongestPos) {
            LiftAcc& a = acc[purchase];
            a.searches += 1;
            a.strongest += t == best ? 1 : 0;
            a.raisesRank += loo.ranks[t] > loo.baseRank ? 1 : 0;
            a.lift += loo.effect[t];
            a.rankGain += loo.ranks[t] - loo.baseRank;
        }
    }
    q.liftSearches = static_cast<int>(withHistory.size());
    for (const auto& [purchase, a] : acc) {
        if (a.lift <= 0)
            continue; // only purchases that lift the product on average
        q.lifts.push_back({purchase, a.searches, a.strongest, a.raisesRank,
                           static_cast<float>(a.lift / a.searches), a.rankGain / a.searches});
    }
    std::sort(q.lifts.begin(), q.lifts.end(), [](const PurchaseLift& a, const PurchaseLift& b) {
        return a.strongest != b.strongest     ? a.strongest > b.strongest
               : a.raisesRank != b.raisesRank ? a.raisesRank > b.raisesRank
                                              : a.meanScoreLift > b.meanScoreLift;
    });
    if (q.lifts.size() > static_cast<std::size_t>(std::max(0, config.topLifts)))
        q.lifts.resize(static_cast<std::size_t>(std::max(0, config.topLifts)));
}

} // namespace

History searchHistory(const Dataset& ds, const QueryRecord& r) {
    const History& seq = ds.users[static_cast<std::size_t>(r.user)].sequence;
    const auto end =
        std::clamp<std::ptrdiff_t>(r.position, 0, static_cast<std::ptrdiff_t>(seq.size()));
    return {seq.begin(), seq.begin() + end};
}

std::string normaliseQuery(const std::string& query) {
    std::string out;
    for (const auto& w : text::tokenize(query))
        out += (out.empty() ? "" : " ") + w;
    return out;
}

int strictRankInRow(const float* row, std::size_t n, ItemIndex item) {
    const float s = row[static_cast<std::size_t>(item)];
    int above = 0;
    for (std::size_t i = 0; i < n; ++i)
        above += row[i] > s ? 1 : 0;
    return above + 1;
}

SearchMerchantExplanation explainItemSearches(const SearchModel& model, const Dataset& ds,
                                              const QueryLog& log, ItemIndex item,
                                              const SearchMerchantConfig& config,
                                              const std::function<void(int, int)>& progress,
                                              const std::function<bool()>& shouldStop) {
    if (item < 0 || item >= model.itemCount())
        throw std::invalid_argument("item index " + std::to_string(item) +
                                    " is outside the catalog");
    const auto t0 = std::chrono::steady_clock::now();
    SearchMerchantExplanation out;
    out.item = item;
    out.k = config.k;
    out.logSearches = static_cast<int>(log.records.size());
    out.rankBinEdges = {1, 2, 6, 11, 21, 51, 101, 501, 1001};

    std::vector<std::size_t> rows(log.records.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    std::mt19937_64 rng(config.seed);
    if (config.maxSearches > 0 && rows.size() > static_cast<std::size_t>(config.maxSearches)) {
        std::shuffle(rows.begin(), rows.end(), rng);
        rows.resize(static_cast<std::size_t>(config.maxSearches));
        out.sampled = true;
    }
    // Batches of similar history length (a batch is padded to its longest history).
    const auto historyLength = [&](std::size_t i) {
        return std::min<std::int32_t>(log.records[i].position, model.maxLength());
    };
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        return historyLength(a) < historyLength(b);
    });
    const int progressTotal =
        static_cast<int>(rows.size()) + config.maxFailingQueries * config.maxLooSearches;
    std::map<std::string, QueryAcc> byQuery;
    const std::size_t batch = static_cast<std::size_t>(std::max(1, config.batchSize));
    for (std::size_t b = 0; b < rows.size(); b += batch) {
        if (shouldStop && shouldStop()) {
            out.cancelled = true;
            break;
        }
        const std::size_t e = std::min(rows.size(), b + batch);
        std::vector<SearchRequest> requests;
        for (std::size_t i = b; i < e; ++i) {
            const QueryRecord& r = log.records[rows[i]];
            requests.push_back({searchHistory(ds, r), model.encodeQuery(r.query).ids});
        }
        const SearchScores s = model.scoreAll(requests);
        const auto n = static_cast<std::size_t>(s.itemCount);
        for (std::size_t i = b; i < e; ++i) {
            const QueryRecord& r = log.records[rows[i]];
            QueryAcc& q = byQuery[normaliseQuery(r.query)];
            if (q.example.empty())
                q.example = r.query;
            q.ranks.push_back(strictRankInRow(s.scores.data() + (i - b) * n, n, item));
            q.rows.push_back(rows[i]);
        }
        out.searchesAnalysed = static_cast<int>(e);
        if (progress)
            progress(static_cast<int>(e), progressTotal);
    }

    for (auto& [text, acc] : byQuery) {
        QuerySearchStats q;
        q.query = text;
        q.example = acc.example;
        q.searches = static_cast<int>(acc.ranks.size());
        q.rankHistogram.assign(out.rankBinEdges.size(), 0);
        for (int r : acc.ranks) {
            q.inTopK += r <= config.k ? 1 : 0;
            ++q.rankHistogram[static_cast<std::size_t>(binOf(out.rankBinEdges, r))];
        }
        out.inTopK += q.inTopK;
        q.topKShare = static_cast<double>(q.inTopK) / q.searches;
        q.meanRank = std::accumulate(acc.ranks.begin(), acc.ranks.end(), 0.0) / q.searches;
        std::vector<int> sorted = acc.ranks;
        std::sort(sorted.begin(), sorted.end());
        const std::size_t mid = sorted.size() / 2;
        q.medianRank = sorted.size() % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        q.bestRank = sorted.front();
        q.fails = q.topKShare < config.failShare;
        out.queries.push_back(std::move(q));
    }
    std::sort(out.queries.begin(), out.queries.end(),
              [](const QuerySearchStats& a, const QuerySearchStats& b) {
                  return a.searches != b.searches ? a.searches > b.searches : a.query < b.query;
              });

    // Purchase lifts for the most searched failing queries.
    const SearchPlayerModel players(model);
    int analysed = 0, done = static_cast<int>(rows.size());
    for (QuerySearchStats& q : out.queries) {
        if (out.cancelled || analysed >= config.maxFailingQueries)
            break;
        if (!q.fails)
            continue;
        if (shouldStop && shouldStop()) {
            out.cancelled = true;
            break;
        }
        std::vector<const QueryRecord*> searches;
        for (std::size_t row : byQuery[q.query].rows)
            searches.push_back(&log.records[row]);
        analyseLifts(players, model, ds, searches, item, config, rng, q);
        ++analysed;
        done += q.liftSearches;
        if (progress)
            progress(std::min(done, progressTotal), progressTotal);
    }
    if (progress && !out.cancelled)
        progress(progressTotal, progressTotal);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace reclens::search
