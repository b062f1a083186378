// searchMerchantToJson(): the one JSON mapping of SearchMerchantExplanation.

#include "search/searchmerchantjson.h"

namespace reclens::search {

using nlohmann::json;

json searchMerchantToJson(const SearchMerchantExplanation& m, const Dataset& ds) {
    const auto itemOf = [&](ItemIndex i) -> const Item& {
        return ds.items[static_cast<std::size_t>(i)];
    };
    json queries = json::array();
    for (const QuerySearchStats& q : m.queries) {
        json lifts = json::array();
        for (const PurchaseLift& l : q.lifts)
            lifts.push_back({{"item", itemOf(l.item).id},
                             {"title", itemOf(l.item).title},
                             {"searches", l.searches},
                             {"strongest", l.strongest},
                             {"raises_rank", l.raisesRank},
                             {"mean_score_lift", l.meanScoreLift},
                             {"mean_rank_gain", l.meanRankGain}});
        queries.push_back({{"query", q.query},
                           {"example", q.example},
                           {"searches", q.searches},
                           {"in_top_k", q.inTopK},
                           {"top_k_share", q.topKShare},
                           {"mean_rank", q.meanRank},
                           {"median_rank", q.medianRank},
                           {"best_rank", q.bestRank},
                           {"rank_histogram", q.rankHistogram},
                           {"fails", q.fails},
                           {"lift_searches", q.liftSearches},
                           {"lift_sampled", q.liftSampled},
                           {"lifts", lifts}});
    }
    return {{"task", "search"},
            {"item", itemOf(m.item).id},
            {"title", itemOf(m.item).title},
            {"k", m.k},
            {"log_searches", m.logSearches},
            {"searches_analysed", m.searchesAnalysed},
            {"sampled", m.sampled},
            {"in_top_k", m.inTopK},
            {"rank_bin_edges", m.rankBinEdges},
            {"queries", queries},
            {"cancelled", m.cancelled},
            {"seconds", m.seconds}};
}

} // namespace reclens::search
