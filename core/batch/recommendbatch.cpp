#include "batch/recommendbatch.h"

#include "eval/evaluator.h"
#include "explain/explanation.h"

#include <algorithm>
#include <numeric>

namespace reclens::batch {

nlohmann::json recommendSettingsJson(const RecommendBatchConfig& config) {
    return {{"k", config.k},
            {"exclude_seen", config.excludeSeen},
            {"rank_bin_edges", config.rankBinEdges}};
}

ExposureTally::ExposureTally(int items, std::size_t bins)
    : topKCount(static_cast<std::size_t>(items), 0)
    , rankHistogram(bins, std::vector<std::int64_t>(static_cast<std::size_t>(items), 0)) {}

void ExposureTally::addRow(const float* row, std::size_t n, const std::vector<int>& edges,
                           const std::vector<ItemIndex>& top) {
    ++customers;
    for (ItemIndex i : top)
        ++topKCount[static_cast<std::size_t>(i)];
    // Ranks as the merchant view counts them: 1 + the number of items scored strictly higher.
    // Only ranks below the last edge need a bin of their own, so only the best `limit` items are
    // sorted; every item outside them lands in the open last bin, which merge derives.
    const std::size_t limit = std::min(n, static_cast<std::size_t>(std::max(1, edges.back() - 1)));
    if (limit == 0 || rankHistogram.size() < 2)
        return;
    std::vector<ItemIndex> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    const auto better = [row](ItemIndex a, ItemIndex b) {
        return row[a] > row[b] || (row[a] == row[b] && a < b);
    };
    std::nth_element(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(limit - 1), idx.end(),
                     better);
    std::sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(limit), better);
    const auto binOf = [&](int rank) {
        std::size_t bin = 0;
        while (bin + 1 < edges.size() && rank >= edges[bin + 1])
            ++bin;
        return bin;
    };
    const float cutoff = row[idx[limit - 1]];
    int rank = 1, cutoffRank = 1;
    for (std::size_t p = 0; p < limit; ++p) {
        if (p > 0 && row[idx[p]] != row[idx[p - 1]])
            rank = static_cast<int>(p) + 1;
        if (row[idx[p]] == cutoff) {
            cutoffRank = rank; // every item tied with the cutoff shares this rank
            break;
        }
        ++rankHistogram[binOf(rank)][static_cast<std::size_t>(idx[p])];
    }
    // Items tied with the cutoff may lie outside the sorted part: find them all.
    const std::size_t bin = binOf(cutoffRank);
    if (bin + 1 < rankHistogram.size())
        for (std::size_t i = 0; i < n; ++i)
            if (row[i] == cutoff)
                ++rankHistogram[bin][i];
}

void ExposureTally::add(const ExposureTally& other) {
    customers += other.customers;
    for (std::size_t i = 0; i < topKCount.size(); ++i)
        topKCount[i] += other.topKCount[i];
    for (std::size_t b = 0; b < rankHistogram.size(); ++b)
        for (std::size_t i = 0; i < rankHistogram[b].size(); ++i)
            rankHistogram[b][i] += other.rankHistogram[b][i];
}

nlohmann::json ExposureTally::toJson() const {
    return {
        {"customers", customers}, {"top_k_count", topKCount}, {"rank_histogram", rankHistogram}};
}

Expected<ExposureTally> ExposureTally::fromJson(const nlohmann::json& j, int items,
                                                std::size_t bins, const std::string& what) {
    try {
        ExposureTally t;
        t.customers = j.at("customers").get<std::int64_t>();
        t.topKCount = j.at("top_k_count").get<std::vector<std::int64_t>>();
        t.rankHistogram = j.at("rank_histogram").get<std::vector<std::vector<std::int64_t>>>();
        bool ok =
            t.topKCount.size() == static_cast<std::size_t>(items) && t.rankHistogram.size() == bins;
        for (const auto& b : t.rankHistogram)
            ok = ok && b.size() == static_cast<std::size_t>(items);
        if (!ok)
            return makeError(ErrorCode::Schema, what, 0, 0,
                             "the tally does not have one count per item and rank bin");
        return t;
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::Schema, what, 0, 0, std::string("bad tally: ") + e.what());
    }
}

Expected<ShardRunResult>
runRecommendShard(const SequenceModel& model, const Dataset& ds, const RecommendBatchConfig& config,
                  const ShardSpec& shard, const std::string& outDir, const std::string& fingerprint,
                  const std::function<void(std::int64_t, std::int64_t)>& progress,
                  const std::function<bool()>& shouldStop) {
    const auto n = static_cast<std::size_t>(model.itemCount());
    ExposureTally tally(model.itemCount(), config.rankBinEdges.size());
    ShardLoop loop;
    loop.kind = "recommend";
    loop.blockSize = config.blockSize;
    loop.onBlock = [&](const ShardBlock& b, std::ostream& os) {
        for (std::size_t r = 0; r < b.users.size(); ++r) {
            const User& user = ds.users[static_cast<std::size_t>(b.users[r])];
            const float* row = b.scores.data() + r * n;
            const auto top = topK(row, model.itemCount(), config.k,
                                  config.excludeSeen ? user.sequence : std::vector<ItemIndex>{});
            tally.addRow(row, n, config.rankBinEdges, top);
            nlohmann::json items = nlohmann::json::array();
            for (ItemIndex i : top)
                items.push_back(
                    {{"item", ds.items[static_cast<std::size_t>(i)].id}, {"score", row[i]}});
            os << nlohmann::json{{"user", user.id},
                                 {"history_length", user.sequence.size()},
                                 {"items", std::move(items)}}
                      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
               << '\n';
        }
    };
    loop.tally = [&]() {
        nlohmann::json ids = nlohmann::json::array();
        for (const Item& it : ds.items)
            ids.push_back(it.id);
        return nlohmann::json{{"k", config.k},
                              {"rank_bin_edges", config.rankBinEdges},
                              {"exposure", tally.toJson()},
                              {"item_ids", std::move(ids)}};
    };
    return runShardBlocks(model, ds, shard, outDir, fingerprint, loop, progress, shouldStop);
}

} // namespace reclens::batch
