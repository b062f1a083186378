#pragma once
// The compute backend's thread settings, without LibTorch in the header.
//
// LibTorch's intra-op thread count (OpenMP) belongs to the calling thread: setting it in a
// worker leaves the other threads' counts alone, and a new thread starts with the count the
// process set last in its first thread.

#include <string>

namespace reclens {

/// Sets the calling thread's intra-op thread count (0 = all cores); returns the count in effect.
int setComputeThreads(int threads);
/// The calling thread's intra-op thread count.
int computeThreads();
/// "LibTorch 1.13, BLAS: OpenBLAS (OpenMP) [...], threads: 2" — what is really in use.
std::string computeBackendDescription();

/// The machine's nominal single-precision peak in GFLOP/s on `threads` cores: clock ("cpu MHz"
/// of /proc/cpuinfo) x vector lanes (16 floats with AVX-512, 8 with AVX2, else 4) x 2 (a fused
/// multiply-add is two FLOPs) x 2 FMA units per core, as current x86 server cores have (an
/// assumption: the unit count cannot be read from /proc). 0 when the clock is unknown. A core
/// that boosts above the reported clock can exceed it.
double nominalPeakGflops(int threads);
/// GFLOP/s that a large square product (1024^3 torch::mm, best of 5, about 0.1 s) reaches on
/// the calling thread's intra-op threads: the ceiling the BLAS really gets here.
double measuredGemmGflops();

/// Sets the calling thread's intra-op thread count for a scope and restores it afterwards.
class ComputeThreadsScope {
public:
    explicit ComputeThreadsScope(int threads)
        : m_previous(computeThreads()) {
        setComputeThreads(threads);
    }
    ~ComputeThreadsScope() { setComputeThreads(m_previous); }
    ComputeThreadsScope(const ComputeThreadsScope&) = delete;
    ComputeThreadsScope& operator=(const ComputeThreadsScope&) = delete;

private:
    int m_previous;
};

} // namespace reclens
