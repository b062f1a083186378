// How honest are the merchant view's sampled figures (issue 16)? For one product: the exact
// view over every customer, then the same view on R seeded samples of n customers; reports how
// often each 95 % interval (top-K share, exposure share, mean rank) contains the exact value,
// the mean interval width and the time of a sampled run against the full one.
//
//   bench_merchant_sample MODEL DATA ITEM_ID [n=1000] [R=20] [k=10]
//
// Drivers are off (maxDriverUsers = 1): only the ranking phase, which the intervals are about.

#include "benchstats.h"
#include "data/importers.h"
#include "explain/candidatefilter.h"
#include "explain/merchantexplanation.h"
#include "model/sasrecmodel.h"

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>

using namespace reclens;
using bench::msSince;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: bench_merchant_sample MODEL DATA ITEM_ID [n=1000] [R=20] [k=10]\n";
        return 2;
    }
    const int n = argc > 4 ? std::atoi(argv[4]) : 1000;
    const int rounds = argc > 5 ? std::atoi(argv[5]) : 20;
    const int k = argc > 6 ? std::atoi(argv[6]) : 10;
    auto ds = loadDataset(argv[2]);
    if (!ds) {
        std::cerr << ds.error().message << "\n";
        return 3;
    }
    auto model = SasRecModel::load(argv[1], &*ds);
    if (!model) {
        std::cerr << model.error().message << "\n";
        return 3;
    }
    const ItemIndex item = ds->findItem(argv[3]);
    if (item < 0) {
        std::cerr << "unknown item " << argv[3] << "\n";
        return 3;
    }
    // As the workbench ranks (exclude-bought decided by the dataset's repeat rate).
    const bool exclude = resolveExcludeBought(ExcludeBought::Auto, *ds);
    const CandidateFilterModel candidates =
        exclude ? CandidateFilterModel::perHistory(*model, item) : CandidateFilterModel(*model, {});
    MerchantConfig cfg;
    cfg.k = k;
    cfg.maxDriverUsers = 1;
    cfg.threads = 2;
    auto t0 = std::chrono::steady_clock::now();
    const MerchantExplanation full = explainItem(candidates, *ds, item, cfg);
    const double fullMs = msSince(t0);
    std::cout << std::fixed << std::setprecision(4) << "item " << argv[3] << ", "
              << full.usersConsidered << " customers, k " << k << ", exclude bought "
              << (exclude ? "on" : "off") << "\nexact: top-K share " << full.topKShare
              << ", exposure share " << full.exposureShare << ", mean rank " << std::setprecision(1)
              << full.meanRank << " (" << fullMs / 1000 << " s)\n";
    int coverShare = 0, coverExpo = 0, coverRank = 0;
    double widthShare = 0, widthRank = 0, sampledMs = 0;
    for (int r = 0; r < rounds; ++r) {
        cfg.maxUsers = n;
        cfg.seed = 1000 + static_cast<std::uint64_t>(r);
        t0 = std::chrono::steady_clock::now();
        const MerchantExplanation s = explainItem(candidates, *ds, item, cfg);
        sampledMs += msSince(t0);
        coverShare += s.topKShareCi.contains(full.topKShare) ? 1 : 0;
        coverExpo += s.exposureShareCi.contains(full.exposureShare) ? 1 : 0;
        coverRank += s.meanRankCi.contains(full.meanRank) ? 1 : 0;
        widthShare += s.topKShareCi.hi - s.topKShareCi.lo;
        widthRank += s.meanRankCi.hi - s.meanRankCi.lo;
    }
    std::cout << std::setprecision(4) << rounds << " samples of " << n
              << " (seeds 1000..): interval contains the exact value: top-K share " << coverShare
              << "/" << rounds << ", exposure share " << coverExpo << "/" << rounds
              << ", mean rank " << coverRank << "/" << rounds
              << "\nmean 95 % CI width: top-K share " << widthShare / rounds << ", mean rank "
              << std::setprecision(1) << widthRank / rounds << "; a sampled run "
              << sampledMs / rounds / 1000 << " s vs " << fullMs / 1000 << " s for all\n";
    return 0;
}
