#pragma once
// Single-precision matrix products through oneDNN's sgemm when the process has oneDNN loaded
// (Debian's LibTorch links it), else nothing: the caller falls back to torch::mm.
//
// Why: LibTorch sends float products to the BLAS it was built with (OpenBLAS here), whose
// kernels for this machine reach about half of what oneDNN's JIT reaches on the training
// step's catalog products ([positions x 64] x [64 x items] and back); docs/BENCHMARKS.md has the
// measurements. oneDNN's sgemm takes plain row-major pointers, so nothing is converted.
//
// Torch-free; thread count: oneDNN's OpenMP threads, which LibTorch's set_num_threads sets.

#include <cstdint>

namespace reclens {

/// Whether oneDNN's sgemm was found in the process.
bool oneDnnGemmAvailable();

/// Row-major C[m x n] = alpha * op(A) op(B) + beta * C, op = transpose when the flag is set
/// (A is [m x k], or [k x m] transposed; B is [k x n], or [n x k] transposed); lda, ldb, ldc are
/// row strides. Returns false (and leaves C alone) when oneDNN is not available or refuses.
bool oneDnnGemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k,
                float alpha, const float* a, std::int64_t lda, const float* b, std::int64_t ldb,
                float beta, float* c, std::int64_t ldc);

} // namespace reclens
