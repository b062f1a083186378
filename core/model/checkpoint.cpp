// SasRecModel::save / load. The container is ours so that a damaged file is recognised before
// LibTorch's deserialiser ever sees it (torch crashes or throws obscure errors on garbage):
//
//   0  "RECLENSM"                 magic, 8 bytes
//   8  uint32 format version      (kFormatVersion)
//  12  uint32 reserved = 0
//  16  uint64 header length       JSON: ModelInfo (see modeljson.h)
//  24  uint64 weights length      torch::serialize archive of the network
//  32  uint64 optimizer length    torch::serialize archive of the Adam state (may be 0)
//  40  header, weights, optimizer
// end  uint64 FNV-1a 64 of every byte before it
//
// Integers are little-endian.

#include "common/atomicfile.h"
#include "model/modeljson.h"
#include "model/sasrecimpl.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace reclens {

namespace {

constexpr char kMagic[8] = {'R', 'E', 'C', 'L', 'E', 'N', 'S', 'M'};
constexpr std::uint32_t kFormatVersion = 1;
constexpr size_t kFixedHeader = 40;
constexpr std::uint64_t kMaxFileBytes = std::uint64_t(4) << 30;

std::uint64_t fnv1a64(const char* data, size_t n) {
    std::uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ull;
    }
    return h;
}

template <typename T> void put(std::string& s, T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    s.append(b, sizeof(T));
}

template <typename T> T get(const std::string& s, size_t at) {
    T v{};
    std::memcpy(&v, s.data() + at, sizeof(T));
    return v;
}

std::string describe(const std::string& name, const std::string& fingerprint) {
    return "'" + (name.empty() ? std::string("unnamed") : name) + "' (fingerprint " +
           (fingerprint.empty() ? std::string("none") : fingerprint) + ")";
}

} // namespace

Status SasRecModel::save(const std::string& path) const {
    std::string weights;
    try {
        torch::serialize::OutputArchive archive;
        d->net->save(archive);
        std::ostringstream os;
        archive.save_to(os);
        weights = os.str();
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, path, 0, 0,
                         std::string("could not serialise the model weights: ") +
                             e.what_without_backtrace());
    }
    const std::string header = nlohmann::json(d->info).dump();
    std::string bytes(kMagic, sizeof kMagic);
    put<std::uint32_t>(bytes, kFormatVersion);
    put<std::uint32_t>(bytes, 0);
    put<std::uint64_t>(bytes, header.size());
    put<std::uint64_t>(bytes, weights.size());
    put<std::uint64_t>(bytes, d->optimizerState.size());
    bytes += header;
    bytes += weights;
    bytes += d->optimizerState;
    put<std::uint64_t>(bytes, fnv1a64(bytes.data(), bytes.size()));
    return writeFileAtomically(path, bytes);
}

Expected<SasRecModel> SasRecModel::load(const std::string& path, const Dataset* expected) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, path, 0, 0, "cannot open the model file for reading");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    if (size > kMaxFileBytes)
        return makeError(ErrorCode::Limit, path, 0, 0,
                         "the file is larger than 4 GiB; not a RecLens model");
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return makeError(ErrorCode::Io, path, 0, 0, "could not read the model file");

    if (size < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return makeError(
            ErrorCode::Schema, path, 0, 0,
            "not a RecLens model (expected the RECLENSM magic at the start of the file)");
    if (size < kFixedHeader + 8)
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "the model file is truncated (" + std::to_string(size) + " bytes)");
    const auto version = get<std::uint32_t>(bytes, 8);
    if (version != kFormatVersion)
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "unsupported model format version " + std::to_string(version) +
                             " (this RecLens reads version " + std::to_string(kFormatVersion) +
                             ")");
    const auto headerLen = get<std::uint64_t>(bytes, 16);
    const auto weightsLen = get<std::uint64_t>(bytes, 24);
    const auto optimLen = get<std::uint64_t>(bytes, 32);
    const std::uint64_t payload = size - kFixedHeader - 8;
    if (headerLen > payload || weightsLen > payload || optimLen > payload ||
        headerLen + weightsLen + optimLen != payload)
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "the model file is truncated or damaged: sections add up to " +
                             std::to_string(kFixedHeader + 8 + headerLen + weightsLen + optimLen) +
                             " bytes but the file has " + std::to_string(size));
    const auto stored = get<std::uint64_t>(bytes, static_cast<size_t>(size - 8));
    if (fnv1a64(bytes.data(), static_cast<size_t>(size - 8)) != stored)
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "the model file is corrupt (checksum mismatch); re-train or restore it");

    ModelInfo info;
    try {
        from_json(nlohmann::json::parse(bytes.substr(kFixedHeader, static_cast<size_t>(headerLen))),
                  info);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("bad model header: ") + e.what());
    }
    if (expected && expected->fingerprint != info.datasetFingerprint)
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "this model was trained on dataset " +
                             describe(info.datasetName, info.datasetFingerprint) +
                             ", not on the opened dataset " +
                             describe(expected->name, expected->fingerprint) +
                             "; train a model for it");
    if (info.itemCount <= 0 || info.categoryCount < 0 || info.brandCount < 0 ||
        info.config.dim < 1 || info.config.heads < 1 || info.config.dim % info.config.heads != 0 ||
        info.config.layers < 1 || info.config.maxLength < 1)
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the model header has an invalid configuration");

    try {
        SasRecNetOptions o;
        o.itemCount = info.itemCount;
        o.categoryCount = info.categoryCount;
        o.brandCount = info.brandCount;
        o.maxLength = info.config.maxLength;
        o.dim = info.config.dim;
        o.layers = info.config.layers;
        o.heads = info.config.heads;
        o.dropout = info.config.dropout;
        auto impl = std::make_unique<Impl>();
        impl->net = SasRecNet(o);
        torch::serialize::InputArchive archive;
        std::istringstream is(bytes.substr(kFixedHeader + static_cast<size_t>(headerLen),
                                           static_cast<size_t>(weightsLen)));
        archive.load_from(is);
        impl->net->load(archive);
        impl->optimizerState =
            bytes.substr(kFixedHeader + static_cast<size_t>(headerLen + weightsLen),
                         static_cast<size_t>(optimLen));
        impl->info = std::move(info);
        return SasRecModel(std::move(impl));
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("the weights do not fit the model header: ") +
                             e.what_without_backtrace());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("could not read the weights: ") + e.what());
    }
}

} // namespace reclens
