#pragma once
// The one --exclude-bought option of every ranking command (recommend, eval, explain,
// explain-item, report): parsed once here, resolved against the data's repeat-purchase rate,
// reported in JSON the same way everywhere.

#include "cliargs.h"
#include "data/dataset.h"
#include "explain/candidatefilter.h"

#include <nlohmann/json.hpp>

namespace reclens::cli {

OptionSpec excludeBoughtSpec();

struct ExcludeBoughtChoice {
    ExcludeBought setting = ExcludeBought::Auto;
    double repeatRate = 0.0;
    bool excluded = false; // what the setting resolved to for this dataset
};

/// Reads --exclude-bought (auto|on|off, default auto; a usage error otherwise). The older
/// --exclude-seen flag, where a command had it, means on.
ExcludeBoughtChoice excludeBoughtFromArgs(const Args& args, const Dataset& ds);

/// {"exclude_bought": bool, "exclude_bought_setting": "auto", "repeat_rate": r,
///  "rank_among": "not_yet_bought" | "all_items"}, merged into a command's JSON.
void addExcludeBoughtJson(nlohmann::json& j, const ExcludeBoughtChoice& choice);

} // namespace reclens::cli
