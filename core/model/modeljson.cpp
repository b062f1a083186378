#include "model/modeljson.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace reclens {

namespace {

// nlohmann converts numbers with static_cast, which is undefined behaviour for a double outside
// the target type ("dim": 1e300 into an int, found by fuzzing) and silently wraps integers
// ("itemCount": 4294967297 would become 1). Such values are errors here instead.
template <typename T> bool fitsIn(const nlohmann::json& v) {
    if constexpr (std::is_same_v<T, bool> || !std::is_arithmetic_v<T>) {
        return true;
    } else if constexpr (std::is_floating_point_v<T>) {
        return !v.is_number_float() ||
               std::fabs(v.get<double>()) <= static_cast<double>(std::numeric_limits<T>::max());
    } else {
        using L = std::numeric_limits<T>;
        if (v.is_number_float()) {
            // Exact powers of two: every T converts from a double strictly between these.
            const double bound = std::ldexp(1.0, L::digits);
            const double d = v.get<double>();
            return d > (L::is_signed ? -bound - 1.0 : -1.0) && d < bound;
        }
        if (v.is_number_unsigned())
            return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(L::max());
        if (v.is_number_integer()) {
            const auto i = v.get<std::int64_t>();
            return i >= 0 ? static_cast<std::uint64_t>(i) <= static_cast<std::uint64_t>(L::max())
                          : L::is_signed && i >= static_cast<std::int64_t>(L::min());
        }
        return true; // not a number: get<T>() reports the type error
    }
}

template <typename T> T checkedGet(const nlohmann::json& v, const char* key) {
    if (!fitsIn<T>(v))
        throw nlohmann::json::out_of_range::create(
            406, std::string("value ") + v.dump() + " of '" + key + "' is out of range", &v);
    return v.get<T>();
}

template <typename T> void readIf(const nlohmann::json& j, const char* key, T& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null())
        out = checkedGet<T>(*it, key);
}

} // namespace

const char* lossName(LossKind loss) {
    return loss == LossKind::Bce                   ? "bce"
           : loss == LossKind::SampledCrossEntropy ? "sampled-ce"
                                                   : "ce";
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
    if (name == "sampled-ce") {
        out = LossKind::SampledCrossEntropy;
        return true;
    }
    return false;
}

void to_json(nlohmann::json& j, const ModelConfig& c) {
    j = {{"maxLength", c.maxLength}, {"dim", c.dim},
         {"layers", c.layers},       {"heads", c.heads},
         {"dropout", c.dropout},     {"useCategory", c.useCategory},
         {"useBrand", c.useBrand},   {"outputFeatures", c.outputFeatures}};
}

void from_json(const nlohmann::json& j, ModelConfig& c) {
    readIf(j, "maxLength", c.maxLength);
    readIf(j, "dim", c.dim);
    readIf(j, "layers", c.layers);
    readIf(j, "heads", c.heads);
    readIf(j, "dropout", c.dropout);
    readIf(j, "useCategory", c.useCategory);
    readIf(j, "useBrand", c.useBrand);
    // Checkpoints written before the field existed scored candidates by item embedding only.
    c.outputFeatures = false;
    readIf(j, "outputFeatures", c.outputFeatures);
}

void to_json(nlohmann::json& j, const TrainConfig& c) {
    j = {{"model", c.model},
         {"loss", lossName(c.loss)},
         {"epochs", c.epochs},
         {"patience", c.patience},
         {"batchSize", c.batchSize},
         {"learningRate", c.learningRate},
         {"weightDecay", c.weightDecay},
         {"labelSmoothing", c.labelSmoothing},
         {"seed", c.seed},
         {"threads", c.threads},
         {"validUsers", c.validUsers},
         {"excludeBought", c.excludeBought},
         {"negatives", c.negatives}};
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
    readIf(j, "labelSmoothing", c.labelSmoothing);
    readIf(j, "seed", c.seed);
    readIf(j, "threads", c.threads);
    readIf(j, "validUsers", c.validUsers);
    readIf(j, "excludeBought", c.excludeBought); // absent in checkpoints before issue 17
    readIf(j, "negatives", c.negatives);
}

void to_json(nlohmann::json& j, const EpochRecord& e) {
    j = {{"epoch", e.epoch},         {"loss", e.loss},
         {"validHr10", e.validHr10}, {"validNdcg10", e.validNdcg10},
         {"seconds", e.seconds},     {"itemsPerSecond", e.itemsPerSecond}};
}

void from_json(const nlohmann::json& j, EpochRecord& e) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "a history entry must be an object", &j);
    readIf(j, "epoch", e.epoch);
    readIf(j, "loss", e.loss);
    readIf(j, "validHr10", e.validHr10);
    readIf(j, "validNdcg10", e.validNdcg10);
    readIf(j, "seconds", e.seconds);
    readIf(j, "itemsPerSecond", e.itemsPerSecond);
}

// The tuner's record (issue 17). Written only for tuned checkpoints; older readers ignore it.
void to_json(nlohmann::json& j, const TrialRecord& t) {
    j = {{"id", t.id},
         {"bracket", t.bracket},
         {"rung", t.rung},
         {"epochs", t.epochs},
         {"validNdcg10", t.validNdcg10},
         {"seconds", t.seconds},
         {"promoted", t.promoted},
         {"model", t.model},
         {"learningRate", t.learningRate},
         {"weightDecay", t.weightDecay}};
}

