#include "batch/shardfiles.h"

#include "common/atomicfile.h"
#include "report/sha256.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace reclens::batch {

std::string shardsDir(const std::string& outDir) {
    return outDir + "/shards";
}

std::string shardLinesPath(const std::string& outDir, const ShardSpec& shard) {
    return shardsDir(outDir) + "/" + shardStem(shard) + ".jsonl";
}

std::string shardManifestPath(const std::string& outDir, const ShardSpec& shard) {
    return shardsDir(outDir) + "/" + shardStem(shard) + ".json";
}

std::string batchFingerprint(const std::string& kind, const std::string& checkpointSha256,
                             const std::string& dataFingerprint, const nlohmann::json& settings,
                             int shardCount, int blockSize) {
    const nlohmann::json all = {
        {"kind", kind},         {"checkpoint", checkpointSha256}, {"data", dataFingerprint},
        {"settings", settings}, {"shards", shardCount},           {"block_size", blockSize}};
    return report::sha256Hex(all.dump());
}

nlohmann::json manifestToJson(const ShardManifest& m) {
    return {{"format", "reclens-batch-shard"},
            {"version", 1},
            {"kind", m.kind},
            {"shard", m.shard.index + 1},
            {"shard_count", m.shard.count},
            {"block_size", m.blockSize},
            {"batch_positions", m.batchPositions},
            {"lines", m.lines},
            {"fingerprint", m.fingerprint},
            {"seconds", m.seconds},
            {"tally", m.tally}};
}

Expected<ShardManifest> readManifest(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, path, 0, 0, "cannot read the shard manifest");
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded())
        return makeError(ErrorCode::Parse, path, 0, 0, "not valid JSON (a shard manifest)");
    if (!j.is_object() || j.value("format", "") != "reclens-batch-shard")
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "not a RecLens shard manifest (format reclens-batch-shard expected)");
    try {
        ShardManifest m;
        m.kind = j.at("kind").get<std::string>();
        m.shard.index = j.at("shard").get<int>() - 1;
        m.shard.count = j.at("shard_count").get<int>();
        m.blockSize = j.at("block_size").get<int>();
        m.batchPositions = j.at("batch_positions").get<std::int64_t>();
        m.lines = j.at("lines").get<std::int64_t>();
        m.fingerprint = j.at("fingerprint").get<std::string>();
        m.seconds = j.at("seconds").get<double>();
        m.tally = j.at("tally");
        if (m.shard.count < 1 || m.shard.index < 0 || m.shard.index >= m.shard.count ||
            m.blockSize < 1 || m.lines < 0 || m.batchPositions < 0)
            return makeError(ErrorCode::Schema, path, 0, 0,
                             "shard, shard_count, block_size or lines out of range");
        return m;
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("missing or mistyped field: ") + e.what());
    }
}

Status writeManifest(const std::string& outDir, const ShardManifest& m) {
    return writeFileAtomically(shardManifestPath(outDir, m.shard), manifestToJson(m).dump() + "\n");
}

Status writeShard(const std::string& outDir, ShardManifest m,
                  const std::vector<nlohmann::json>& lines) {
    std::error_code ec;
    std::filesystem::create_directories(shardsDir(outDir), ec);
    auto st = writeFileAtomically(shardLinesPath(outDir, m.shard), [&](std::ostream& os) {
        for (const auto& line : lines)
            os << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    });
    if (!st)
        return st;
    m.lines = static_cast<std::int64_t>(lines.size());
    return writeManifest(outDir, m);
}

bool shardFinished(const std::string& outDir, const ShardSpec& shard,
                   const std::string& fingerprint) {
    std::error_code ec;
    if (!std::filesystem::exists(shardLinesPath(outDir, shard), ec))
        return false;
    auto m = readManifest(shardManifestPath(outDir, shard));
    return m && m->fingerprint == fingerprint && m->shard.count == shard.count &&
           m->shard.index == shard.index;
}

std::int64_t ownedPositions(const ShardSpec& shard, std::int64_t total, int blockSize) {
    const std::int64_t b = std::max(1, blockSize);
    const std::int64_t blocks = (total + b - 1) / b;
    std::int64_t n = 0;
    for (std::int64_t blk = shard.index; blk < blocks; blk += shard.count)
        n += std::min(b, total - blk * b);
    return n;
}

} // namespace reclens::batch
