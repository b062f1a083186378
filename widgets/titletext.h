#pragma once
// Long product titles on real catalogs ("6061 Aluminum Round Rod, 1/2 in Diameter, 12 in
// Length, Unpolished (Mill) Finish, Extruded, ASTM B221 …"): similar titles differ at both
// ends, so they are shortened in the middle, at word boundaries, with the whole title kept
// for tooltips. Used where a label, not a table column, shows a title.

#include "data/dataset.h"

#include <QString>

#include <functional>
#include <vector>

namespace reclens {

/// `title` cut in the middle to at most about `maxChars` characters ("first words … last
/// words"); unchanged when it is short enough.
QString elideTitleMiddle(const QString& title, int maxChars = 60);

/// The longest middle-elided form of `title` (elideTitleMiddle, at least 12 characters kept)
/// for which `fits` holds, or `title` itself when it fits whole; the shortest form when none
/// fits. For a label whose width, not a character count, limits the title.
QString elideTitleToFit(const QString& title, const std::function<bool(const QString&)>& fits);

/// `text` with every occurrence of the titles of `items` longer than `maxChars` replaced by
/// their middle-elided form (a sentence that names three products stays a sentence).
QString shortenTitlesIn(QString text, const Dataset& ds, const std::vector<ItemIndex>& items,
                        int maxChars = 60);

} // namespace reclens
