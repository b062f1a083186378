// The explanation bundle on RecLens's own SASRec versus the same weights exported to
// TorchScript and opened as a TorchScriptModel (issue 13; goal: TorchScript <= 1.3x native).
// Median and p95 wall time over --users histories of length 50 (customers' sequences
// concatenated, as bench_explain does), the two models alternating per history. Prints its
// figures (docs/BENCHMARKS.md).
//
//   bench_torchscript --model M.rlm [--data DIR] [--users N] [--threads T]
//
// --model: a RecLens checkpoint with max length 50 trained on --data (default
// $RECLENS_DATA_DIR/amazon-scientific-unisrec), e.g. bench_explain's cached model.

#include "benchstats.h"
#include "data/importers.h"
#include "explain/explanation.h"
#include "model/sasrecmodel.h"
#include "model/torchscriptexport.h"
#include "model/torchscriptmodel.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <unistd.h>

using namespace reclens;
using bench::msSince;
using bench::percentile;

namespace {

std::vector<History> concatenatedHistories(const Dataset& ds, int length, int count) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<size_t> pick(0, ds.users.size() - 1);
    std::vector<History> out;
    while (static_cast<int>(out.size()) < count) {
        History h;
        while (static_cast<int>(h.size()) < length) {
            const auto& s = ds.users[pick(rng)].sequence;
            h.insert(h.end(), s.begin(), s.end());
        }
        out.push_back(clipHistory(h, length));
    }
    return out;
}

void row(const char* name, const std::vector<double>& ms) {
    std::cout << "  " << std::left << std::setw(12) << name << std::right << std::fixed
              << std::setprecision(1) << " median " << percentile(ms, 0.5) << " ms, p95 "
              << percentile(ms, 0.95) << " ms\n";
}

} // namespace

int main(int argc, char** argv) {
    std::string modelPath;
    std::string data;
    int users = 100;
    int threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--model")
            modelPath = argv[i + 1];
        else if (a == "--data")
            data = argv[i + 1];
        else if (a == "--users")
            users = std::atoi(argv[i + 1]);
        else if (a == "--threads")
            threads = std::atoi(argv[i + 1]);
    }
    if (data.empty()) {
        const char* dir = std::getenv("RECLENS_DATA_DIR");
        if (!dir) {
            std::cerr << "set RECLENS_DATA_DIR or pass --data\n";
            return 2;
        }
        data = std::string(dir) + "/amazon-scientific-unisrec";
    }
    if (modelPath.empty()) {
        std::cerr << "usage: bench_torchscript --model M.rlm [--data DIR] [--users N]\n";
        return 2;
    }
    auto ds = loadDataset(data);
    if (!ds) {
        std::cerr << ds.error().message << "\n";
        return 3;
    }
    auto native = SasRecModel::load(modelPath, &*ds);
    if (!native) {
        std::cerr << native.error().message << "\n";
        return 3;
    }
    const auto dir = std::filesystem::temp_directory_path() /
                     ("bench_torchscript_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string pt = (dir / "m.pt").string();
    const std::string map = (dir / "m.items.csv").string();
    if (auto ok = exportTorchScript(*native, *ds, pt, map); !ok) {
        std::cerr << ok.error().message << "\n";
        return 3;
    }
    auto script = TorchScriptModel::load(pt, map, *ds);
    std::filesystem::remove_all(dir);
    if (!script) {
        std::cerr << script.error().message << "\n";
        return 3;
    }
    std::cout << ds->name << ": " << ds->items.size() << " items; model " << modelPath
              << " (max length " << native->maxLength() << ", dim " << native->info().config.dim
              << ", " << native->info().config.layers << " layers); " << users
              << " histories of length 50, --threads " << threads << "\n";
    ExplainConfig cfg;
    cfg.threads = threads;
    const auto histories = concatenatedHistories(*ds, 50, users);
    for (int w = 0; w < 3; ++w) { // warm-up: TorchScript's profiling executor optimises
        (void)explain(*native, *ds, histories[static_cast<size_t>(w)], -1, cfg);
        (void)explain(*script, *ds, histories[static_cast<size_t>(w)], -1, cfg);
    }
    std::vector<double> nativeMs;
    std::vector<double> scriptMs;
    double maxScoreGap = 0;
    for (size_t i = 0; i < histories.size(); ++i) {
        const SequenceModel* order[2] = {&*native, &*script};
        if (i % 2)
            std::swap(order[0], order[1]);
        for (const SequenceModel* m : order) {
            const auto t0 = std::chrono::steady_clock::now();
            const auto b = explain(*m, *ds, histories[i], -1, cfg);
            (m == &*native ? nativeMs : scriptMs).push_back(msSince(t0));
            if (m == &*script) {
                const auto n = native->scoreTargets({histories[i]}, {b.target});
                maxScoreGap =
                    std::max(maxScoreGap, std::abs(static_cast<double>(n[0]) - b.targetScore));
            }
        }
    }
    std::cout << "explanation bundle (wall time):\n";
    row("native", nativeMs);
    row("torchscript", scriptMs);
    const double ratio = percentile(scriptMs, 0.5) / percentile(nativeMs, 0.5);
    std::cout << std::setprecision(2) << "  ratio of medians " << ratio << "x, of p95 "
              << percentile(scriptMs, 0.95) / percentile(nativeMs, 0.95) << "x\n"
              << std::setprecision(6) << "  largest target-score gap " << maxScoreGap << "\n"
              << "goal TorchScript <= 1.3x native: " << (ratio <= 1.3 ? "met" : "NOT met") << "\n";
    return 0;
}
