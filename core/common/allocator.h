#pragma once
// Process-wide memory allocator settings for tensor-heavy work.

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
class TensorMemoryScope {
public:
    TensorMemoryScope();
    ~TensorMemoryScope();
    TensorMemoryScope(const TensorMemoryScope&) = delete;
    TensorMemoryScope& operator=(const TensorMemoryScope&) = delete;
};

} // namespace reclens
