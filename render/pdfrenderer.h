#pragma once
// PDF output of a report, with the same layout as the HTML (same blocks, same chart
// geometry). This header is Qt-free so reclens-cli can include it without Qt; CMake picks the
// implementation:
//   RECLENS_BUILD_GUI=ON  → pdfrenderer_qt.cpp (library reclens_pdf: QPdfWriter + QPainter,
//                           charts as vector paths, works without a display)
//   RECLENS_BUILD_GUI=OFF → pdfrenderer_unavailable.cpp (every call returns an Error saying PDF
//                           output needs the Qt build)

#include "common/expected.h"
#include "report/reportdocument.h"

#include <string>

namespace reclens::render {

struct PdfOptions {
    double pageWidthMm = 210.0; // A4 portrait
    double pageHeightMm = 297.0;
    double marginMm = 15.0;
    std::string creator = "RecLens " RECLENS_VERSION;
};

struct PdfResult {
    std::string bytes; // the complete PDF file
    int pages = 0;
};

/// False in builds without Qt (the call below then always fails).
bool pdfAvailable();

/// Lays out and paints `doc`. When no QGuiApplication exists yet, one is created on the
/// "offscreen" platform (no display needed); call from the thread that owns it (the main thread
/// in reclens-cli). Errors: InvalidArgument without Qt, Internal if Qt cannot paint.
Expected<PdfResult> renderPdf(const report::ReportDocument& doc, const PdfOptions& options = {});

} // namespace reclens::render
