#pragma once
// Number and label formatting shared by the report builders. Display text rounds; CSV text
// round-trips exactly (a float printed with %.9g parses back to the same float).

#include "common/numberformat.h"
#include "data/dataset.h"

#include <cstdint>
#include <string>

namespace reclens::report {

/// Integers people read (counts, ranks, sizes) group thousands with a comma: "1,500",
/// "-12,345" (common/numberformat.h, the one rule shared with the merchant sentence and the
/// widgets). Every HTML and PDF text and table uses it; CSV tables and JSON keep plain digits
/// so that they parse as numbers. Seeds, ids and timestamps are names rather than amounts and
/// stay plain too.
using reclens::groupedInt;
/// A table cell holding an integer: plain digits in a CSV table (`exact`), grouped for people.
std::string intCell(long long v, bool exact);
/// 4 significant digits for tables people read ("0.1235", "-3.2e-05"); from 1,000 on the
/// integer part in full, grouped like groupedInt ("3,457" for a mean rank, never "3457" or
/// "1.235e+04").
std::string displayNumber(double v);
/// Exact text for CSV/JSON consumers: %.9g for float, %.17g for double.
std::string exactFloat(float v);
std::string exactDouble(double v);
/// "12.3%" from a share in [0, 1].
std::string percent(double share, int digits = 1);
/// "2011-12-09" from unix seconds; "" for 0/unknown.
std::string isoDate(std::int64_t unixSeconds);
/// The item's title, or its id when the source has no title.
std::string itemLabel(const Dataset& ds, ItemIndex item);
/// A file-name-safe form of an id: [A-Za-z0-9._-] kept, anything else replaced by '_', plus an
/// 8-hex-digit hash suffix whenever something was replaced, so distinct ids never collide.
std::string safeFileComponent(const std::string& id);

} // namespace reclens::report
