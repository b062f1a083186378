// reclens-cli info: what an import produced (sizes, clean-up, history lengths, repeat
// purchases), without training anything, so data options and column mappings can be checked.

#include "cmd_modelshared.h"
#include "commands.h"
#include "data/datasetstats.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

namespace {

constexpr int kInfoSchemaVersion = 1;

nlohmann::json statsJson(const Dataset& ds, const DatasetStats& s) {
    const auto& c = ds.cleanup;
    return {{"schema_version", kInfoSchemaVersion},
            {"dataset", ds.name},
            {"source", ds.sourcePath},
            {"fingerprint", ds.fingerprint},
            {"users", s.users},
            {"items", s.items},
            {"interactions", s.interactions},
            {"categories", s.categories},
            {"brands", s.brands},
            {"items_with_title", s.itemsWithTitle},
            {"items_with_category", s.itemsWithCategory},
            {"interactions_with_category", s.interactionsWithCategory},
            {"items_never_bought", s.itemsNeverBought},
            {"users_with_test", s.usersWithTest},
            {"users_with_valid", s.usersWithValid},
            {"repeat_rate", s.repeatRate},
            {"history_length",
             {{"min", s.lengthMin},
              {"p25", s.lengthP25},
              {"median", s.lengthMedian},
              {"p75", s.lengthP75},
              {"p90", s.lengthP90},
              {"max", s.lengthMax},
              {"mean", s.lengthMean},
              {"long_threshold", s.longHistory},
              {"users_longer", s.usersLongerThan}}},
            {"cleanup",
             {{"rows_read", c.rowsRead},
              {"rows_kept", c.rowsKept},
              {"cancellations", c.cancellations},
              {"non_positive_quantity", c.nonPositiveQuantity},
              {"missing_user", c.missingUser},
              {"non_product_codes", c.nonProductCodes},
              {"other", c.other},
              {"history_truncated", c.historyTruncated},
              {"notes", c.notes}}}};
}

} // namespace

int runInfo(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = dataOptionSpecs();
    specs.push_back({"long", "N",
                     "count customers with more than N purchases (default 50, the default "
                     "model length)"});
    specs.push_back({"json", "", "print the summary as a JSON object on stdout"});
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "info",
                "Import a dataset with the given data options and print what the import "
                "produced: customers, products, purchases, clean-up counts and notes, history "
                "lengths, and the repeat-purchase rate (share of purchases that repeat an "
                "earlier purchase of the same customer). Nothing is trained.\n\nExit codes: 0 "
                "ok, 2 usage, 3 unreadable or malformed data.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const int longHistory = args.getInt("long", 50);
    if (longHistory < 1)
        throw UsageError{"--long must be at least 1"};
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("info", ExitBadInput, ds.error().message);
    const DatasetStats s = datasetStats(*ds, longHistory);
    if (args.has("json")) {
        std::cout << jsonText(statsJson(*ds, s), 2) << "\n";
        return ExitOk;
    }
    std::printf("%s (%s)\n", ds->name.c_str(), ds->sourcePath.c_str());
    std::printf("  customers %lld, products %lld (%lld never bought, %lld with a title), "
                "purchases %lld\n",
                static_cast<long long>(s.users), static_cast<long long>(s.items),
                static_cast<long long>(s.itemsNeverBought),
                static_cast<long long>(s.itemsWithTitle), static_cast<long long>(s.interactions));
    std::printf("  catalog: %lld products with a category, %lld purchases of one (%.1f %%)\n",
                static_cast<long long>(s.itemsWithCategory),
                static_cast<long long>(s.interactionsWithCategory),
                s.interactions > 0 ? 100.0 * static_cast<double>(s.interactionsWithCategory) /
                                         static_cast<double>(s.interactions)
                                   : 0.0);
    std::printf("  categories %lld, brands %lld; customers with a test target %lld, with a "
                "validation target %lld\n",
                static_cast<long long>(s.categories), static_cast<long long>(s.brands),
                static_cast<long long>(s.usersWithTest), static_cast<long long>(s.usersWithValid));
    std::printf("  purchases per customer: min %lld, p25 %lld, median %lld, p75 %lld, p90 %lld, "
                "max %lld, mean %.1f; %lld customers with more than %d\n",
                static_cast<long long>(s.lengthMin), static_cast<long long>(s.lengthP25),
                static_cast<long long>(s.lengthMedian), static_cast<long long>(s.lengthP75),
                static_cast<long long>(s.lengthP90), static_cast<long long>(s.lengthMax),
                s.lengthMean, static_cast<long long>(s.usersLongerThan), longHistory);
    std::printf("  repeat purchases: %.2f %% of purchases repeat an earlier purchase of the same "
                "customer\n",
                100.0 * s.repeatRate);
    const auto& c = ds->cleanup;
    std::printf("  clean-up: %lld rows read, %lld kept", static_cast<long long>(c.rowsRead),
                static_cast<long long>(c.rowsKept));
    const std::pair<const char*, std::int64_t> dropped[] = {
        {"cancellations", c.cancellations},
        {"non-positive quantities", c.nonPositiveQuantity},
        {"rows without customer", c.missingUser},
        {"non-product codes", c.nonProductCodes},
        {"other", c.other},
        {"oldest purchases beyond the limit", c.historyTruncated}};
    for (const auto& [what, n] : dropped)
        if (n > 0)
            std::printf(", %lld %s", static_cast<long long>(n), what);
    std::printf("\n");
    for (const auto& note : c.notes)
        std::printf("  note: %s\n", note.c_str());
    return ExitOk;
}

} // namespace reclens::cli
