#pragma once
// CSV per RFC 4180: CRLF line ends, a field is quoted when it holds a comma, a double quote, CR
// or LF (quotes doubled inside), UTF-8 without BOM. Values are written as they are; nothing is
// rewritten (no spreadsheet-formula guard), so a parser gets back exactly the engine's strings.

#include "report/reportdocument.h"

#include <string>
#include <string_view>
#include <vector>

namespace reclens::report {

std::string csvField(std::string_view value);
std::string csvRow(const std::vector<std::string>& fields);
/// Header row then one row per table row.
std::string tableToCsv(const Table& table);

/// Parses RFC 4180 text back into rows (for tests and round trips). Returns false on a
/// malformed file (unterminated quote, stray quote inside an unquoted field).
bool parseCsv(std::string_view text, std::vector<std::vector<std::string>>& rows);

} // namespace reclens::report
