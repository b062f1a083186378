#include "batch/merchantbatch.h"

#include "explain/merchantdrivers.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace reclens::batch {

namespace {

// Score drops are summed as integers (micro-logits) so that shards merge to the same bytes in
// any grouping; a double sum would depend on the order of the additions.
constexpr double kDropScale = 1e6;

struct DriverSums {
    std::int64_t users = 0, verified = 0, dropMicro = 0;
};
using DriverTable = std::map<std::string, DriverSums>;

nlohmann::json tableJson(const DriverTable& t) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, s] : t)
        j[key] = {s.users, s.verified, s.dropMicro};
    return j;
}

void addTable(DriverTable& into, const nlohmann::json& j) {
    for (const auto& [key, v] : j.items()) {
        DriverSums& s = into[key];
        s.users += v.at(0).get<std::int64_t>();
        s.verified += v.at(1).get<std::int64_t>();
        s.dropMicro += v.at(2).get<std::int64_t>();
    }
}

nlohmann::json topList(const DriverTable& t, int n, const char* keyName) {
    std::vector<std::pair<std::string, DriverSums>> v(t.begin(), t.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
        if (a.second.users != b.second.users)
            return a.second.users > b.second.users;
        if (a.second.dropMicro != b.second.dropMicro)
            return a.second.dropMicro > b.second.dropMicro;
        return a.first < b.first;
    });
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < v.size() && static_cast<int>(i) < n; ++i) {
        const auto& s = v[i].second;
        out.push_back(
            {{keyName, v[i].first},
             {"users", s.users},
             {"verified_drops", s.verified},
             {"mean_score_drop", static_cast<double>(s.dropMicro) / kDropScale /
                                     static_cast<double>(std::max<std::int64_t>(1, s.users))}});
    }
    return out;
}

// The median of the ranks counted in `counts` (rank -> customers, `total` customers in all), as
// explain-item computes it over the sorted ranks: the middle one, or the mean of the two middle
// ones for an even count.
double medianOfCounts(const std::map<std::int64_t, std::int64_t>& counts, std::int64_t total) {
    const std::int64_t lowerIndex = (total - 1) / 2, upperIndex = total / 2; // 0-based
    std::int64_t seen = 0;
    double lower = 0.0;
    for (const auto& [rank, users] : counts) {
        if (seen <= lowerIndex && lowerIndex < seen + users)
            lower = static_cast<double>(rank);
        if (seen <= upperIndex && upperIndex < seen + users)
            return 0.5 * (lower + static_cast<double>(rank));
        seen += users;
    }
    return 0.0;
}

std::size_t binOf(const std::vector<int>& edges, int rank) {
    std::size_t bin = 0;
    while (bin + 1 < edges.size() && rank >= edges[bin + 1])
        ++bin;
    return bin;
}

} // namespace

nlohmann::json merchantSettingsJson(const MerchantBatchConfig& config, const Dataset& ds) {
    return {{"item", ds.items.at(static_cast<std::size_t>(config.item)).id},
            {"k", config.k},
            {"rank_bin_edges", config.rankBinEdges},
            {"top_drivers", config.topDrivers}};
}

