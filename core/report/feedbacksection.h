#pragma once
// Analysts' verdicts on the explanations in a customer report (issue 15: feedback is kept in the
// project and exported in reports): a section in HTML and PDF, a CSV table and the JSON rows.

#include "data/dataset.h"
#include "project/project.h"
#include "report/reportdocument.h"

#include <string>
#include <vector>

namespace reclens::report {

/// The rows of `feedback` about `customer` and one of `targets` (item ids), stored order.
std::vector<Feedback> feedbackAbout(const std::vector<Feedback>& feedback,
                                    const std::string& customer,
                                    const std::vector<std::string>& targets);

/// The verdicts as a table: product, method (as people read it), verdict, comment, date (UTC).
/// `forCsv` keeps the engine's method ids and unix seconds, as the other CSV tables do.
Table feedbackTable(const Dataset& ds, const std::vector<Feedback>& rows, bool forCsv);

/// Heading, a sentence counting the verdicts by kind, and the table; nothing when `rows` is empty.
void appendFeedbackSection(ReportDocument& doc, const Dataset& ds,
                           const std::vector<Feedback>& rows);

} // namespace reclens::report
