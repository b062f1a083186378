// Milliseconds of the forward passes an explanation bundle is made of, per call and per
// history, at one history length: full-catalog rows (scoreAll: rank, LOO, verification),
// single-target scores (scoreTargets: Shapley, faithfulness) and IG's batched path gradients.
// The inner loops of every explanation method; bench_explain times the methods themselves.
//
// Usage: bench_forward MODEL DATA [LENGTH=50] [BATCH=101] [THREADS=1] [REPEATS=30]
// Histories: each user's sequence repeated up to LENGTH (seeded order), as bench_explain's
// "length exactly L" histories.

#include "benchinputs.h"
#include "benchstats.h"
#include "model/computebackend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace reclens;

namespace {

template <typename F> std::vector<double> timeRepeats(int repeats, F&& f) {
    std::vector<double> ms;
    f(); // warm-up: first-call allocations and oneDNN's kernel generation
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    return ms;
}

void print(const char* what, const std::vector<double>& ms, size_t rows) {
    const double median = ms[ms.size() / 2];
    std::printf("  %-34s median %8.3f ms  p90 %8.3f ms  per history %7.4f ms\n", what, median,
                ms[ms.size() * 9 / 10], median / static_cast<double>(rows));
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_forward MODEL DATA [LENGTH=50] [BATCH=101] "
                             "[THREADS=1] [REPEATS=30]\n");
        return 2;
    }
    const int length = argc > 3 ? std::max(1, std::atoi(argv[3])) : 50;
    const int batch = argc > 4 ? std::max(1, std::atoi(argv[4])) : 101;
    setComputeThreads(argc > 5 ? std::max(1, std::atoi(argv[5])) : 1);
    const int repeats = argc > 6 ? std::max(3, std::atoi(argv[6])) : 30;
    auto inputs = bench::openModelOnData(argv[1], argv[2]);
    if (!inputs)
        return 3;
    const Dataset* ds = &inputs->data;
    OpenedModel* opened = &inputs->opened;
    const SequenceModel& model = *opened->model;
    const int len = std::min(length, model.maxLength());
    // One history of exactly `len` purchases, then the batch as its single removals (LOO's
    // shape: lengths len and len - 1).
    History h;
    for (size_t u = 0; h.size() < static_cast<size_t>(len) && u < ds->users.size(); ++u)
        for (ItemIndex it : ds->trainingSequence(static_cast<UserIndex>(u)))
            if (h.size() < static_cast<size_t>(len))
                h.push_back(it);
    std::vector<History> rows{h};
    for (int i = 0; static_cast<int>(rows.size()) < batch; ++i) {
        History r = h;
        r.erase(r.begin() + (i % len));
        rows.push_back(std::move(r));
    }
    std::vector<ItemIndex> targets(rows.size(), 0);
    std::printf("bench_forward: length %d, batch %d, %d thread(s), %s\n", len, batch,
                computeThreads(), computeBackendDescription().c_str());
    print("scoreAll (batch, full catalog)", timeRepeats(repeats, [&] { model.scoreAll(rows); }),
          rows.size());
    print("scoreTargets (batch, one target)",
          timeRepeats(repeats, [&] { model.scoreTargets(rows, targets); }), rows.size());
    print("scoreAll (one history)", timeRepeats(repeats, [&] { model.scoreAll({h}); }), 1);
    std::vector<double> alphas;
    for (int i = 0; i < 32; ++i)
        alphas.push_back((i + 0.5) / 32.0);
    print("pathGradients (32 alphas)",
          timeRepeats(repeats, [&] { model.pathGradients(h, 0, IgBaseline::Padding, alphas); }),
          32);
    print("gradients (one history)", timeRepeats(repeats, [&] { model.gradients(h, 0); }), 1);
    return 0;
}