Expected<ShardRunResult>
runMerchantShard(const SequenceModel& model, const Dataset& ds, const MerchantBatchConfig& config,
                 const ShardSpec& shard, const std::string& outDir, const std::string& fingerprint,
                 const std::function<void(std::int64_t, std::int64_t)>& progress,
                 const std::function<bool()>& shouldStop) {
    const ItemIndex item = config.item;
    const auto n = static_cast<std::size_t>(model.itemCount());
    std::int64_t done = 0, inTopK = 0, rankSum = 0;
    int bestRank = 0;
    std::vector<std::int64_t> histogram(config.rankBinEdges.size(), 0);
    // Customers per rank value, for the exact median at merge time: at most one entry per
    // distinct rank (bounded by the catalog and by the shard's customers), never one per line.
    std::map<int, std::int64_t> rankCounts;
    DriverTable byItem, byCategory, byBrand;
    ShardLoop loop;
    loop.kind = "merchant";
    loop.blockSize = config.blockSize;
    loop.onBlock = [&](const ShardBlock& b, std::ostream& os) {
        std::vector<int> ranks;
        std::vector<History> top;
        for (std::size_t r = 0; r < b.histories.size(); ++r) {
            ranks.push_back(rankInRow(b.scores.data() + r * n, n, item));
            if (ranks.back() <= config.k)
                top.push_back(b.histories[r]);
        }
        const auto drivers = strongestDrivers(model, top, item, config.k);
        std::size_t nextDriver = 0;
        for (std::size_t r = 0; r < b.histories.size(); ++r) {
            const User& user = ds.users[static_cast<std::size_t>(b.users[r])];
            const int rank = ranks[r];
            ++done;
            rankSum += rank;
            ++rankCounts[rank];
            bestRank = bestRank == 0 ? rank : std::min(bestRank, rank);
            ++histogram[binOf(config.rankBinEdges, rank)];
            nlohmann::json line = {
                {"user", user.id}, {"history_length", user.sequence.size()}, {"rank", rank}};
            if (rank <= config.k) {
                ++inTopK;
                const StrongestDriver& d = drivers[nextDriver++];
                if (d.item >= 0) {
                    const Item& it = ds.items[static_cast<std::size_t>(d.item)];
                    const auto micro =
                        static_cast<std::int64_t>(std::llround(d.scoreDrop * kDropScale));
                    for (auto* s :
                         {&byItem[it.id], it.category.empty() ? nullptr : &byCategory[it.category],
                          it.brand.empty() ? nullptr : &byBrand[it.brand]}) {
                        if (!s)
                            continue;
                        s->users += 1;
                        s->verified += d.verified ? 1 : 0;
                        s->dropMicro += micro;
                    }
                    line["driver"] = it.id;
                    line["driver_score_drop"] = d.scoreDrop;
                    line["driver_verified"] = d.verified;
                } else {
                    line["driver"] = nullptr;
                }
            }
            os << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        }
    };
    loop.tally = [&]() {
        std::int64_t bought = 0, purchases = 0;
        for (const User& u : ds.users) {
            purchases += static_cast<std::int64_t>(u.sequence.size());
            bought += std::count(u.sequence.begin(), u.sequence.end(), item);
        }
        nlohmann::json counts = nlohmann::json::array();
        for (const auto& [rank, users] : rankCounts)
            counts.push_back({rank, users});
        return nlohmann::json{{"item", ds.items[static_cast<std::size_t>(item)].id},
                              {"title", ds.items[static_cast<std::size_t>(item)].title},
                              {"k", config.k},
                              {"top_drivers", config.topDrivers},
                              {"rank_bin_edges", config.rankBinEdges},
                              {"item_purchases", bought},
                              {"all_purchases", purchases},
                              {"customers", done},
                              {"in_top_k", inTopK},
                              {"rank_sum", rankSum},
                              {"rank_counts", std::move(counts)},
                              {"best_rank", bestRank},
                              {"rank_histogram", histogram},
                              {"drivers",
                               {{"item", tableJson(byItem)},
                                {"category", tableJson(byCategory)},
                                {"brand", tableJson(byBrand)}}}};
    };
    return runShardBlocks(model, ds, shard, outDir, fingerprint, loop, progress, shouldStop);
}

