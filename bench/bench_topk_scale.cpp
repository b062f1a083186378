// One customer's top-K over a large catalog without a trained model (issue 16: <= 50 ms at 1 M
// products). The latency does not depend on the weights, so this builds a shop in memory
// (inmemoryshop.h: ITEMS products, N customers) and an untrained SASRec of the default shape
// (2 layers, 4 heads, max length 50, category and brand embeddings in the output) at dimension
// DIM, then times the workbench's top-K call for each customer, one at a time:
//   score: the model's scoreAll for one history, bought products excluded (CandidateFilterModel)
//   rank:  topKOf (the workbench and reports: top-K with each item's rank)
//   topk:  the whole call, score + rank, as the workbench's Recommendations job runs it
// It prints median and p95 of each (wall ms; the process CPU ms beside the total), the first
// call on its own (it builds the model's scoring table, see SasRecModel::Impl::scoringTable),
// and the peak RSS after building the model and at the end.
//
// Usage: bench_topk_scale ITEMS [DIM=64] [N=50] [THREADS=1] [K=10]

#include "benchstats.h"
#include "explain/candidatefilter.h"
#include "explain/explanation.h"
#include "inmemoryshop.h"
#include "model/computebackend.h"
#include "model/sasrecmodel.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace reclens;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_topk_scale ITEMS [DIM=64] [N=50] [THREADS=1] [K=10]\n");
        return 2;
    }
    const int items = std::atoi(argv[1]);
    ModelConfig mc;
    mc.dim = argc > 2 ? std::atoi(argv[2]) : 64;
    const int n = argc > 3 ? std::atoi(argv[3]) : 50;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 1;
    const int k = argc > 5 ? std::atoi(argv[5]) : 10;
    setComputeThreads(threads);
    const Dataset ds = bench::inMemoryShop(items, n);
    auto model = SasRecModel::create(ds, mc, 1);
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 3;
    }
    const long modelRss = bench::peakRssKb();
    const auto f0 = std::chrono::steady_clock::now();
    const auto first = topKOf(
        CandidateFilterModel(*model, ds.users[0].sequence).scoreAll({ds.users[0].sequence}), k);
    const double firstMs = bench::msSince(f0);
    std::vector<double> scoreMs, rankMs, totalMs, totalCpuMs;
    for (const User& user : ds.users) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = bench::processCpuMs();
        const auto scores = CandidateFilterModel(*model, user.sequence).scoreAll({user.sequence});
        const auto t1 = std::chrono::steady_clock::now();
        const auto top = topKOf(scores, k);
        rankMs.push_back(bench::msSince(t1));
        totalMs.push_back(bench::msSince(t0));
        totalCpuMs.push_back(bench::processCpuMs() - c0);
        scoreMs.push_back(totalMs.back() - rankMs.back());
        if (static_cast<int>(top.size()) != k || static_cast<int>(first.size()) != k)
            return 1;
    }
    std::printf("items=%d dim=%d threads=%d customers=%d k=%d topk_ms_median=%.1f topk_ms_p95=%.1f "
                "topk_cpu_ms_median=%.1f score_ms_median=%.1f score_ms_p95=%.1f "
                "rank_ms_median=%.1f rank_ms_p95=%.1f first_call_ms=%.1f peak_rss_mb_model=%.0f "
                "peak_rss_mb=%.0f\n",
                items, mc.dim, threads, n, k, bench::percentile(totalMs, 0.5),
                bench::percentile(totalMs, 0.95), bench::percentile(totalCpuMs, 0.5),
                bench::percentile(scoreMs, 0.5), bench::percentile(scoreMs, 0.95),
                bench::percentile(rankMs, 0.5), bench::percentile(rankMs, 0.95), firstMs,
                static_cast<double>(modelRss) / 1024.0,
                static_cast<double>(bench::peakRssKb()) / 1024.0);
    return 0;
}
