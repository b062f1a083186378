#pragma once
// How RecLens writes integers for people, in one place: reports (HTML, PDF), the merchant
// sentence and the workbench's widgets all group thousands the same way ("8,442 customers").
// Machine-read text (CSV, JSON, ids, seeds, timestamps) keeps plain digits.

#include <string>

namespace reclens {

/// `v` with its thousands grouped by a comma: "0", "999", "1,500", "-12,345",
/// "-9,223,372,036,854,775,808". Locale-independent, so a report reads the same everywhere.
std::string groupedInt(long long v);

} // namespace reclens
