// Load time and peak memory of big generated inputs: a catalog CSV of N items plus an
// interaction CSV of M bytes, loaded as a generic CSV directory (the path a warehouse export
// takes). Each load runs in a forked child so its peak RSS (VmHWM) is its own.
//
//   bench_limits [ITEMS:MEGABYTES ...]     default: 2000000:100 5000000:100 2000000:400
//
// Inputs are written under $TMPDIR (or /tmp) and deleted afterwards.

#include "data/importers.h"
#include "data/limits.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace reclens;

namespace {

struct Figures {
    int ok = 0;
    long baseKb = 0;
    long peakKb = 0;
    double seconds = 0;
    long long users = 0;
    long long interactions = 0;
    char message[256] = {};
};

long statusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(key);
    while (std::getline(in, line))
        if (line.compare(0, n, key) == 0)
            return std::atol(line.c_str() + n + 1);
    return -1;
}

std::size_t writeInputs(const std::string& dir, long items, long megabytes) {
    std::FILE* f = std::fopen((dir + "/catalog.csv").c_str(), "wb");
    std::fputs("item,title,category,brand,price\n", f);
    for (long i = 0; i < items; ++i)
        std::fprintf(f, "i%07ld,Product %ld,Category %ld,Brand %ld,%ld.99\n", i, i, i % 300,
                     i % 1000, i % 50);
    std::fclose(f);
    f = std::fopen((dir + "/interactions.csv").c_str(), "wb");
    const std::size_t target = static_cast<std::size_t>(megabytes) << 20;
    std::size_t written = static_cast<std::size_t>(std::fprintf(f, "user,item,timestamp\n"));
    const long users = std::max(1000L, static_cast<long>(target / 500)); // ~18 rows per user
    std::uint64_t x = 88172645463325252ull;
    std::size_t rows = 0;
    while (written < target) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        written += static_cast<std::size_t>(
            std::fprintf(f, "u%07ld,i%07ld,%lld\n", static_cast<long>(x % users),
                         static_cast<long>((x >> 20) % static_cast<std::uint64_t>(items)),
                         1'300'000'000LL + static_cast<long long>(rows)));
        ++rows;
    }
    std::fclose(f);
    return rows;
}

Figures loadInChild(const std::string& dir) {
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        Figures f;
        std::ofstream("/proc/self/clear_refs") << "5"; // VmHWM := VmRSS
        f.baseKb = statusKb("VmRSS:");
        const auto start = std::chrono::steady_clock::now();
        auto ds = loadDataset(dir);
        f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        f.peakKb = statusKb("VmHWM:");
        f.ok = ds.ok() ? 1 : 0;
        if (ds.ok()) {
            f.users = static_cast<long long>(ds->users.size());
            f.interactions = static_cast<long long>(ds->interactionCount());
        } else {
            std::snprintf(f.message, sizeof f.message, "%s", ds.error().message.c_str());
        }
        [[maybe_unused]] auto w = ::write(fds[1], &f, sizeof f);
        ::_exit(0);
    }
    ::close(fds[1]);
    Figures f;
    const auto got = ::read(fds[0], &f, sizeof f);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (got != static_cast<ssize_t>(sizeof f))
        std::snprintf(f.message, sizeof f.message, "child died (status %d; out of memory?)",
                      status);
    return f;
}

} // namespace

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
    const char* tmp = std::getenv("TMPDIR");
    const fs::path dir = fs::path(tmp && *tmp ? tmp : "/tmp") / "reclens-bench-limits";
    std::printf("limits: %lld items, %lld users, %lld history, files up to %s\n",
                static_cast<long long>(DataLimits{}.maxItems),
                static_cast<long long>(DataLimits{}.maxUsers),
                static_cast<long long>(DataLimits{}.maxHistory),
                formatByteLimit(kMaxInputFileBytes).c_str());
    std::printf("%10s %8s %12s %10s %8s %10s %14s\n", "items", "MB", "rows", "users", "load s",
                "peak MiB", "bytes/row peak");
    for (const auto& [items, mb] : runs) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        const std::size_t rows = writeInputs(dir.string(), items, mb);
        const Figures f = loadInChild(dir.string());
        fs::remove_all(dir);
        if (!f.ok) {
            std::printf("%10ld %8ld %12zu  failed: %s\n", items, mb, rows, f.message);
            continue;
        }
        const double peakMiB = static_cast<double>(f.peakKb - f.baseKb) / 1024.0;
        std::printf("%10ld %8ld %12zu %10lld %8.1f %10.0f %14.0f\n", items, mb, rows, f.users,
                    f.seconds, peakMiB,
                    peakMiB * 1048576.0 / static_cast<double>(rows > 0 ? rows : 1));
    }
    return 0;
}
