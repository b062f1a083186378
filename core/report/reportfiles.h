#pragma once
// Writing finished reports to disk: one file per format (CSV: one file per table), each
// written atomically (temporary file + rename), so an interrupted batch leaves complete files
// or none. A report counts as done when all of its files exist, which is what makes batches
// resumable.

#include "common/expected.h"
#include "report/customerreport.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace reclens::report {

struct ReportFormats {
    bool html = true;
    bool pdf = false;
    bool json = false;
    bool csv = false;
};

/// "html,pdf,json,csv" (any subset, at least one). Unknown names give InvalidArgument.
Expected<ReportFormats> parseReportFormats(const std::string& list);

enum class ReportKind { Customer, Product };

/// The CSV tables every report of a kind carries (in order), e.g. "topk" → <base>.topk.csv.
const std::vector<std::string>& csvTableNames(ReportKind kind);
/// "customer-" / "product-" + safeFileComponent(id).
std::string reportBaseName(ReportKind kind, const std::string& id);

/// Every file a report writes for `formats`, as full paths under `dir`.
std::vector<std::string> reportFiles(const std::string& dir, ReportKind kind,
                                     const std::string& baseName, const ReportFormats& formats);
/// True when every one of reportFiles() exists (each was written atomically, so it is whole).
bool reportComplete(const std::string& dir, ReportKind kind, const std::string& baseName,
                    const ReportFormats& formats);

/// Renders a document to PDF bytes; supplied by the caller because core has no Qt
/// (see render/pdfrenderer.h).
using PdfRenderFn = std::function<Expected<std::string>(const ReportDocument&)>;

/// Writes the requested formats. PDF requires `pdf` (else InvalidArgument). Stops at the first
/// failure and returns it; files already written stay (they are complete).
Status writeReport(const std::string& dir, const ReportOutput& report, const ReportFormats& formats,
                   const PdfRenderFn& pdf = {});

/// Removes temporary files ("<target>.tmp-*") that a killed run left next to any of `targets`.
/// Returns how many were removed.
int removeStaleTemporaries(const std::string& dir, const std::set<std::string>& targets);

} // namespace reclens::report
