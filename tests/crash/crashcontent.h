#pragma once
// The two versions ("A" and "B") the crash-safety writer alternates between. The writer and
// the test build them with the same code, so the test knows every byte a complete file holds.

#include "project/project.h"
#include "report/customerreport.h"
#include "report/reportfiles.h"

#include <cstddef>
#include <string>

namespace reclens::test {

/// `bytes` bytes of deterministic pseudo-random text; version `tag` differs in every line.
std::string fileVersion(char tag, size_t bytes);

/// A customer report with every text format (HTML, JSON, CSV tables) large enough that writing
/// it takes a while; the two versions differ in every file.
report::ReportOutput reportVersion(char tag);

/// HTML + JSON + CSV: every format the core writes without Qt.
report::ReportFormats reportFormatsForCrashTest();

/// An analysis project with enough feedback rows (several MB of SQLite pages) that saving it
/// takes a while; the two versions differ in every table.
Project projectVersion(char tag);

} // namespace reclens::test
