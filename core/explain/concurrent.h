#pragma once
// Runs a few independent pieces of work at once, each with one LibTorch intra-op thread: the
// parts of an explanation are too small for intra-op parallelism to pay (2 intra-op threads
// made a bundle ~10 % faster for twice the CPU), but independent parts on separate cores
// nearly halve the time.

#include <functional>
#include <vector>

namespace reclens {

/// Runs every task, the first on the calling thread and each other one on a thread of its own,
/// and returns when all have finished. The first exception thrown is rethrown here.
void runConcurrently(const std::vector<std::function<void()>>& tasks);

/// Workers a bundle uses for `requested` (0 = one per core); at most `useful`.
int bundleWorkers(int requested, int useful);

} // namespace reclens
