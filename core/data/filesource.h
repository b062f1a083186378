#pragma once
// Where the importers get their bytes. A real load reads the disk; the fuzz targets and their
// regression test (tests/fuzz/) serve the files from memory, so they run exactly the parsing code
// of a real load without writing inputs to disk. Internal to core/data.

#include "common/expected.h"
#include "data/dataset.h"
#include "data/datasetbuilder.h"
#include "data/importers.h"

#include <functional>
#include <string>

namespace reclens::data {

struct FileSource {
    /// The whole file (see readWholeFile); an Error when it is missing or unreadable.
    std::function<Expected<std::string>(const std::string& path)> read;
    /// Whether an optional file (UniSRec .valid.inter / .text) is there.
    std::function<bool(const std::string& path)> exists;
};

/// readWholeFile() and std::filesystem::exists().
const FileSource& diskFiles();

// The loaders of importers.h, reading through `files`. Paths are already resolved: no
// directory lookups happen here.
Expected<Dataset> loadUciRetailFrom(const FileSource& files, const std::string& path,
                                    bool dropNonProductCodes, const DataLimits& limits = {});
Expected<Dataset> loadMovieLensFrom(const FileSource& files, const std::string& dir,
                                    const DataLimits& limits = {});
/// `catalogPath` may be empty (no catalog); `sourcePath` becomes Dataset::sourcePath.
Expected<Dataset> loadGenericCsvFrom(const FileSource& files, const std::string& sourcePath,
                                     const std::string& interactionsPath,
                                     const std::string& catalogPath, const ImportOptions& options);
/// Reads DIR/PREFIX.item2index, .user2index, .test.inter and, when present, .valid.inter and
/// .text.
Expected<Dataset> loadUniSrecFrom(const FileSource& files, const std::string& dir,
                                  const std::string& prefix, const std::string& sourcePath,
                                  const DataLimits& limits = {});
/// RecBole atomic files: `interPath` (.inter) and, unless empty, `itemPath` (.item).
Expected<Dataset> loadRecBoleFrom(const FileSource& files, const std::string& interPath,
                                  const std::string& itemPath, const std::string& sourcePath,
                                  const DataLimits& limits = {});

} // namespace reclens::data
