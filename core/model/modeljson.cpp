#include "model/modeljson.h"

namespace reclens {

namespace {

template <typename T> void readIf(const nlohmann::json& j, const char* key, T& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null())
        out = it->get<T>();
}

} // namespace

const char* lossName(LossKind loss) {
    return loss == LossKind::Bce ? "bce" : "ce";
}

bool parseLossName(const std::string& name, LossKind& out) {
    if (name == "ce") {
        out = LossKind::CrossEntropy;
        return true;
    }
    if (name == "bce") {
        out = LossKind::Bce;
        return true;
    }
    return false;
}

void to_json(nlohmann::json& j, const ModelConfig& c) {
    j = {{"maxLength", c.maxLength}, {"dim", c.dim},         {"layers", c.layers},
         {"heads", c.heads},         {"dropout", c.dropout}, {"useCategory", c.useCategory},
         {"useBrand", c.useBrand}};
}

void from_json(const nlohmann::json& j, ModelConfig& c) {
    readIf(j, "maxLength", c.maxLength);
    readIf(j, "dim", c.dim);
    readIf(j, "layers", c.layers);
    readIf(j, "heads", c.heads);
    readIf(j, "dropout", c.dropout);
    readIf(j, "useCategory", c.useCategory);
    readIf(j, "useBrand", c.useBrand);
}

void to_json(nlohmann::json& j, const TrainConfig& c) {
    j = {{"model", c.model},
         {"loss", lossName(c.loss)},
         {"epochs", c.epochs},
         {"patience", c.patience},
         {"batchSize", c.batchSize},
         {"learningRate", c.learningRate},
         {"weightDecay", c.weightDecay},
         {"seed", c.seed},
         {"threads", c.threads},
         {"validUsers", c.validUsers}};
}

void from_json(const nlohmann::json& j, TrainConfig& c) {
    readIf(j, "model", c.model);
    std::string loss = lossName(c.loss);
    readIf(j, "loss", loss);
    if (!parseLossName(loss, c.loss))
        throw nlohmann::json::other_error::create(501, "unknown loss '" + loss + "'", &j);
    readIf(j, "epochs", c.epochs);
    readIf(j, "patience", c.patience);
    readIf(j, "batchSize", c.batchSize);
    readIf(j, "learningRate", c.learningRate);
    readIf(j, "weightDecay", c.weightDecay);
    readIf(j, "seed", c.seed);
    readIf(j, "threads", c.threads);
    readIf(j, "validUsers", c.validUsers);
}

void to_json(nlohmann::json& j, const ModelInfo& info) {
    nlohmann::json modules = nlohmann::json::array();
    for (const auto& [name, count] : info.parametersByModule)
        modules.push_back({{"module", name}, {"parameters", count}});
    j = {{"config", info.config},
         {"training", info.training},
         {"datasetName", info.datasetName},
         {"datasetFingerprint", info.datasetFingerprint},
         {"itemCount", info.itemCount},
         {"categoryCount", info.categoryCount},
         {"brandCount", info.brandCount},
         {"parameterCount", info.parameterCount},
         {"parametersByModule", modules},
         {"metrics", info.metrics},
         {"trainSeconds", info.trainSeconds},
         {"epochsTrained", info.epochsTrained},
         {"bestEpoch", info.bestEpoch},
         {"createdAt", info.createdAt},
         {"reclensVersion", info.reclensVersion}};
}

void from_json(const nlohmann::json& j, ModelInfo& info) {
    readIf(j, "config", info.config);
    readIf(j, "training", info.training);
    readIf(j, "datasetName", info.datasetName);
    readIf(j, "datasetFingerprint", info.datasetFingerprint);
    readIf(j, "itemCount", info.itemCount);
    readIf(j, "categoryCount", info.categoryCount);
    readIf(j, "brandCount", info.brandCount);
    readIf(j, "parameterCount", info.parameterCount);
    info.parametersByModule.clear();
    if (auto it = j.find("parametersByModule"); it != j.end() && it->is_array())
        for (const auto& m : *it)
            info.parametersByModule.emplace_back(m.at("module").get<std::string>(),
                                                 m.at("parameters").get<std::int64_t>());
    readIf(j, "metrics", info.metrics);
    readIf(j, "trainSeconds", info.trainSeconds);
    readIf(j, "epochsTrained", info.epochsTrained);
    readIf(j, "bestEpoch", info.bestEpoch);
    readIf(j, "createdAt", info.createdAt);
    readIf(j, "reclensVersion", info.reclensVersion);
}

Expected<ModelInfo> parseModelInfo(std::string_view json, const std::string& path) {
    ModelInfo info;
    try {
        from_json(nlohmann::json::parse(json), info);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("bad model header: ") + e.what());
    }
    return info;
}

} // namespace reclens
