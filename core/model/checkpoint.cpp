// SasRecModel::save / load. The container (magic, section lengths, checksum) is encoded and
// validated by checkpointformat.cpp without torch; only a file that passes reaches LibTorch's
// deserialiser.

#include "common/atomicfile.h"
#include "model/checkpointformat.h"
#include "model/sasrecimpl.h"

#include <fstream>
#include <sstream>

namespace reclens {

namespace {

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
    const std::string bytes = encodeCheckpoint(d->info, weights, d->optimizerState);
    return writeFileAtomically(path, bytes);
}

Expected<SasRecModel> SasRecModel::load(const std::string& path, const Dataset* expected) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, path, 0, 0, "cannot open the model file for reading");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    if (size > kMaxCheckpointBytes)
        return makeError(ErrorCode::Limit, path, 0, 0,
                         "the file is larger than 4 GiB; not a RecLens model");
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
        return makeError(ErrorCode::Io, path, 0, 0, "could not read the model file");

    auto sections = decodeCheckpoint(bytes, path);
    if (!sections)
        return sections.error();
    ModelInfo& info = sections->info;
    if (expected && expected->fingerprint != info.datasetFingerprint)
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "this model was trained on dataset " +
                             describe(info.datasetName, info.datasetFingerprint) +
                             ", not on the opened dataset " +
                             describe(expected->name, expected->fingerprint) +
                             "; train a model for it");
    if (auto st = validateModelInfo(info, path); !st)
        return st.error();

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
        std::istringstream is{std::string(sections->weights)};
        archive.load_from(is);
        impl->net->load(archive);
        impl->optimizerState = std::string(sections->optimizer);
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
