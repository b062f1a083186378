// Reports which BLAS and how many threads LibTorch really uses. Debian's torch links the
// generic libblas.so.3, which the alternatives system may point at the slow reference BLAS or
// at OpenBLAS; the difference is 3-5x in training time, so we tell the user what is loaded.

#include "model/computebackend.h"

#include "common/allocator.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace reclens {

namespace {

std::string loadedBlasLibrary() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    std::string found;
    while (std::getline(maps, line)) {
        auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        std::string path = line.substr(slash);
        if (path.find("blas") != std::string::npos || path.find("mkl") != std::string::npos) {
            found = path;
            if (path.find("openblas") != std::string::npos)
                break;
        }
    }
    return found;
}

std::string blasName(const std::string& path) {
    if (path.find("openblas-openmp") != std::string::npos)
        return "OpenBLAS (OpenMP)";
    if (path.find("openblas-pthread") != std::string::npos)
        return "OpenBLAS (pthreads)";
    if (path.find("openblas") != std::string::npos)
        return "OpenBLAS";
    if (path.find("mkl") != std::string::npos)
        return "Intel MKL";
    if (path.find("blis") != std::string::npos)
        return "BLIS";
    if (path.find("atlas") != std::string::npos)
        return "ATLAS";
    if (path.find("/blas/") != std::string::npos)
        return "reference BLAS (slow: install libopenblas0-openmp)";
    return path.empty() ? "no BLAS loaded yet" : "unknown BLAS";
}

/// The heap's resting settings from the moment the engine is loaded, before any tensor exists
/// (allocator.h): scoring between scopes (the workbench's explanations) reuses freed memory.
const bool kRestingHeapSettings = applyRestingHeapSettings();

} // namespace

int setComputeThreads(int threads) {
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    return torch::get_num_threads();
}

int computeThreads() {
    return torch::get_num_threads();
}

double nominalPeakGflops(int threads) {
    std::ifstream info("/proc/cpuinfo");
    std::string line;
    double mhz = 0;
    while (mhz == 0 && std::getline(info, line))
        if (line.rfind("cpu MHz", 0) == 0)
            mhz = std::atof(line.substr(line.find(':') + 1).c_str());
    double lanes = 4;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        lanes = 16;
    else if (__builtin_cpu_supports("avx2"))
        lanes = 8;
#endif
    return threads * mhz * 1e-3 * lanes * 2 * 2;
}

double measuredGemmGflops() {
    const auto a = torch::randn({1024, 1024});
    const auto b = torch::randn({1024, 1024});
    double best = 0;
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto c = torch::mm(a, b);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (s > 0 && c.defined())
            best = std::max(best, 2.0 * 1024 * 1024 * 1024 / s * 1e-9);
    }
    return best;
}

std::string computeBackendDescription() {
    // A tiny matmul makes sure the BLAS library is mapped before we look for it.
    auto a = torch::ones({8, 8});
    (void)torch::mm(a, a).sum().item<float>();
    const std::string path = loadedBlasLibrary();
    return "LibTorch " + std::string(TORCH_VERSION) + ", BLAS: " + blasName(path) +
           (path.empty() ? "" : " [" + path + "]") +
           ", threads: " + std::to_string(torch::get_num_threads());
}

} // namespace reclens
