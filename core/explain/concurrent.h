#pragma once
// Runs a few independent pieces of work at once, each with one LibTorch intra-op thread: the
// parts of an explanation are too small for intra-op parallelism to pay (2 intra-op threads
// made a bundle ~10 % faster for twice the CPU), but independent parts on separate cores
// nearly halve the time.

#include "explain/forwardingmodel.h"

#include <functional>
#include <vector>

namespace reclens {

/// Runs every task, the first on the calling thread and each other one on a thread of its own,
/// and returns when all have finished. The first exception thrown is rethrown here.
void runConcurrently(const std::vector<std::function<void()>>& tasks);

/// Workers a bundle uses for `requested` (0 = one per core); at most `useful`.
int bundleWorkers(int requested, int useful);

/// Scores through `model` on `workers` threads: a request of at least kMinRows histories is
/// split into interleaved parts (history i to part i % workers), scored at once and put back
/// in order. The split depends only on the request, so the numbers do not depend on timing.
/// The model must allow concurrent const scoring (SasRecModel does).
class ConcurrentModel final : public ForwardingModel {
public:
    explicit ConcurrentModel(const SequenceModel& model, int workers = 1)
        : ForwardingModel(model)
        , m_workers(workers) {}
    static constexpr size_t kMinRows = 32;
    void setWorkers(int workers) { m_workers = workers; }

    std::vector<float> scoreAll(const std::vector<History>& histories) const override;
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override;

private:
    int m_workers;
};

} // namespace reclens
