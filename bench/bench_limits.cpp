// Load time and peak memory of big generated inputs: a catalog CSV of N items plus an
// interaction CSV of M bytes, loaded as a generic CSV directory (the path a warehouse export
// takes). Each load runs in a forked child so its peak RSS (VmHWM) is its own.
//
//   bench_limits [ITEMS:MEGABYTES ...]     default: 2000000:100 5000000:100 2000000:400
//
// Inputs are written under $TMPDIR (or /tmp) and deleted afterwards.

#include "biginputs.h"
#include "childload.h"
#include "data/limits.h"
#include "testfiles.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace reclens;

int main(int argc, char** argv) {
    std::vector<std::pair<long, long>> runs;
    for (int i = 1; i < argc; ++i) {
        long items = 0, mb = 0;
        if (std::sscanf(argv[i], "%ld:%ld", &items, &mb) != 2 || items < 1 || mb < 1) {
            std::fprintf(stderr, "usage: bench_limits [ITEMS:MEGABYTES ...]\n");
            return 2;
        }
        runs.emplace_back(items, mb);
    }
    if (runs.empty())
        runs = {{2'000'000, 100}, {5'000'000, 100}, {2'000'000, 400}};
    std::printf("limits: %lld items, %lld users, %lld history, files up to %s\n",
                static_cast<long long>(DataLimits{}.maxItems),
                static_cast<long long>(DataLimits{}.maxUsers),
                static_cast<long long>(DataLimits{}.maxHistory),
                formatByteLimit(kMaxInputFileBytes).c_str());
    std::printf("%10s %8s %12s %10s %8s %10s %14s\n", "items", "MB", "rows", "users", "load s",
                "peak MiB", "bytes/row peak");
    for (const auto& [items, mb] : runs) {
        const std::string dir =
            test::makeScratchDir("reclens-bench-limits", test::ScratchMode::Fresh);
        // ~18 rows per user and 7-digit user ids: the inputs behind the table in
        // docs/HARDENING.md (Limits.TwoMillionItems... writes 200,000 users with 6 digits).
        const std::size_t bytes = static_cast<std::size_t>(mb) << 20;
        const test::BigInputSpec spec{.items = items,
                                      .interactionBytes = bytes,
                                      .users = std::max(1000L, static_cast<long>(bytes / 500)),
                                      .userIdDigits = 7};
        const auto written = test::writeBigInputs(dir, spec);
        if (!written) {
            std::fprintf(stderr, "bench_limits: cannot write the inputs under %s\n", dir.c_str());
            return 1;
        }
        const std::size_t rows = *written;
        const test::ChildLoad f = test::loadInChild(dir);
        fs::remove_all(dir);
        if (!f.ok) {
            std::printf("%10ld %8ld %12zu  failed: %s\n", items, mb, rows, f.message);
            continue;
        }
        const double peakMiB = f.peakMiB();
        std::printf("%10ld %8ld %12zu %10lld %8.1f %10.0f %14.0f\n", items, mb, rows, f.users,
                    f.seconds, peakMiB,
                    peakMiB * 1048576.0 / static_cast<double>(rows > 0 ? rows : 1));
    }
    return 0;
}