Expected<nlohmann::json> mergeMerchantTallies(const std::vector<nlohmann::json>& tallies,
                                              const std::vector<std::string>& what) {
    if (tallies.empty())
        return makeError(ErrorCode::Schema, "", 0, 0, "no shard tallies to merge");
    std::int64_t customers = 0, inTopK = 0, rankSum = 0;
    std::int64_t best = 0;
    std::vector<std::int64_t> histogram;
    std::map<std::int64_t, std::int64_t> rankCounts;
    bool haveRankCounts = true; // shards written before rank_counts existed have none
    DriverTable byItem, byCategory, byBrand;
    const nlohmann::json& first = tallies.front();
    for (std::size_t s = 0; s < tallies.size(); ++s) {
        const nlohmann::json& t = tallies[s];
        try {
            for (const char* same :
                 {"item", "k", "rank_bin_edges", "item_purchases", "all_purchases", "top_drivers"})
                if (t.at(same) != first.at(same))
                    return makeError(ErrorCode::Schema, what[s], 0, 0,
                                     std::string("its tally's ") + same +
                                         " differs from the first shard's");
            const auto shardCustomers = t.at("customers").get<std::int64_t>();
            customers += shardCustomers;
            if (!t.contains("rank_counts")) {
                haveRankCounts = false;
            } else {
                std::int64_t counted = 0;
                for (const auto& pair : t.at("rank_counts")) {
                    const auto users = pair.at(1).get<std::int64_t>();
                    rankCounts[pair.at(0).get<std::int64_t>()] += users;
                    counted += users;
                }
                if (counted != shardCustomers)
                    return makeError(ErrorCode::Schema, what[s], 0, 0,
                                     "its rank_counts add up to " + std::to_string(counted) +
                                         " customers, its tally says " +
                                         std::to_string(shardCustomers));
            }
            inTopK += t.at("in_top_k").get<std::int64_t>();
            rankSum += t.at("rank_sum").get<std::int64_t>();
            const auto b = t.at("best_rank").get<std::int64_t>();
            if (b > 0)
                best = best == 0 ? b : std::min(best, b);
            const auto h = t.at("rank_histogram").get<std::vector<std::int64_t>>();
            if (histogram.empty())
                histogram.assign(h.size(), 0);
            if (h.size() != histogram.size())
                return makeError(ErrorCode::Schema, what[s], 0, 0,
                                 "its rank histogram has another number of bins");
            for (std::size_t i = 0; i < h.size(); ++i)
                histogram[i] += h[i];
            addTable(byItem, t.at("drivers").at("item"));
            addTable(byCategory, t.at("drivers").at("category"));
            addTable(byBrand, t.at("drivers").at("brand"));
        } catch (const nlohmann::json::exception& e) {
            return makeError(ErrorCode::Schema, what[s], 0, 0,
                             std::string("bad merchant tally: ") + e.what());
        }
    }
    const int k = first.at("k").get<int>();
    const int topDrivers = first.at("top_drivers").get<int>();
    const auto c = static_cast<double>(std::max<std::int64_t>(1, customers));
    const double exposure = static_cast<double>(inTopK) / (c * k);
    const auto all = first.at("all_purchases").get<std::int64_t>();
    const double popularity =
        all > 0 ? static_cast<double>(first.at("item_purchases").get<std::int64_t>()) /
                      static_cast<double>(all)
                : 0.0;
    // The histogram as explain-item's JSON writes it: {from, to, users}, the last bin open.
    const auto edges = first.at("rank_bin_edges").get<std::vector<int>>();
    nlohmann::json bins = nlohmann::json::array();
    for (std::size_t b = 0; b < histogram.size() && b < edges.size(); ++b)
        bins.push_back({{"from", edges[b]},
                        {"to", b + 1 < edges.size() ? nlohmann::json(edges[b + 1] - 1)
                                                    : nlohmann::json(nullptr)},
                        {"users", histogram[b]}});
    return nlohmann::json{
        {"kind", "merchant"},
        {"item", first.at("item")},
        {"title", first.value("title", "")},
        {"k", k},
        {"users_considered", customers},
        {"in_top_k", inTopK},
        {"top_k_share", static_cast<double>(inTopK) / c},
        {"exposure_share", exposure},
        {"popularity_share", popularity},
        {"exposure_lift", popularity > 0 ? exposure / popularity : 0.0},
        {"mean_rank", static_cast<double>(rankSum) / c},
        {"median_rank", haveRankCounts && customers > 0
                            ? nlohmann::json(medianOfCounts(rankCounts, customers))
                            : nlohmann::json(nullptr)},
        {"best_rank", best},
        {"rank_histogram", std::move(bins)},
        {"driver_users", inTopK},
        {"driver_users_sampled", false},
        {"drivers", topList(byItem, topDrivers, "item")},
        {"driver_categories", topList(byCategory, topDrivers, "name")},
        {"driver_brands", topList(byBrand, topDrivers, "name")},
        {"sampled", false}};
}

} // namespace reclens::batch
