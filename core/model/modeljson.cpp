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

/// The value of `key`, or of `legacyKey` when `key` is absent: headers written before the keys
/// became snake_case (RecLens 0.1 checkpoints) name them in camelCase.
nlohmann::json::const_iterator findEither(const nlohmann::json& j, const char* key,
                                          const char* legacyKey) {
    auto it = j.find(key);
    return it != j.end() ? it : j.find(legacyKey);
}

template <typename T>
void readIf(const nlohmann::json& j, const char* key, const char* legacyKey, T& out) {
    readIf(j, j.contains(key) ? key : legacyKey, out);
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
    j = {{"max_length", c.maxLength}, {"dim", c.dim},
         {"layers", c.layers},        {"heads", c.heads},
         {"dropout", c.dropout},      {"use_category", c.useCategory},
         {"use_brand", c.useBrand},   {"output_features", c.outputFeatures}};
}

void from_json(const nlohmann::json& j, ModelConfig& c) {
    readIf(j, "max_length", "maxLength", c.maxLength);
    readIf(j, "dim", c.dim);
    readIf(j, "layers", c.layers);
    readIf(j, "heads", c.heads);
    readIf(j, "dropout", c.dropout);
    readIf(j, "use_category", "useCategory", c.useCategory);
    readIf(j, "use_brand", "useBrand", c.useBrand);
    // Checkpoints written before the field existed scored candidates by item embedding only.
    c.outputFeatures = false;
    readIf(j, "output_features", "outputFeatures", c.outputFeatures);
}

void to_json(nlohmann::json& j, const TrainConfig& c) {
    j = {{"model", c.model},
         {"loss", lossName(c.loss)},
         {"epochs", c.epochs},
         {"patience", c.patience},
         {"batch_size", c.batchSize},
         {"learning_rate", c.learningRate},
         {"weight_decay", c.weightDecay},
         {"label_smoothing", c.labelSmoothing},
         {"seed", c.seed},
         {"threads", c.threads},
         {"valid_users", c.validUsers},
         {"exclude_bought", c.excludeBought},
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
    readIf(j, "batch_size", "batchSize", c.batchSize);
    readIf(j, "learning_rate", "learningRate", c.learningRate);
    readIf(j, "weight_decay", "weightDecay", c.weightDecay);
    readIf(j, "label_smoothing", "labelSmoothing", c.labelSmoothing);
    readIf(j, "seed", c.seed);
    readIf(j, "threads", c.threads);
    readIf(j, "valid_users", "validUsers", c.validUsers);
    readIf(j, "exclude_bought", "excludeBought",
           c.excludeBought); // absent in checkpoints before issue 17
    readIf(j, "negatives", c.negatives);
}

void to_json(nlohmann::json& j, const EpochRecord& e) {
    j = {{"epoch", e.epoch},          {"loss", e.loss},
         {"valid_hr10", e.validHr10}, {"valid_ndcg10", e.validNdcg10},
         {"seconds", e.seconds},      {"items_per_second", e.itemsPerSecond}};
}

void from_json(const nlohmann::json& j, EpochRecord& e) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "a history entry must be an object", &j);
    readIf(j, "epoch", e.epoch);
    readIf(j, "loss", e.loss);
    readIf(j, "valid_hr10", "validHr10", e.validHr10);
    readIf(j, "valid_ndcg10", "validNdcg10", e.validNdcg10);
    readIf(j, "seconds", e.seconds);
    readIf(j, "items_per_second", "itemsPerSecond", e.itemsPerSecond);
}

// The tuner's record (issue 17). Written only for tuned checkpoints; older readers ignore it.
void to_json(nlohmann::json& j, const TrialRecord& t) {
    j = {{"id", t.id},
         {"iteration", t.iteration},
         {"bracket", t.bracket},
         {"rung", t.rung},
         {"epochs", t.epochs},
         {"valid_ndcg10", t.validNdcg10},
         {"seconds", t.seconds},
         {"promoted", t.promoted},
         {"second_seed_valid_ndcg10", t.secondSeedValidNdcg10},
         {"model", t.model},
         {"learning_rate", t.learningRate},
         {"weight_decay", t.weightDecay}};
}

void from_json(const nlohmann::json& j, TrialRecord& t) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "a trial must be an object", &j);
    readIf(j, "id", t.id);
    readIf(j, "iteration", t.iteration);
    readIf(j, "bracket", t.bracket);
    readIf(j, "rung", t.rung);
    readIf(j, "epochs", t.epochs);
    readIf(j, "valid_ndcg10", "validNdcg10", t.validNdcg10);
    readIf(j, "seconds", t.seconds);
    readIf(j, "promoted", t.promoted);
    readIf(j, "second_seed_valid_ndcg10", t.secondSeedValidNdcg10);
    readIf(j, "model", t.model);
    readIf(j, "learning_rate", "learningRate", t.learningRate);
    readIf(j, "weight_decay", "weightDecay", t.weightDecay);
}

