// Parsing of the merchant-view options shared by explain-item and report (cmd_merchantoptions.h).

#include "cmd_merchantoptions.h"

#include "cmd_explainshared.h"
#include "explain/explainconfigcheck.h"

#include <algorithm>
#include <utility>

namespace reclens::cli {

std::vector<OptionSpec> merchantOptionSpecs() {
    return {
        {"seed", "S", "sampling seed (default 42)"},
        {"segment-min-length", "N", "only customers with at least N purchases in their history"},
        {"segment-max-length", "N", "only customers with at most N purchases (0 = no limit)"},
        {"segment-category", "NAME",
         "only customers who bought an item of this category (the data has no country)"},
        {"compare", "ITEM", "also rank ITEM for the same customers: who ranks which higher"},
        {"what-if-add", "ITEM",
         "append ITEM to the customers' histories (at most 2,000, seeded) and re-rank with fresh "
         "forward passes"},
    };
}

void merchantOptionsFromArgs(const Args& args, MerchantConfig& cfg) {
    cfg.seed = static_cast<std::uint64_t>(args.getInt("seed", 42));
    cfg.segment.minHistoryLength = args.getInt("segment-min-length", 0);
    cfg.segment.maxHistoryLength = args.getInt("segment-max-length", 0);
    cfg.segment.category = args.get("segment-category", "");
    // The ranges the workbench's merchant view accepts (core/explain/explainconfigcheck.h).
    if (const std::string why = checkMerchantConfig(cfg); !why.empty())
        throw UsageError{why};
}

int resolveMerchantOptions(const Args& args, const Dataset& ds, const std::string& command,
                           MerchantConfig& cfg) {
    if (!cfg.segment.category.empty() && std::find(ds.categories.begin(), ds.categories.end(),
                                                   cfg.segment.category) == ds.categories.end())
        return fail(command, ExitBadInput,
                    "unknown category '" + cfg.segment.category + "' (not in " + ds.sourcePath +
                        (ds.categories.empty() ? ", which has no categories)" : ")"));
    for (const auto& [flag, target] :
         {std::pair{"compare", &cfg.compareWith}, std::pair{"what-if-add", &cfg.whatIfAdd}}) {
        if (!args.has(flag))
            continue;
        const std::string id = args.get(flag, "");
        *target = ds.findItem(id);
        if (*target < 0)
            return fail(command, ExitBadInput,
                        "unknown item '" + id + "' for --" + flag + " (not in " + ds.sourcePath +
                            ")");
    }
    return ExitOk;
}

nlohmann::json merchantOptionsFingerprint(const Args& args) {
    nlohmann::json j = nlohmann::json::object();
    for (const OptionSpec& s : merchantOptionSpecs())
        j[s.name] = args.get(s.name, "");
    return j;
}

} // namespace reclens::cli
