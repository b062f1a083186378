#pragma once
// Cutting a text into pieces that end at line ends, and running work over the pieces on a few
// threads: how an importer parses a large file on every core. Internal to core/data.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace reclens::data {

struct TextChunk {
    std::string_view text;      // whole lines (the last one may lack its line feed)
    std::int64_t firstLine = 1; // 1-based line of the file where `text` starts
};

/// The number of threads `requested` means: 0 = all cores (std::thread::hardware_concurrency,
/// at least 1), as --threads 0 means elsewhere.
int parseThreads(int requested);

/// Cuts `body` (which starts at line `firstLine` of its file) into pieces of about
/// `chunkBytes` bytes, each ending just after a '\n' (the last one at the end of `body`), and
/// numbers their first lines by counting line feeds on `threads` threads.
std::vector<TextChunk> cutAtLineEnds(std::string_view body, std::int64_t firstLine,
                                     std::size_t chunkBytes, int threads);

/// Calls work(i) for every i in [0, count) on up to `threads` threads (the caller's thread
/// included), each index exactly once, in no set order. An exception thrown by work() is
/// rethrown here after every thread has stopped.
void forEachInParallel(std::size_t count, int threads,
                       const std::function<void(std::size_t)>& work);

} // namespace reclens::data
