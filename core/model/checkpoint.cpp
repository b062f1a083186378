// SasRecModel::save / load. The container (magic, section lengths, checksum) is encoded and
// validated by checkpointformat.cpp without torch; only a file that passes reaches LibTorch's
// deserialiser.

#include "common/atomicfile.h"
#include "model/checkpointformat.h"
#include "model/sasrecimpl.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>

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
    // The magic decides whether this is a model at all: a foreign file (possibly a huge or
    // sparse one) is refused without being read whole.
    std::string bytes(static_cast<size_t>(std::min<std::uint64_t>(size, 8)), '\0');
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
    // torch allocates the network the header describes before reading the weights into it; a
    // damaged header must not make it allocate gigabytes that the weights section cannot hold.
    const double dim = info.config.dim;
    const double minWeightBytes = 4.0 * (dim * (1.0 + info.itemCount + info.config.maxLength) +
                                         6.0 * dim * dim * info.config.layers);
    if (minWeightBytes > static_cast<double>(sections->weights.size()))
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the weights section (" + std::to_string(sections->weights.size()) +
                             " bytes) is too small for the " + std::to_string(info.itemCount) +
                             " items, dim " + std::to_string(info.config.dim) + " and " +
                             std::to_string(info.config.layers) +
                             " layers the header states; the file is damaged");

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
        o.outputFeatures = info.config.outputFeatures;
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
