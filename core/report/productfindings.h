#pragma once
// The merchant findings of a product report beyond exposure and drivers: the plain-language
// sentence, the 95 % intervals of a sampled view, the customers with the product in their
// top-K, the comparison with a second product and the merchant what-if (all computed by
// explainItem; nothing here re-computes a figure). Kept apart so productreport.cpp stays the
// layout of the report.

#include "data/dataset.h"
#include "explain/merchantexplanation.h"
#include "report/reportdocument.h"

#include <string>
#include <utility>
#include <vector>

namespace reclens::report {

/// How many customers of the top-K list the HTML/PDF report shows (the CSV and JSON have all).
constexpr std::size_t kReportCustomersShown = 20;

/// "seeded sample of 300 of 4,338 customers, seed 42" when sampled, else "all N customers";
/// with the segment when one is active.
std::string customersScoredText(const MerchantExplanation& m);

/// The exposure figures people read, each with its 95 % interval when sampled:
/// {label, "12.34% (95 % CI 10.10% to 14.60%)"}.
std::vector<std::pair<std::string, std::string>> exposureFigures(const MerchantExplanation& m);

/// Sections after the drivers: top-K customers (first kReportCustomersShown and the count), the
/// comparison and the what-if when computed.
void addMerchantFindings(ReportDocument& doc, const Dataset& ds, const MerchantExplanation& m);

/// CSV tables, always all four (a part not computed has its header only): "customers" (every
/// listed customer), "confidence" (figure, value, ci_low, ci_high, level; rows when sampled),
/// "comparison" and "what_if" (one row each when computed).
std::vector<Table> merchantFindingsCsv(const Dataset& ds, const MerchantExplanation& m);

} // namespace reclens::report
