#pragma once
// Analysts' verdicts on the explanations and their notes about the customer in a customer report
// (issue 15: feedback and notes are kept in the project and exported in reports): a section in
// HTML and PDF, CSV tables and the JSON rows.

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

/// The notes about `customer` (about the customer as a whole, or any target), stored order.
std::vector<Note> notesAbout(const std::vector<Note>& notes, const std::string& customer);

/// The notes as a table: product ("" = the customer as a whole), note, date (UTC); `forCsv`
/// keeps ids and unix seconds.
Table notesTable(const Dataset& ds, const std::vector<Note>& notes, bool forCsv);

/// "Analyst feedback and notes": the project note (Project::note), a sentence counting the
/// verdicts by kind and their table, then the notes; nothing when all three are empty.
void appendFeedbackSection(ReportDocument& doc, const Dataset& ds,
                           const std::vector<Feedback>& rows, const std::vector<Note>& notes = {},
                           const std::string& projectNote = {});

} // namespace reclens::report
