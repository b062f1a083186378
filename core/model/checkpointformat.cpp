#include "model/checkpointformat.h"

#include "data/dataset.h"
#include "model/modeljson.h"

#include <algorithm>
#include <cstring>
#include <fstream>

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
    if (info.task != "recommend" && info.task != "search")
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the model header names the unknown task '" + info.task.substr(0, 40) +
                             "'; expected recommend or search");
    if (info.task == "search" &&
        (info.search.maxQueryWords < 1 || info.search.maxItemWords < 1 ||
         info.search.vocabulary.size() < 2 || info.search.vocabulary.size() > 10'000'000))
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the search model header has an invalid query, item-word or vocabulary "
                         "size");
    return Ok{};
}

namespace {

std::string describe(const std::string& name, const std::string& fingerprint) {
    return "'" + (name.empty() ? std::string("unnamed") : name) + "' (fingerprint " +
           (fingerprint.empty() ? std::string("none") : fingerprint) + ")";
}

} // namespace

Expected<std::unique_ptr<CheckpointFile>> readCheckpointFile(const std::string& path,
                                                             const Dataset* expected) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, path, 0, 0, "cannot open the model file for reading");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    if (size > kMaxCheckpointBytes)
        return makeError(ErrorCode::Limit, path, 0, 0,
                         "the file is larger than 4 GiB; not a RecLens model");
    // The magic decides whether this is a model at all: a foreign file (possibly a huge or
    // sparse one) is refused without being read whole.
    auto file = std::make_unique<CheckpointFile>();
    std::string& bytes = file->bytes;
    bytes.assign(static_cast<size_t>(std::min<std::uint64_t>(size, 8)), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
        return makeError(ErrorCode::Io, path, 0, 0, "could not read the model file");
    if (bytes != std::string_view("RECLENSM", 8))
        if (auto foreign = decodeCheckpoint(bytes, path); !foreign)
            return foreign.error();
    bytes.resize(static_cast<size_t>(size));
    if (!in.read(bytes.data() + 8, static_cast<std::streamsize>(size - 8)))
        return makeError(ErrorCode::Io, path, 0, 0, "could not read the model file");
    auto sections = decodeCheckpoint(bytes, path);
    if (!sections)
        return sections.error();
    const ModelInfo& info = sections->info;
    if (expected && expected->fingerprint != info.datasetFingerprint)
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "this model was trained on dataset " +
                             describe(info.datasetName, info.datasetFingerprint) +
                             ", not on the opened dataset " +
                             describe(expected->name, expected->fingerprint) +
                             "; train a model for it");
    file->sections = std::move(*sections);
    return file;
}

} // namespace reclens
