#include "batch/shardloop.h"

#include "batch/shardfiles.h"
#include "common/atomicfile.h"
#include "explain/explanation.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>

namespace reclens::batch {

std::vector<UserIndex> recommendBatchCustomers(const Dataset& ds) {
    std::vector<UserIndex> out;
    for (std::size_t u = 0; u < ds.users.size(); ++u)
        if (!ds.users[u].sequence.empty())
            out.push_back(static_cast<UserIndex>(u));
    return out;
}

Expected<ShardRunResult>
runShardBlocks(const SequenceModel& model, const Dataset& ds, const ShardSpec& shard,
               const std::string& outDir, const std::string& fingerprint, const ShardLoop& loop,
               const std::function<void(std::int64_t, std::int64_t)>& progress,
               const std::function<bool()>& shouldStop) {
    ShardRunResult result;
    result.linesPath = shardLinesPath(outDir, shard);
    if (shardFinished(outDir, shard, fingerprint)) {
        auto m = readManifest(shardManifestPath(outDir, shard));
        result.alreadyFinished = true;
        result.lines = m->lines;
        return result;
    }
    std::error_code ec;
    std::filesystem::create_directories(shardsDir(outDir), ec);
    if (!std::filesystem::is_directory(shardsDir(outDir)))
        return makeError(ErrorCode::Io, shardsDir(outDir), 0, 0, "cannot create the folder");

    const auto t0 = std::chrono::steady_clock::now();
    const auto customers = recommendBatchCustomers(ds);
    const auto total = static_cast<std::int64_t>(customers.size());
    const int block = std::max(1, loop.blockSize);
    const std::int64_t mine = ownedPositions(shard, total, block);
    std::int64_t done = 0;
    // Lines stream into the temporary file; the rename happens only after the last block.
    auto st = writeFileAtomically(result.linesPath, [&](std::ostream& os) {
        for (std::int64_t start = static_cast<std::int64_t>(shard.index) * block; start < total;
             start += static_cast<std::int64_t>(shard.count) * block) {
            if (shouldStop && shouldStop()) {
                result.cancelled = true;
                throw std::runtime_error("cancelled");
            }
            const std::int64_t end = std::min(total, start + block);
            ShardBlock b;
            b.start = start;
            for (std::int64_t p = start; p < end; ++p) {
                const UserIndex u = customers[static_cast<std::size_t>(p)];
                b.users.push_back(u);
                b.histories.push_back(
                    clipHistory(ds.users[static_cast<std::size_t>(u)].sequence, model.maxLength()));
            }
            b.scores = model.scoreAll(b.histories);
            loop.onBlock(b, os);
            done += end - start;
            if (progress)
                progress(done, mine);
        }
    });
    if (result.cancelled)
        return result;
    if (!st)
        return st.error();
    result.lines = done;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    ShardManifest m;
    m.kind = loop.kind;
    m.shard = shard;
    m.blockSize = block;
    m.batchPositions = total;
    m.lines = done;
    m.fingerprint = fingerprint;
    m.seconds = result.seconds;
    m.tally = loop.tally ? loop.tally() : nlohmann::json::object();
    if (auto w = writeManifest(outDir, m); !w)
        return w.error();
    return result;
}

} // namespace reclens::batch
