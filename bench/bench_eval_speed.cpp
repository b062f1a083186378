// Wall and CPU seconds of one full-ranking evaluation of a checkpoint (issue 17: evaluation
// against the bucketed PyTorch reference, bench/compare_pytorch.sh). Runs the same evaluation
// the CLI's `eval` runs (all test customers, every product ranked, HR/NDCG/MRR and the
// beyond-accuracy top-K lists) REPEATS times and prints each run's time and the fastest.
//
// Usage: bench_eval_speed MODEL DATA [THREADS=2] [REPEATS=5]

#include "benchinputs.h"
#include "eval/evaluator.h"
#include "model/computebackend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

using namespace reclens;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_eval_speed MODEL DATA [THREADS=2] [REPEATS=5]\n");
        return 2;
    }
    setComputeThreads(argc > 3 ? std::atoi(argv[3]) : 2);
    const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;
    auto inputs = bench::openModelOnData(argv[1], argv[2]);
    if (!inputs)
        return 3;
    const Dataset* ds = &inputs->data;
    OpenedModel* opened = &inputs->opened;
    double best = 1e30;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        const EvalResult res = evaluate(*opened->model, *ds, EvalConfig{});
        const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, wall);
        std::printf("run %d: users=%lld wall_s=%.3f cpu_s=%.3f ndcg@10=%.4f\n", r + 1,
                    static_cast<long long>(res.users), wall, cpu, res.metrics.at("ndcg@10"));
    }
    std::printf("fastest wall_s=%.3f\n", best);
    return 0;
}
