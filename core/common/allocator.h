#pragma once
// Process-wide memory allocator settings for tensor-heavy work.

#include <cstddef>

namespace reclens {

/// Keeps LibTorch's large, short-lived tensors in the heap instead of fresh mmaps, while a
/// TensorMemoryScope is alive.
///
/// Each training step allocates its logits, softmax gradients and attention maps afresh (tens to
/// hundreds of megabytes at a catalog of a few thousand products). With glibc's defaults, blocks
/// above the mmap threshold are mapped on allocation and unmapped on free, and freed heap above
/// the trim threshold is returned at once, so every step page-faults the same memory in again
/// and the kernel zeroes it: on UCI Online Retail that was most of an epoch's time
/// (bench/bench_train with and without RECLENS_GLIBC_MALLOC_DEFAULTS=1 shows the difference).
/// The scope raises both thresholds so freed blocks are reused, and when the last scope ends
/// gives the free memory back to the system (malloc_trim), so a workbench that trained a model
/// does not keep the training's peak. Thread-safe; a no-op where the C library is not glibc.
///
/// Blocks from the heap are only worth it when they are reused whole. Catalog-sized tensors
/// of a large catalog (the gradients and optimiser temporaries of a million-product item
/// table, 256 MB each at d = 64) fragment the heap instead: a training run grew past 12 GB.
/// So the scope maps blocks above kDefaultHeapBlockLimit, and a trainer that knows its
/// largest per-step tensor sets the limit with keepInHeapUpTo().
class TensorMemoryScope {
public:
    static constexpr std::size_t kDefaultHeapBlockLimit = std::size_t{192} << 20;
    static constexpr std::size_t kMaxHeapBlockLimit = std::size_t{1} << 30;

    TensorMemoryScope();
    ~TensorMemoryScope();
    TensorMemoryScope(const TensorMemoryScope&) = delete;
    TensorMemoryScope& operator=(const TensorMemoryScope&) = delete;

    /// While a scope is alive: blocks up to `bytes` (clamped to [32 MiB, 1 GiB]) come from the
    /// heap, larger ones are mapped. The last scope's end restores the resting settings.
    static void keepInHeapUpTo(std::size_t bytes);
};

/// Applies the allocator's resting settings, those in force outside any TensorMemoryScope:
/// blocks below 32 MiB come from the heap and up to 128 MiB of free heap is kept for reuse.
/// glibc's own trim threshold (128 KiB) hands the heap's top back after nearly every forward
/// pass, and the next pass page-faults and zeroes its few-MB activations again: that was most of
/// a scoring call's time (101 histories of 50 purchases against Amazon Scientific's catalog,
/// 47 -> 7 ms on one core; bench/bench_forward). The engine applies them when it is loaded
/// (model/computebackend.cpp) and the last scope's end restores them. Returns whether they were
/// applied (glibc, and RECLENS_GLIBC_MALLOC_DEFAULTS not set).
bool applyRestingHeapSettings();

/// The heap block limit for training: full-softmax logits of a small catalog (batch ×
/// positions × items floats) stay in the heap; for sampled losses over a large catalog the
/// item-table-sized tensors are mapped.
std::size_t trainingHeapBlockLimit(bool fullSoftmax, std::size_t batch, std::size_t positions,
                                   std::size_t items, std::size_t dim);

} // namespace reclens
