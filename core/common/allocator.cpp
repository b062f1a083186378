#include "common/allocator.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace reclens {

namespace {

std::mutex g_mutex;
int g_scopes = 0;

// Set to measure the difference (bench_train); not meant for users.
bool glibcDefaults() {
    static const bool set = std::getenv("RECLENS_GLIBC_MALLOC_DEFAULTS") != nullptr;
    return set;
}

#if defined(__GLIBC__)
/// The mmap threshold at the ceiling glibc's own dynamic threshold reaches (32 MiB on 64-bit);
/// 128 MiB of free heap kept instead of glibc's 128 KiB.
void setRestingHeap() {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallopt(M_TOP_PAD, 0);
}

void setHeapBlockLimit(std::size_t bytes) {
    mallopt(M_MMAP_THRESHOLD,
            static_cast<int>(std::clamp<std::size_t>(bytes, std::size_t{32} << 20,
                                                     TensorMemoryScope::kMaxHeapBlockLimit)));
}
#endif

} // namespace

TensorMemoryScope::TensorMemoryScope() {
#if defined(__GLIBC__)
    if (glibcDefaults())
        return;
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_scopes++ > 0)
        return;
    // Free heap is kept until the scope ends, and the heap grows in 64 MiB steps so a step's
    // tensors do not each move the break.
    setHeapBlockLimit(kDefaultHeapBlockLimit);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

TensorMemoryScope::~TensorMemoryScope() {
#if defined(__GLIBC__)
    if (glibcDefaults())
        return;
    std::lock_guard<std::mutex> lock(g_mutex);
    if (--g_scopes > 0)
        return;
    // Back to the resting settings, and return what the work freed (a workbench that trained a
    // model does not keep the training's peak).
    setRestingHeap();
    malloc_trim(0);
#endif
}

bool applyRestingHeapSettings() {
#if defined(__GLIBC__)
    if (glibcDefaults())
        return false;
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_scopes == 0)
        setRestingHeap();
    return true;
#else
    return false;
#endif
}

void TensorMemoryScope::keepInHeapUpTo(std::size_t bytes) {
#if defined(__GLIBC__)
    if (glibcDefaults())
        return;
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_scopes > 0)
        setHeapBlockLimit(bytes);
#else
    (void)bytes;
#endif
}

std::size_t trainingHeapBlockLimit(bool fullSoftmax, std::size_t batch, std::size_t positions,
                                   std::size_t items, std::size_t dim) {
    const std::size_t floatBytes = sizeof(float);
    if (fullSoftmax) // a quarter above the logits, for the padding of the longest bucket
        return std::max(TensorMemoryScope::kDefaultHeapBlockLimit,
                        batch * positions * items * floatBytes / 4 * 5);
    // Below half the item table, so its gradient and the optimiser's temporaries are mapped.
    return std::min(TensorMemoryScope::kDefaultHeapBlockLimit, items * dim * floatBytes / 2);
}

} // namespace reclens
