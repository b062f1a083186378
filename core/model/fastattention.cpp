#include "model/fastattention.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace reclens {

namespace {

std::atomic<bool> g_fused{true};
std::atomic<bool> g_prefixSharing{true};
std::atomic<std::uint64_t> g_prefixSharedRows{0};

constexpr std::int64_t kMaxHeadWidth = 128;

struct AttentionShape {
    std::int64_t t = 0;  // keys per row
    std::int64_t tq = 0; // queries per row: the last tq positions
    std::int64_t dim = 0;
    std::int64_t heads = 1;
    float scale = 1.0f;
};

// The same source twice: for AVX2 + FMA (8 floats per vector; Zen 4 runs AVX-512 as two
// 256-bit halves, so 512-bit vectors would gain little on these short loops) and for the
// plain x86-64 baseline the build targets (SSE2, 4 floats), chosen at run time.
#if defined(__x86_64__) || defined(__i386__)
#define RECLENS_HAVE_AVX2_KERNEL 1
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace avx2 {
constexpr int W = 8;
#include "model/fastattentionkernel.inc"
} // namespace avx2
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif

namespace portable {
constexpr int W = 4;
#include "model/fastattentionkernel.inc"
} // namespace portable

using RowsKernel = void (*)(const AttentionShape&, const float*, const float*, const std::uint8_t*,
                            float*, std::int64_t, std::int64_t);

RowsKernel pickKernel() {
#ifdef RECLENS_HAVE_AVX2_KERNEL
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return &avx2::attendRows;
#endif
    return &portable::attendRows;
}

} // namespace

bool fusedInferenceEnabled() {
    return g_fused.load(std::memory_order_relaxed);
}

void setFusedInferenceEnabled(bool on) {
    g_fused.store(on, std::memory_order_relaxed);
}

bool prefixSharingEnabled() {
    return g_prefixSharing.load(std::memory_order_relaxed);
}

void setPrefixSharingEnabled(bool on) {
    g_prefixSharing.store(on, std::memory_order_relaxed);
}

std::uint64_t prefixSharedRows() {
    return g_prefixSharedRows.load(std::memory_order_relaxed);
}

void countPrefixSharedRows(std::uint64_t rows) {
    g_prefixSharedRows.fetch_add(rows, std::memory_order_relaxed);
}

bool fusedAttentionSupports(std::int64_t dim, std::int64_t heads) {
    if (heads < 1 || dim % heads != 0)
        return false;
    const auto dh = dim / heads;
    return dh % 4 == 0 && dh <= kMaxHeadWidth;
}

torch::Tensor maskedAttention(const torch::Tensor& q, const torch::Tensor& kv,
                              const torch::Tensor& real, std::int64_t heads, float scale) {
    TORCH_CHECK(q.dim() == 3 && kv.dim() == 3 && real.dim() == 2, "maskedAttention: shapes");
    TORCH_CHECK(q.scalar_type() == torch::kFloat && kv.scalar_type() == torch::kFloat &&
                    real.scalar_type() == torch::kBool,
                "maskedAttention: float queries/keys and a bool mask expected");
    AttentionShape s;
    const auto b = kv.size(0);
    s.t = kv.size(1);
    s.tq = q.size(1);
    s.dim = q.size(2);
    s.heads = heads;
    s.scale = scale;
    TORCH_CHECK(q.size(0) == b && real.size(0) == b && real.size(1) == s.t && s.tq <= s.t &&
                    kv.size(2) == 2 * s.dim && fusedAttentionSupports(s.dim, heads),
                "maskedAttention: inconsistent shapes");
    const auto qc = q.contiguous();
    const auto kvc = kv.contiguous();
    const auto rc = real.contiguous();
    auto ctx = torch::empty({b, s.tq, s.dim}, q.options());
    static const RowsKernel kernel = pickKernel();
    const float* qp = qc.data_ptr<float>();
    const float* kvp = kvc.data_ptr<float>();
    const auto* rp = reinterpret_cast<const std::uint8_t*>(rc.data_ptr<bool>());
    float* out = ctx.data_ptr<float>();
    // Enough rows per task that a thread hand-off (~10 µs) is small next to the work.
    const std::int64_t perRow = std::max<std::int64_t>(1, s.tq * s.t * s.dim);
    const std::int64_t grain = std::max<std::int64_t>(1, 400000 / perRow);
    at::parallel_for(0, b, grain, [&](std::int64_t b0, std::int64_t b1) {
        kernel(s, qp, kvp, rp, out, b0, b1);
    });
    return ctx;
}

} // namespace reclens
