#include "cmd_modelshared.h"

#include "data/importers.h"

#include <iostream>

namespace reclens::cli {

std::vector<OptionSpec> dataOptionSpecs() {
    return {
        {"data", "PATH", "dataset: a file or directory (required)"},
        {"format", "FMT", "auto|uci-retail|unisrec|movielens|csv (default auto: from the path)"},
        {"catalog", "FILE", "catalog CSV (item,title,category,brand,price) for the csv format"},
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
    return loadDataset(args.require("data"), options);
}

int reportFailure(const std::string& command, int code, const std::string& message) {
    std::cerr << "reclens-cli " << command << ": " << message << "\n";
    return code;
}

} // namespace reclens::cli
