#include "data/chunkedtext.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

namespace reclens::data {

int parseThreads(int requested) {
    if (requested > 0)
        return requested;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::vector<TextChunk> cutAtLineEnds(std::string_view body, std::int64_t firstLine,
                                     std::size_t chunkBytes, int threads) {
    chunkBytes = std::max<std::size_t>(chunkBytes, 1);
    std::vector<TextChunk> chunks;
    std::size_t begin = 0;
    while (begin < body.size()) {
        std::size_t end = body.size();
        if (body.size() - begin > chunkBytes) {
            const void* nl = std::memchr(body.data() + begin + chunkBytes - 1, '\n',
                                         body.size() - begin - chunkBytes + 1);
            if (nl)
                end = static_cast<std::size_t>(static_cast<const char*>(nl) - body.data()) + 1;
        }
        chunks.push_back({body.substr(begin, end - begin), 0});
        begin = end;
    }
    // Line feeds per chunk, then a running sum gives each chunk's first line.
    std::vector<std::int64_t> feeds(chunks.size(), 0);
    forEachInParallel(chunks.size(), threads, [&](std::size_t i) {
        feeds[i] = std::count(chunks[i].text.begin(), chunks[i].text.end(), '\n');
    });
    std::int64_t line = firstLine;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        chunks[i].firstLine = line;
        line += feeds[i];
    }
    return chunks;
}

void forEachInParallel(std::size_t count, int threads,
                       const std::function<void(std::size_t)>& work) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto worker = [&]() {
        try {
            for (std::size_t i = next++; i < count; i = next++)
                work(i);
        } catch (...) {
            const std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            next = count; // the other threads stop after their current item
        }
    };
    const auto helpers = static_cast<std::size_t>(std::clamp<std::int64_t>(threads, 1, 64)) - 1;
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < std::min(helpers, count > 0 ? count - 1 : 0); ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace reclens::data
