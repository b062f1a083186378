#include "model/checkpointformat.h"

#include "model/modeljson.h"

#include <cstring>

namespace reclens {

namespace {

constexpr char kMagic[8] = {'R', 'E', 'C', 'L', 'E', 'N', 'S', 'M'};
constexpr std::size_t kFixedHeader = 40;

template <typename T> void put(std::string& s, T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    s.append(b, sizeof(T));
}

template <typename T> T get(std::string_view s, std::size_t at) {
    T v{};
    std::memcpy(&v, s.data() + at, sizeof(T));
    return v;
}

} // namespace

std::uint64_t checkpointChecksum(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::string encodeCheckpoint(const ModelInfo& info, std::string_view weights,
                             std::string_view optimizer) {
    const std::string header = nlohmann::json(info).dump();
    std::string bytes(kMagic, sizeof kMagic);
    put<std::uint32_t>(bytes, kCheckpointFormatVersion);
    put<std::uint32_t>(bytes, 0);
    put<std::uint64_t>(bytes, header.size());
    put<std::uint64_t>(bytes, weights.size());
    put<std::uint64_t>(bytes, optimizer.size());
    bytes += header;
    bytes += weights;
    bytes += optimizer;
    put<std::uint64_t>(bytes, checkpointChecksum(bytes));
    return bytes;
}

Expected<CheckpointSections> decodeCheckpoint(std::string_view bytes, const std::string& path) {
    const std::uint64_t size = bytes.size();
    if (size < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return makeError(
            ErrorCode::Schema, path, 0, 0,
            "not a RecLens model (expected the RECLENSM magic at the start of the file)");
    if (size < kFixedHeader + 8)
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "the model file is truncated (" + std::to_string(size) + " bytes)");
    const auto version = get<std::uint32_t>(bytes, 8);
    if (version != kCheckpointFormatVersion)
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "unsupported model format version " + std::to_string(version) +
                             " (this RecLens reads version " +
                             std::to_string(kCheckpointFormatVersion) + ")");
    const auto headerLen = get<std::uint64_t>(bytes, 16);
    const auto weightsLen = get<std::uint64_t>(bytes, 24);
    const auto optimLen = get<std::uint64_t>(bytes, 32);
    const std::uint64_t payload = size - kFixedHeader - 8;
    // Each length is bounded first so that the sum below cannot wrap around.
    if (headerLen > payload || weightsLen > payload || optimLen > payload ||
        headerLen + weightsLen + optimLen != payload)
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "the model file is truncated or damaged: sections add up to " +
                             std::to_string(kFixedHeader + 8 + headerLen + weightsLen + optimLen) +
                             " bytes but the file has " + std::to_string(size));
    const auto stored = get<std::uint64_t>(bytes, static_cast<std::size_t>(size - 8));
    if (checkpointChecksum(bytes.substr(0, size - 8)) != stored)
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "the model file is corrupt (checksum mismatch); re-train or restore it");

    auto info = parseModelInfo(bytes.substr(kFixedHeader, headerLen), path);
    if (!info)
        return info.error();
    CheckpointSections out;
    out.info = std::move(*info);
    out.weights = bytes.substr(kFixedHeader + headerLen, weightsLen);
    out.optimizer = bytes.substr(kFixedHeader + headerLen + weightsLen, optimLen);
    return out;
}

Status validateModelInfo(const ModelInfo& info, const std::string& path) {
    const ModelConfig& c = info.config;
    if (info.itemCount <= 0 || info.categoryCount < 0 || info.brandCount < 0 || c.dim < 1 ||
        c.heads < 1 || c.dim % c.heads != 0 || c.layers < 1 || c.maxLength < 1)
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the model header has an invalid configuration");
    return Ok{};
}

} // namespace reclens
