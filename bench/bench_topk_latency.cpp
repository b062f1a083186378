// The latency of one customer's top-K over the whole catalog (issue 16: <= 50 ms at 1 M
// products): the model and data are loaded once, then N seeded customers are scored one at a
// time (a full forward pass and a partial sort each). Used by bench/scale/bench_scale.sh.
//
// Usage: bench_topk_latency MODEL DATA [N=50] [THREADS=1] [K=10]
// Prints one line: topk_ms_median=X topk_ms_p95=Y topk_cpu_ms_median=Z customers=N items=M
// (CPU = process CPU time per call, all compute threads: on a loaded machine the wall time
// includes waiting for a core, the CPU time does not).

#include "benchinputs.h"
#include "benchstats.h"
#include "eval/evaluator.h"
#include "model/computebackend.h"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace reclens;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_topk_latency MODEL DATA [N=50] [THREADS=1] [K=10]\n");
        return 2;
    }
    const int n = argc > 3 ? std::atoi(argv[3]) : 50;
    setComputeThreads(argc > 4 ? std::atoi(argv[4]) : 1);
    const int k = argc > 5 ? std::atoi(argv[5]) : 10;
    auto inputs = bench::openModelOnData(argv[1], argv[2]);
    if (!inputs)
        return 3;
    const Dataset* ds = &inputs->data;
    OpenedModel* opened = &inputs->opened;
    const SequenceModel& model = *opened->model;
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, ds->users.size() - 1);
    std::vector<double> ms;
    std::vector<double> cpuMs;
    for (int i = 0; i < n; ++i) {
        const History& history = ds->users[pick(rng)].sequence;
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = bench::processCpuMs();
        const auto scores = model.scoreAll({history});
        const auto top = topK(scores.data(), model.itemCount(), k, {});
        ms.push_back(bench::msSince(t0));
        cpuMs.push_back(bench::processCpuMs() - c0);
        if (top.empty())
            return 1;
    }
    std::printf("topk_ms_median=%.2f topk_ms_p95=%.2f topk_cpu_ms_median=%.2f customers=%d "
                "items=%d\n",
                bench::percentile(ms, 0.5), bench::percentile(ms, 0.95),
                bench::percentile(cpuMs, 0.5), n, model.itemCount());
    return 0;
}
