// The merchant view: one item across many users. Ranks come from batched scoreAll calls; the
// drivers from batched leave-one-out (scoreTargets) over the users who have the item in their
// top-K, and each user's strongest driver is re-checked with a real forward pass.

#include "explain/concurrent.h"
#include "explain/explainmethods.h"
#include "explain/merchantdrivers.h"
#include "explain/merchantstats.h"
#include "explain/scoring.h"
#include "model/computebackend.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace reclens {

namespace {

struct DriverAcc {
    int users = 0;
    int verified = 0;
    double drop = 0;
};

template <typename Key>
std::vector<std::pair<Key, DriverAcc>> topOf(const std::map<Key, DriverAcc>& m, int n) {
    std::vector<std::pair<Key, DriverAcc>> v(m.begin(), m.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
        return a.second.users > b.second.users ||
               (a.second.users == b.second.users && a.second.drop > b.second.drop);
    });
    if (static_cast<int>(v.size()) > n)
        v.resize(static_cast<size_t>(std::max(0, n)));
    return v;
}

// Whether customer u is in the segment; `history` is the history the view scores for u.
bool inSegment(const Dataset& ds, const History& history, const MerchantSegment& seg) {
    const int len = static_cast<int>(history.size());
    if (len < seg.minHistoryLength || (seg.maxHistoryLength > 0 && len > seg.maxHistoryLength))
        return false;
    if (seg.category.empty())
        return true;
    return std::any_of(history.begin(), history.end(), [&](ItemIndex i) {
        return ds.items[static_cast<size_t>(i)].category == seg.category;
    });
}

} // namespace

CandidateFilterModel merchantCandidateModel(const SequenceModel& model, ItemIndex item,
                                            const MerchantConfig& config, bool excludeBought) {
    if (!excludeBought)
        return CandidateFilterModel(model, {});
    std::vector<ItemIndex> keep{item};
    if (config.compareWith >= 0)
        keep.push_back(config.compareWith);
    return CandidateFilterModel::perHistory(model, std::move(keep));
}

