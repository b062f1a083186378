#include "common/allocator.h"

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

} // namespace

TensorMemoryScope::TensorMemoryScope() {
#if defined(__GLIBC__)
    if (glibcDefaults())
        return;
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_scopes++ > 0)
        return;
    // Blocks up to 1 GiB come from the heap (a full-softmax step of 128 × 50 positions over 40 k
    // products is 1 GiB of logits; larger ones are rare and better mapped), free heap is kept
    // until the scope ends, and the heap grows in 64 MiB steps so a step's tensors do not each
    // move the break.
    static const char* env = std::getenv("RECLENS_SCOPE_MMAP_MB");
    mallopt(M_MMAP_THRESHOLD, env ? std::atoi(env) << 20 : 1 << 30);
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
    // Back to glibc's trim default (128 KiB) with the mmap threshold at the ceiling glibc's own
    // dynamic threshold reaches (32 MiB on 64-bit), and return what the work freed.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 10);
    mallopt(M_TOP_PAD, 0);
    malloc_trim(0);
#endif
}

} // namespace reclens