void to_json(nlohmann::json& j, const TuningRecord& r) {
    nlohmann::json trials = nlohmann::json::array();
    for (const TrialRecord& t : r.trials)
        trials.push_back(t);
    j = {{"tuned", r.tuned},
         {"budget_minutes", r.budgetMinutes},
         {"seconds", r.seconds},
         {"max_trial_epochs", r.maxTrialEpochs},
         {"eta", r.eta},
         {"seed", r.seed},
         {"budget_exhausted", r.budgetExhausted},
         {"iterations", r.iterations},
         {"chosen_trial", r.chosenTrial},
         {"held_out_transitions", r.heldOutTransitions},
         {"default_valid_ndcg10", r.defaultValidNdcg10},
         {"default_chosen", r.defaultChosen},
         {"trials", trials}};
}

void from_json(const nlohmann::json& j, TuningRecord& r) {
    if (!j.is_object())
        throw nlohmann::json::type_error::create(302, "'tuning' must be an object", &j);
    readIf(j, "tuned", r.tuned);
    readIf(j, "budget_minutes", "budgetMinutes", r.budgetMinutes);
    readIf(j, "seconds", r.seconds);
    readIf(j, "max_trial_epochs", "maxTrialEpochs", r.maxTrialEpochs);
    readIf(j, "eta", r.eta);
    readIf(j, "seed", r.seed);
    readIf(j, "budget_exhausted", "budgetExhausted", r.budgetExhausted);
    readIf(j, "iterations", r.iterations);
    readIf(j, "chosen_trial", "chosenTrial", r.chosenTrial);
    readIf(j, "held_out_transitions", r.heldOutTransitions);
    readIf(j, "default_valid_ndcg10", r.defaultValidNdcg10);
    readIf(j, "default_chosen", r.defaultChosen);
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
         {"dataset_name", info.datasetName},
         {"dataset_fingerprint", info.datasetFingerprint},
         {"dataset_source", info.datasetSource},
         {"item_count", info.itemCount},
         {"category_count", info.categoryCount},
         {"brand_count", info.brandCount},
         {"parameter_count", info.parameterCount},
         {"parameters_by_module", modules},
         {"metrics", info.metrics},
         {"train_seconds", info.trainSeconds},
         {"epochs_trained", info.epochsTrained},
         {"best_epoch", info.bestEpoch},
         {"history", history},
         {"created_at", info.createdAt},
         {"reclens_version", info.reclensVersion},
         {"task", info.task}};
    if (info.tuning.tuned)
        j["tuning"] = info.tuning;
    if (info.task == "search")
        j["search"] = {{"max_query_words", info.search.maxQueryWords},
                       {"max_item_words", info.search.maxItemWords},
                       {"min_word_count", info.search.minWordCount},
                       {"vocabulary", info.search.vocabulary}};
}

void from_json(const nlohmann::json& j, ModelInfo& info) {
    readIf(j, "config", info.config);
    readIf(j, "training", info.training);
    readIf(j, "dataset_name", "datasetName", info.datasetName);
    readIf(j, "dataset_fingerprint", "datasetFingerprint", info.datasetFingerprint);
    readIf(j, "dataset_source", "datasetSource", info.datasetSource);
    readIf(j, "item_count", "itemCount", info.itemCount);
    readIf(j, "category_count", "categoryCount", info.categoryCount);
    readIf(j, "brand_count", "brandCount", info.brandCount);
    readIf(j, "parameter_count", "parameterCount", info.parameterCount);
    info.parametersByModule.clear();
    if (auto it = findEither(j, "parameters_by_module", "parametersByModule");
        it != j.end() && it->is_array())
        for (const auto& m : *it)
            info.parametersByModule.emplace_back(
                m.at("module").get<std::string>(),
                checkedGet<std::int64_t>(m.at("parameters"), "parameters"));
    readIf(j, "metrics", info.metrics);
    readIf(j, "train_seconds", "trainSeconds", info.trainSeconds);
    readIf(j, "epochs_trained", "epochsTrained", info.epochsTrained);
    readIf(j, "best_epoch", "bestEpoch", info.bestEpoch);
    // Checkpoints written before the history was recorded have no key: no curves, not an error.
    info.history.clear();
    if (auto it = j.find("history"); it != j.end() && !it->is_null()) {
        if (!it->is_array())
            throw nlohmann::json::type_error::create(302, "'history' must be an array", &*it);
        for (const auto& e : *it)
            info.history.push_back(e.get<EpochRecord>());
    }
    readIf(j, "created_at", "createdAt", info.createdAt);
    readIf(j, "reclens_version", "reclensVersion", info.reclensVersion);
    info.tuning = {};
    readIf(j, "tuning", info.tuning); // absent unless the tuner trained the model
    readIf(j, "task", info.task);
    if (auto it = j.find("search"); it != j.end() && it->is_object()) {
        readIf(*it, "max_query_words", "maxQueryWords", info.search.maxQueryWords);
        readIf(*it, "max_item_words", "maxItemWords", info.search.maxItemWords);
        readIf(*it, "min_word_count", "minWordCount", info.search.minWordCount);
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
