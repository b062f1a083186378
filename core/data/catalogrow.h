#pragma once
// How one catalog row becomes an item's category path and title. The catalog importer
// (data/catalogcsv.cpp) and the import dialog's preview both call these, so the preview shows
// exactly what the import will read.

#include <string>
#include <vector>

namespace reclens {

/// The category path of a row's category levels, most general first, empty levels left out:
/// {"GROCERY", "", "HAM"} -> "GROCERY > HAM".
std::string catalogCategoryPath(const std::vector<std::string>& levels);

/// The title given to an item whose catalog has no title column: its most specific non-empty
/// category level and its brand, "HAM, National" ("" when both are empty).
std::string composedTitle(const std::vector<std::string>& categoryLevels, const std::string& brand);

} // namespace reclens