MerchantExplanation explainItem(const SequenceModel& wrapped, const Dataset& ds, ItemIndex item,
                                const MerchantConfig& config,
                                const std::function<void(int, int)>& progress,
                                const std::function<bool()>& shouldStop) {
    checkTarget(wrapped, item);
    if (config.compareWith >= 0)
        checkTarget(wrapped, config.compareWith);
    if (config.whatIfAdd >= 0)
        checkTarget(wrapped, config.whatIfAdd);
    // Each batch is split across the cores, one intra-op thread each (as in explain()).
    const int workers = bundleWorkers(config.threads, 2);
    const ComputeThreadsScope intraOp(workers > 1 ? 1 : computeThreads());
    const ConcurrentModel model(wrapped, workers);
    const auto t0 = std::chrono::steady_clock::now();
    MerchantExplanation out;
    out.item = item;
    out.k = config.k;
    out.totalUsers = static_cast<int>(ds.users.size());
    out.rankBinEdges = {1, 2, 6, 11, 21, 51, 101, 501, 1001};
    out.rankHistogram.assign(out.rankBinEdges.size(), 0);

    out.segment = config.segment;
    out.seed = config.seed;
    // The unclipped history: the segment's lengths count every purchase.
    auto fullHistoryOf = [&](UserIndex u) {
        return config.trainingPrefix ? ds.trainingSequence(u)
                                     : ds.users[static_cast<size_t>(u)].sequence;
    };
    std::vector<UserIndex> users;
    for (size_t u = 0; u < ds.users.size(); ++u)
        if (!ds.users[u].sequence.empty() &&
            (!config.segment.active() ||
             inSegment(ds, fullHistoryOf(static_cast<UserIndex>(u)), config.segment)))
            users.push_back(static_cast<UserIndex>(u));
    out.usersEligible = static_cast<int>(users.size());
    std::mt19937_64 rng(config.seed);
    if (config.maxUsers > 0 && static_cast<size_t>(config.maxUsers) < users.size()) {
        std::shuffle(users.begin(), users.end(), rng);
        users.resize(static_cast<size_t>(config.maxUsers));
        std::sort(users.begin(), users.end());
        out.sampled = true;
    }
    auto historyOf = [&](UserIndex u) {
        return clipHistory(fullHistoryOf(u), model.maxLength());
    };
    const int whatIfUsers = config.whatIfAdd < 0 ? 0
                            : config.whatIfMaxUsers > 0
                                ? std::min(static_cast<int>(users.size()), config.whatIfMaxUsers)
                                : static_cast<int>(users.size());
    const int total = static_cast<int>(users.size()) * 2 + whatIfUsers;
    const size_t n = static_cast<size_t>(model.itemCount());
    const size_t batch = static_cast<size_t>(std::max(1, config.batchSize));

    // Phase 1: the item's rank for every user, in batches of users with similar history
    // lengths (a batch is padded to its longest history; most customers are short).
    std::vector<UserIndex> byLength = users;
    std::stable_sort(byLength.begin(), byLength.end(), [&](UserIndex a, UserIndex b) {
        return ds.users[static_cast<size_t>(a)].sequence.size() <
               ds.users[static_cast<size_t>(b)].sequence.size();
    });
    std::vector<int> ranks, otherRanks; // aligned with scored
    std::vector<UserIndex> scored, inTop;
    for (size_t b = 0; b < byLength.size(); b += batch) {
        if (shouldStop && shouldStop()) {
            out.cancelled = true;
            break;
        }
        const size_t e = std::min(byLength.size(), b + batch);
        std::vector<History> hs;
        for (size_t i = b; i < e; ++i)
            hs.push_back(historyOf(byLength[i]));
        const auto rows = model.scoreAll(hs);
        for (size_t i = 0; i < hs.size(); ++i) {
            const int r = rankInRow(rows.data() + i * n, n, item);
            ranks.push_back(r);
            scored.push_back(byLength[b + i]);
            // The compared product is ranked from the very same row: same customers, same pass.
            if (config.compareWith >= 0)
                otherRanks.push_back(rankInRow(rows.data() + i * n, n, config.compareWith));
            if (r <= config.k)
                inTop.push_back(byLength[b + i]);
        }
        if (progress)
            progress(static_cast<int>(e), total);
    }
    std::sort(inTop.begin(), inTop.end()); // user order, so the driver sample is length-blind
    out.usersConsidered = static_cast<int>(ranks.size());
    out.inTopK = static_cast<int>(inTop.size());
    if (!ranks.empty()) {
        out.topKShare = static_cast<double>(out.inTopK) / static_cast<double>(ranks.size());
        for (int r : ranks) {
            size_t bin = 0;
            while (bin + 1 < out.rankBinEdges.size() && r >= out.rankBinEdges[bin + 1])
                ++bin;
            ++out.rankHistogram[bin];
        }
        out.meanRank =
            std::accumulate(ranks.begin(), ranks.end(), 0.0) / static_cast<double>(ranks.size());
        std::vector<int> sorted = ranks;
        std::sort(sorted.begin(), sorted.end());
        const size_t mid = sorted.size() / 2;
        out.medianRank = sorted.size() % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        out.bestRank = sorted.front();
        out.exposureShare = static_cast<double>(out.inTopK) /
                            (static_cast<double>(ranks.size()) * std::max(1, config.k));
    }
    std::int64_t bought = 0, all = 0;
    for (const auto& u : ds.users) {
        all += static_cast<std::int64_t>(u.sequence.size());
        bought += std::count(u.sequence.begin(), u.sequence.end(), item);
    }
    out.popularityShare = all > 0 ? static_cast<double>(bought) / static_cast<double>(all) : 0.0;
    out.exposureLift = out.popularityShare > 0 ? out.exposureShare / out.popularityShare : 0.0;
    fillMerchantConfidence(out, ranks);
    if (config.compareWith >= 0)
        out.comparison = compareRanks(config.compareWith, ranks, otherRanks, config.k, out.sampled,
                                      out.usersEligible);

    // The customers with it in their top-K, best rank first (ties by customer index).
    for (size_t i = 0; i < scored.size(); ++i)
        if (ranks[i] <= config.k)
            out.customers.push_back(
                {scored[i], ranks[i], static_cast<int>(fullHistoryOf(scored[i]).size())});
    std::sort(out.customers.begin(), out.customers.end(),
              [](const MerchantCustomer& a, const MerchantCustomer& b) {
                  return a.rank < b.rank || (a.rank == b.rank && a.user < b.user);
              });
    if (config.maxCustomers > 0 &&
        out.customers.size() > static_cast<size_t>(config.maxCustomers)) {
        out.customers.resize(static_cast<size_t>(config.maxCustomers));
        out.customersCapped = true;
    }

    // Merchant what-if: a seeded sample (whatIfMaxUsers) of the scored customers, re-scored
    // with the product appended (its own rng, so the driver sample below is unchanged).
    if (config.whatIfAdd >= 0 && !out.cancelled) {
        std::vector<size_t> pick(scored.size());
        std::iota(pick.begin(), pick.end(), size_t{0});
        if (static_cast<int>(pick.size()) > whatIfUsers) {
            std::mt19937_64 whatIfRng(config.seed ^ 0x9e3779b97f4a7c15ULL);
            std::shuffle(pick.begin(), pick.end(), whatIfRng);
            pick.resize(static_cast<size_t>(whatIfUsers));
        }
        std::vector<History> hs;
        std::vector<int> before;
        for (size_t i : pick) {
            hs.push_back(historyOf(scored[i]));
            before.push_back(ranks[i]);
        }
        out.whatIf = merchantWhatIf(model, hs, before, item, config.whatIfAdd, config.k);
        out.whatIf->usersSampled = hs.size() < scored.size();
        if (progress)
            progress(static_cast<int>(users.size()) + whatIfUsers, total);
    }

    // Phase 2: which history items drive it into the top-K (aggregated leave-one-out).
    // A seeded random order, so a cut by the user cap or the position budget is a fair sample.
    std::vector<UserIndex> driverUsers = inTop;
    std::shuffle(driverUsers.begin(), driverUsers.end(), rng);
    if (config.maxDriverUsers > 0 &&
        driverUsers.size() > static_cast<size_t>(config.maxDriverUsers))
        driverUsers.resize(static_cast<size_t>(config.maxDriverUsers));
    if (config.maxDriverPositions > 0) {
        std::int64_t spent = 0;
        size_t keep = 0;
        for (; keep < driverUsers.size(); ++keep) {
            const auto len = static_cast<std::int64_t>(historyOf(driverUsers[keep]).size());
            if (keep > 0 && spent + len * (len + 1) > config.maxDriverPositions)
                break;
            spent += len * (len + 1);
        }
        driverUsers.resize(keep);
    }
    out.driverUsersSampled = driverUsers.size() < inTop.size();
    std::map<ItemIndex, DriverAcc> byItem;
    std::map<std::string, DriverAcc> byCat, byBrand;
    // Group users so each model call holds about `batch` × 8 short histories.
    const size_t perCall = batch * 8;
    size_t u0 = 0;
    while (u0 < driverUsers.size() && !out.cancelled) {
        if (shouldStop && shouldStop()) {
            out.cancelled = true;
            break;
        }
        std::vector<History> bases;
        size_t u1 = u0, positions = 0;
        while (u1 < driverUsers.size() && (bases.empty() || positions < perCall)) {
            bases.push_back(historyOf(driverUsers[u1]));
            positions += bases.back().size() + 1;
            ++u1;
        }
        const auto found = strongestDrivers(model, bases, item, config.k);
        for (const StrongestDriver& d : found) {
            if (d.item < 0)
                continue;
            const Item& it = ds.items[static_cast<size_t>(d.item)];
            for (DriverAcc* acc :
                 {&byItem[d.item], it.category.empty() ? nullptr : &byCat[it.category],
                  it.brand.empty() ? nullptr : &byBrand[it.brand]}) {
                if (!acc)
                    continue;
                acc->users += 1;
                acc->verified += d.verified ? 1 : 0;
                acc->drop += d.scoreDrop;
            }
        }
        out.driverUsers += static_cast<int>(u1 - u0);
        u0 = u1;
        if (progress && !driverUsers.empty())
            progress(static_cast<int>(users.size()) + whatIfUsers +
                         static_cast<int>(u0 * users.size() / driverUsers.size()),
                     total);
    }
    for (const auto& [it, acc] : topOf(byItem, config.topDrivers))
        out.drivers.push_back(
            {it, acc.users, acc.verified, static_cast<float>(acc.drop / std::max(1, acc.users))});
    for (const auto& [name, acc] : topOf(byCat, config.topDrivers))
        out.driverCategories.push_back(
            {name, acc.users, static_cast<float>(acc.drop / std::max(1, acc.users))});
    for (const auto& [name, acc] : topOf(byBrand, config.topDrivers))
        out.driverBrands.push_back(
            {name, acc.users, static_cast<float>(acc.drop / std::max(1, acc.users))});
    if (progress && !out.cancelled)
        progress(total, total);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

} // namespace reclens
