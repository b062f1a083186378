#pragma once
// How every explanation JSON writer names a catalog item (internal to core/explain): by its
// source id, so the output is readable without the dataset. Shared by explanationjson.cpp and
// merchantjson.cpp so both write items the same way.

#include "data/dataset.h"

#include <nlohmann/json.hpp>

namespace reclens::explainjson {

/// The item's source id (Dataset::items[i].id); null for an index outside the catalog.
nlohmann::json itemId(const Dataset& ds, ItemIndex i);
/// {"item": source id, "title": title} ("" title and null id outside the catalog).
nlohmann::json itemRef(const Dataset& ds, ItemIndex i);

} // namespace reclens::explainjson