void from_json(const nlohmann::json& j, TrialRecord& t) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "a trial must be an object", &j);
    readIf(j, "id", t.id);
    readIf(j, "bracket", t.bracket);
    readIf(j, "rung", t.rung);
    readIf(j, "epochs", t.epochs);
    readIf(j, "validNdcg10", t.validNdcg10);
    readIf(j, "seconds", t.seconds);
    readIf(j, "promoted", t.promoted);
    readIf(j, "model", t.model);
    readIf(j, "learningRate", t.learningRate);
    readIf(j, "weightDecay", t.weightDecay);
}

void to_json(nlohmann::json& j, const TuningRecord& r) {
    nlohmann::json trials = nlohmann::json::array();
    for (const TrialRecord& t : r.trials)
        trials.push_back(t);
    j = {{"tuned", r.tuned},
         {"budgetMinutes", r.budgetMinutes},
         {"seconds", r.seconds},
         {"maxTrialEpochs", r.maxTrialEpochs},
         {"eta", r.eta},
         {"seed", r.seed},
         {"budgetExhausted", r.budgetExhausted},
         {"chosenTrial", r.chosenTrial},
         {"trials", trials}};
}

void from_json(const nlohmann::json& j, TuningRecord& r) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "'tuning' must be an object", &j);
    readIf(j, "tuned", r.tuned);
    readIf(j, "budgetMinutes", r.budgetMinutes);
    readIf(j, "seconds", r.seconds);
    readIf(j, "maxTrialEpochs", r.maxTrialEpochs);
    readIf(j, "eta", r.eta);
    readIf(j, "seed", r.seed);
    readIf(j, "budgetExhausted", r.budgetExhausted);
    readIf(j, "chosenTrial", r.chosenTrial);
    r.trials.clear();
    if (auto it = j.find("trials"); it != j.end() && !it->is_null()) {
        if (!it->is_array())
            throw nlohmann::json::type_error::create(302, "'trials' must be an array", &*it);
        for (const auto& t : *it)
            r.trials.push_back(t.get<TrialRecord>());
    }
}

void to_json(nlohmann::json& j, const ModelInfo& info) {
    nlohmann::json modules = nlohmann::json::array();
    for (const auto& [name, count] : info.parametersByModule)
        modules.push_back({{"module", name}, {"parameters", count}});
    nlohmann::json history = nlohmann::json::array();
    for (const EpochRecord& e : info.history)
        history.push_back(e);
    j = {{"config", info.config},
         {"training", info.training},
         {"datasetName", info.datasetName},
         {"datasetFingerprint", info.datasetFingerprint},
         {"datasetSource", info.datasetSource},
         {"itemCount", info.itemCount},
         {"categoryCount", info.categoryCount},
         {"brandCount", info.brandCount},
         {"parameterCount", info.parameterCount},
         {"parametersByModule", modules},
         {"metrics", info.metrics},
         {"trainSeconds", info.trainSeconds},
         {"epochsTrained", info.epochsTrained},
         {"bestEpoch", info.bestEpoch},
         {"history", history},
         {"createdAt", info.createdAt},
         {"reclensVersion", info.reclensVersion},
         {"task", info.task}};
    if (info.tuning.tuned)
        j["tuning"] = info.tuning;
    if (info.task == "search")
        j["search"] = {{"maxQueryWords", info.search.maxQueryWords},
                       {"maxItemWords", info.search.maxItemWords},
                       {"minWordCount", info.search.minWordCount},
                       {"vocabulary", info.search.vocabulary}};
}

void from_json(const nlohmann::json& j, ModelInfo& info) {
    readIf(j, "config", info.config);
    readIf(j, "training", info.training);
    readIf(j, "datasetName", info.datasetName);
    readIf(j, "datasetFingerprint", info.datasetFingerprint);
    readIf(j, "datasetSource", info.datasetSource);
    readIf(j, "itemCount", info.itemCount);
    readIf(j, "categoryCount", info.categoryCount);
    readIf(j, "brandCount", info.brandCount);
    readIf(j, "parameterCount", info.parameterCount);
    info.parametersByModule.clear();
    if (auto it = j.find("parametersByModule"); it != j.end() && it->is_array())
        for (const auto& m : *it)
            info.parametersByModule.emplace_back(
                m.at("module").get<std::string>(),
                checkedGet<std::int64_t>(m.at("parameters"), "parameters"));
    readIf(j, "metrics", info.metrics);
    readIf(j, "trainSeconds", info.trainSeconds);
    readIf(j, "epochsTrained", info.epochsTrained);
    readIf(j, "bestEpoch", info.bestEpoch);
    // Checkpoints written before the history was recorded have no key: no curves, not an error.
    info.history.clear();
    if (auto it = j.find("history"); it != j.end() && !it->is_null()) {
        if (!it->is_array())
            throw nlohmann::json::type_error::create(302, "'history' must be an array", &*it);
        for (const auto& e : *it)
            info.history.push_back(e.get<EpochRecord>());
    }
    readIf(j, "createdAt", info.createdAt);
    readIf(j, "reclensVersion", info.reclensVersion);
    info.tuning = {};
    readIf(j, "tuning", info.tuning); // absent unless the tuner trained the model
    readIf(j, "task", info.task);
    if (auto it = j.find("search"); it != j.end() && it->is_object()) {
        readIf(*it, "maxQueryWords", info.search.maxQueryWords);
        readIf(*it, "maxItemWords", info.search.maxItemWords);
        readIf(*it, "minWordCount", info.search.minWordCount);
        readIf(*it, "vocabulary", info.search.vocabulary);
    }
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
