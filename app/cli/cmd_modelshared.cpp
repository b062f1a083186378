#include "cmd_modelshared.h"

#include "data/importers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>

namespace reclens::cli {

std::vector<OptionSpec> dataOptionSpecs() {
    return {
        {"data", "PATH", "dataset: a file or directory (required)"},
        {"format", "FMT",
         "auto|uci-retail|unisrec|recbole|movielens|csv (default auto: from the path)"},
        {"catalog", "FILE",
         "catalog CSV for the csv format (default columns item,title,category,brand,price; "
         "other names with the --catalog-*-column options)"},
        {"catalog-item-column", "NAME", "catalog: column holding the item id (default item)"},
        {"catalog-title-column", "NAME",
         "catalog: column holding the title (default title; without one a title is composed "
         "from the most specific category level and the brand)"},
        {"catalog-category-columns", "A,B,C",
         "catalog: category columns, most general first, joined into the path 'A > B > C' "
         "(default category)"},
        {"catalog-brand-column", "NAME", "catalog: column holding the brand (default brand)"},
        {"catalog-price-column", "NAME", "catalog: column holding the price (default price)"},
        {"user-column", "NAME", "csv format: column holding the user id (default user)"},
        {"item-column", "NAME", "csv format: column holding the item id (default item)"},
        {"time-column", "NAME", "csv format: column holding the timestamp (default timestamp)"},
        {"k-core", "K",
         "keep only users and items with at least K interactions (default 0 = off; 1 = only "
         "leave out catalog products nobody bought; a model trained with --k-core must be "
         "opened with the same K)"},
    };
}

Expected<Dataset> loadDataFromArgs(const Args& args) {
    ImportOptions options;
    if (args.has("format")) {
        auto f = parseFormatName(args.get("format"));
        if (!f)
            throw UsageError{f.error().message};
        options.format = *f;
    }
    options.catalogPath = args.get("catalog");
    options.userColumn = args.get("user-column", options.userColumn);
    options.itemColumn = args.get("item-column", options.itemColumn);
    options.timeColumn = args.get("time-column", options.timeColumn);
    CatalogColumns& cat = options.catalogColumns;
    cat.item = args.get("catalog-item-column", cat.item);
    cat.title = args.get("catalog-title-column", cat.title);
    if (args.has("catalog-category-columns")) {
        cat.category.clear();
        std::stringstream list(args.get("catalog-category-columns"));
        for (std::string name; std::getline(list, name, ',');)
            if (!name.empty())
                cat.category.push_back(name);
        if (cat.category.empty())
            throw UsageError{"--catalog-category-columns expects column names separated by commas"};
    }
    cat.brand = args.get("catalog-brand-column", cat.brand);
    cat.price = args.get("catalog-price-column", cat.price);
    options.kCore = args.getInt("k-core", 0);
    // The command's --threads (where it has one) also caps the import's parsing threads.
    options.threads = std::max(0, args.getInt("threads", 0));
    if (options.kCore < 0)
        throw UsageError{"--k-core expects a non-negative integer"};
    const bool renamed =
        args.has("user-column") || args.has("item-column") || args.has("time-column");
    if (renamed && options.format != DataFormat::Csv && options.format != DataFormat::Auto)
        throw UsageError{"--user-column, --item-column and --time-column apply to --format csv"};
    bool catalogMapped = false;
    for (const char* o : {"catalog-item-column", "catalog-title-column", "catalog-category-columns",
                          "catalog-brand-column", "catalog-price-column"})
        catalogMapped = catalogMapped || args.has(o);
    if (catalogMapped && options.format != DataFormat::Csv && options.format != DataFormat::Auto)
        throw UsageError{"the --catalog-*-column options apply to --format csv"};
    return loadDataset(args.require("data"), options);
}

const char* const kModelOptionHelp =
    "RecLens checkpoint (reclens-cli train) or TorchScript file (docs/MODEL_INTERFACE.md)";

OptionSpec itemMapOptionSpec() {
    return {"item-map", "FILE",
            "item map CSV 'index,item' of a TorchScript --model (model index -> dataset item)"};
}

Expected<OpenedModel> openModelFromArgs(const Args& args, const Dataset& ds,
                                        const std::string& command) {
    auto m = openModel(args.require("model"), args.get("item-map"), ds);
    if (m && m->mapping &&
        (m->mapping->datasetItemsUnknownToModel > 0 || m->mapping->modelItemsUnknownToDataset > 0))
        std::cerr << "reclens-cli " << command << ": note: " << m->mapping->summary() << "\n";
    return m;
}

std::string modelLoadMessage(const Error& error) {
    // Only a dataset mismatch is about the data options (not a search/recommender task mix-up).
    if (error.code != ErrorCode::Mismatch ||
        error.message.find("trained on dataset") == std::string::npos)
        return error.message;
    return error.message + " (open the data with the same --format, --catalog, column and "
                           "--k-core options that were used to train the model)";
}

std::string jsonText(const nlohmann::json& j, int indent) {
    if (j.is_object() && !j.contains("schema_version")) {
        // Every command's --json object says which version of its schema (docs/cli-json.md)
        // it follows, so scripts can tell a changed layout from a bug.
        nlohmann::json stamped = {{"schema_version", kCliJsonSchemaVersion}};
        stamped.update(j);
        return stamped.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

int reportFailure(const std::string& command, int code, const std::string& message) {
    std::cerr << "reclens-cli " << command << ": " << message << "\n";
    return code;
}

} // namespace reclens::cli
