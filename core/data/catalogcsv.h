#pragma once
// The catalog CSV of the generic format: one row per item with its title, category path, brand
// and price, in whatever columns the shop's export has (ImportOptions::catalogColumns maps
// them). Internal to core/data.

#include "common/expected.h"
#include "data/datasetbuilder.h"
#include "data/importers.h"
#include "data/limits.h"

#include <string>
#include <vector>

namespace reclens::data {

struct FileSource;

/// Reads the catalog at `path` into `builder`, adding items in file order (extra columns are
/// ignored). Returns the import notes it leaves (the mapping used, composed titles). Errors name
/// file:line:column: a mapped column missing from the header, a column named twice, a row with
/// another field count, an empty or duplicate item id, a bad price; more than `limits.maxItems`
/// items is a Limit error.
Expected<std::vector<std::string>> readCatalogCsv(const FileSource& files, const std::string& path,
                                                  const CatalogColumns& columns,
                                                  DatasetBuilder& builder,
                                                  const DataLimits& limits = {});

} // namespace reclens::data
