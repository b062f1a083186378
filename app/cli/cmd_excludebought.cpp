#include "cmd_excludebought.h"

#include "data/datasetstats.h"

namespace reclens::cli {

OptionSpec excludeBoughtSpec() {
    return {"exclude-bought", "auto|on|off",
            "leave out products the customer already bought (ranks are then among the rest); "
            "auto = on when under 2 % of purchases repeat one (default auto)"};
}

ExcludeBoughtChoice excludeBoughtFromArgs(const Args& args, const Dataset& ds) {
    ExcludeBoughtChoice c;
    const std::string text = args.get("exclude-bought", "auto");
    if (!parseExcludeBought(text, c.setting))
        throw UsageError{"--exclude-bought expects auto, on or off, got '" + text + "'"};
    if (args.has("exclude-seen")) {
        if (args.has("exclude-bought") && c.setting != ExcludeBought::On)
            throw UsageError{"--exclude-seen and --exclude-bought " + text + " disagree"};
        c.setting = ExcludeBought::On;
    }
    c.repeatRate = datasetStats(ds).repeatRate;
    c.excluded = resolveExcludeBought(c.setting, c.repeatRate);
    return c;
}

void addExcludeBoughtJson(nlohmann::json& j, const ExcludeBoughtChoice& c) {
    j["exclude_bought"] = c.excluded;
    j["exclude_bought_setting"] = excludeBoughtName(c.setting);
    j["repeat_rate"] = c.repeatRate;
    j["rank_among"] = rankAmongName(c.excluded);
}

} // namespace reclens::cli
