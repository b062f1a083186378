#pragma once
// The one place where ModelConfig, TrainConfig and ModelInfo map to and from JSON (checkpoint
// headers, CLI --json output, reports). Unknown keys are ignored and missing keys keep their
// defaults, so older checkpoints stay readable.

#include "common/expected.h"
#include "model/modelconfig.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace reclens {

void to_json(nlohmann::json& j, const ModelConfig& c);
void from_json(const nlohmann::json& j, ModelConfig& c);
void to_json(nlohmann::json& j, const TrainConfig& c);
void from_json(const nlohmann::json& j, TrainConfig& c);
void to_json(nlohmann::json& j, const TrialRecord& t);
void from_json(const nlohmann::json& j, TrialRecord& t);
void to_json(nlohmann::json& j, const TuningRecord& r);
void from_json(const nlohmann::json& j, TuningRecord& r);
void to_json(nlohmann::json& j, const ModelInfo& info);
void from_json(const nlohmann::json& j, ModelInfo& info);

/// Parses a ModelInfo document (a checkpoint header). A Schema error naming `path` when the text
/// is not JSON or a value has the wrong type or is out of range; never throws.
Expected<ModelInfo> parseModelInfo(std::string_view json, const std::string& path);

const char* lossName(LossKind loss); // "ce", "bce" or "sampled-ce"
bool parseLossName(const std::string& name, LossKind& out);

} // namespace reclens
