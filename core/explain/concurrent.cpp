#include "explain/concurrent.h"

#include "model/computebackend.h"

#include <algorithm>
#include <exception>
#include <numeric>
#include <thread>

namespace reclens {

void runConcurrently(const std::vector<std::function<void()>>& tasks) {
    if (tasks.empty())
        return;
    if (tasks.size() == 1) {
        tasks.front()();
        return;
    }
    std::vector<std::exception_ptr> errors(tasks.size());
    auto guarded = [&](size_t i) {
        try {
            const ComputeThreadsScope oneThread(1);
            tasks[i]();
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(tasks.size() - 1);
    for (size_t i = 1; i < tasks.size(); ++i)
        threads.emplace_back(guarded, i);
    guarded(0);
    for (auto& t : threads)
        t.join();
    for (const auto& e : errors)
        if (e)
            std::rethrow_exception(e);
}

namespace {

/// f(part) for `workers` interleaved parts of `items`, run concurrently; the results are put
/// back in the order of `items`. Each result of f holds `width` values per item.
template <typename T, typename F>
std::vector<float> splitAcross(int workers, const std::vector<T>& items, size_t width, F f) {
    const size_t parts = static_cast<size_t>(std::max(1, workers));
    std::vector<std::vector<T>> in(parts);
    for (size_t i = 0; i < items.size(); ++i)
        in[i % parts].push_back(items[i]);
    std::vector<std::vector<float>> out(parts);
    std::vector<std::function<void()>> tasks;
    for (size_t p = 0; p < parts; ++p)
        tasks.push_back([&, p] { out[p] = f(in[p]); });
    runConcurrently(tasks);
    std::vector<float> merged(items.size() * width);
    for (size_t i = 0; i < items.size(); ++i)
        std::copy_n(out[i % parts].begin() + static_cast<std::ptrdiff_t>((i / parts) * width),
                    width, merged.begin() + static_cast<std::ptrdiff_t>(i * width));
    return merged;
}

} // namespace

std::vector<float> ConcurrentModel::scoreAll(const std::vector<History>& histories) const {
    if (m_workers < 2 || histories.size() < kMinRows)
        return inner().scoreAll(histories);
    return splitAcross(m_workers, histories, static_cast<size_t>(itemCount()),
                       [&](const std::vector<History>& part) { return inner().scoreAll(part); });
}

std::vector<float> ConcurrentModel::scoreTargets(const std::vector<History>& histories,
                                                 const std::vector<ItemIndex>& targets) const {
    if (m_workers < 2 || histories.size() < kMinRows || histories.size() != targets.size())
        return inner().scoreTargets(histories, targets); // (a size mismatch throws there)
    std::vector<size_t> index(histories.size());
    std::iota(index.begin(), index.end(), size_t{0});
    return splitAcross(m_workers, index, 1, [&](const std::vector<size_t>& part) {
        std::vector<History> hs;
        std::vector<ItemIndex> ts;
        for (size_t i : part) {
            hs.push_back(histories[i]);
            ts.push_back(targets[i]);
        }
        return inner().scoreTargets(hs, ts);
    });
}

int bundleWorkers(int requested, int useful) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::clamp(requested > 0 ? requested : cores, 1, std::max(1, useful));
}

} // namespace reclens
