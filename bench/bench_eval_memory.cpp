// Peak memory of full-ranking evaluation against the catalog size (issue 16: scoring and
// evaluation in bounded memory). Builds a shop in memory (USERS customers with 4-12 random
// purchases over ITEMS products), an untrained SASRec (d = 64; the weights do not change the
// cost), and runs the validation evaluation the trainer runs after every epoch. Prints the
// wall and CPU seconds and the peak RSS of the process before and after the evaluation.
//
// Usage: bench_eval_memory USERS ITEMS [THREADS=1]

#include "benchstats.h"
#include "eval/evaluator.h"
#include "inmemoryshop.h"
#include "model/computebackend.h"
#include "model/sasrecmodel.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

using namespace reclens;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_eval_memory USERS ITEMS [THREADS=1]\n");
        return 2;
    }
    const int users = std::atoi(argv[1]), items = std::atoi(argv[2]);
    setComputeThreads(argc > 3 ? std::atoi(argv[3]) : 1);
    // Without categories or brands, 4-12 purchases each (the shop the figures in
    // docs/BENCHMARKS.md were measured on).
    const Dataset ds = bench::inMemoryShop(items, users, {4, 12, false});
    ModelConfig mc;
    auto model = SasRecModel::create(ds, mc, 1);
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 3;
    }
    const long before = bench::peakRssKb();
    EvalConfig cfg;
    cfg.split = EvalSplit::Valid;
    cfg.ks = {10};
    cfg.beyondAccuracy = false;
    cfg.excludeSeen = true;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const EvalResult r = evaluate(*model, ds, cfg);
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("users=%lld items=%d eval_wall_s=%.2f eval_cpu_s=%.2f peak_rss_mb_before=%.0f "
                "peak_rss_mb_after=%.0f\n",
                static_cast<long long>(r.users), items, wall, cpu, before / 1024.0,
                bench::peakRssKb() / 1024.0);
    return 0;
}
