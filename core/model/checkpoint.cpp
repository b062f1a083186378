// SasRecModel::save / load. The container (magic, section lengths, checksum) is encoded and
// validated by checkpointformat.cpp without torch; only a file that passes reaches LibTorch's
// deserialiser.

#include "common/atomicfile.h"
#include "model/checkpointformat.h"
#include "model/sasrecimpl.h"

#include <sstream>
#include <string_view>

namespace reclens {

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
    auto file = readCheckpointFile(path, expected);
    if (!file)
        return file.error();
    auto* sections = &(*file)->sections;
    ModelInfo& info = sections->info;
    if (auto st = validateModelInfo(info, path); !st)
        return st.error();
    if (info.task != "recommend")
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "this file holds a " + info.task +
                             " model, not a recommender; open it with reclens-cli search, explain "
                             "--query or eval --queries, or train a recommender with "
                             "reclens-cli train");
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
