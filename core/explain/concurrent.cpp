#include "explain/concurrent.h"

#include "model/computebackend.h"

#include <algorithm>
#include <exception>
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

int bundleWorkers(int requested, int useful) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::clamp(requested > 0 ? requested : cores, 1, std::max(1, useful));
}

} // namespace reclens
