#include "model/modelfile.h"

#include "model/sasrecmodel.h"
#include "model/torchscriptmodel.h"

#include <filesystem>
#include <fstream>

namespace reclens {

bool isTorchScriptFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    return in.read(magic, 4) && std::string(magic, 4) == std::string("PK\x03\x04", 4);
}

std::string findItemMapBeside(const std::string& modelPath) {
    namespace fs = std::filesystem;
    const fs::path model(modelPath);
    std::error_code ec;
    for (const fs::path& candidate :
         {fs::path(model).replace_extension(".items.csv"), model.parent_path() / "item_map.csv"})
        if (fs::is_regular_file(candidate, ec))
            return candidate.string();
    return {};
}

Expected<OpenedModel> openModel(const std::string& path, const std::string& itemMapPath,
                                const Dataset& ds) {
    OpenedModel out;
    if (isTorchScriptFile(path)) {
        auto m = TorchScriptModel::load(path, itemMapPath, ds);
        if (!m)
            return m.error();
        out.info = m->info();
        out.mapping = m->mapping();
        out.kind = "torchscript";
        out.model = std::make_unique<TorchScriptModel>(std::move(*m));
        return out;
    }
    if (!itemMapPath.empty())
        return makeError(ErrorCode::InvalidArgument, itemMapPath, 0, 0,
                         "an item map applies to TorchScript models only; " + path +
                             " is not a TorchScript archive");
    auto m = SasRecModel::load(path, &ds);
    if (!m)
        return m.error();
    out.info = m->info();
    out.kind = "reclens";
    auto native = std::make_unique<SasRecModel>(std::move(*m));
    out.native = native.get();
    out.model = std::move(native);
    return out;
}

} // namespace reclens
