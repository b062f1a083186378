#pragma once
// A dataset and a checkpoint opened on it, for the benches that take MODEL DATA arguments;
// a failure prints the message naming the file and leaves the result empty.

#include "data/importers.h"
#include "model/modelfile.h"

#include <cstdio>
#include <optional>
#include <string>

namespace reclens::bench {

struct ModelOnData {
    Dataset data;
    OpenedModel opened;
};

inline std::optional<ModelOnData> openModelOnData(const std::string& modelPath,
                                                  const std::string& dataPath) {
    auto ds = loadDataset(dataPath);
    if (!ds) {
        std::fprintf(stderr, "%s\n", ds.error().message.c_str());
        return std::nullopt;
    }
    auto opened = openModel(modelPath, "", *ds);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return std::nullopt;
    }
    return ModelOnData{std::move(ds).value(), std::move(opened).value()};
}

} // namespace reclens::bench
