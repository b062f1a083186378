#pragma once
// JSON of the merchant side of search (explain-item --queries; docs/cli-json.md).

#include "search/searchmerchant.h"

#include <nlohmann/json.hpp>

namespace reclens::search {

/// {"item", "title", "k", "log_searches", "searches_analysed", "sampled", "in_top_k",
/// "rank_bin_edges", "queries": [{"query", "example", "searches", "in_top_k", "top_k_share",
/// "mean_rank", "median_rank", "best_rank", "rank_histogram", "fails", "lift_searches",
/// "lift_sampled", "lifts": [{"item", "title", "searches", "strongest", "raises_rank",
/// "mean_score_lift", "mean_rank_gain"}]}], "cancelled", "seconds"}.
nlohmann::json searchMerchantToJson(const SearchMerchantExplanation& m, const Dataset& ds);

} // namespace reclens::search
