#pragma once
// The ONE place the merchant view (MerchantExplanation) becomes JSON (schema:
// docs/explanation-schema.json, "explain_item"). Items are written as their source ids with
// titles, customers as their source ids; nothing here throws for valid structs.

#include "explain/merchantexplanation.h"

#include <nlohmann/json.hpp>

namespace reclens {

/// What `reclens-cli explain-item --json` prints.
nlohmann::json merchantToJson(const MerchantExplanation& m, const Dataset& ds);

} // namespace reclens
