// Compiled into reclens-cli when RECLENS_BUILD_GUI=OFF: same API as pdfrenderer_qt.cpp, no Qt.
#include "pdfrenderer.h"

namespace reclens::render {

bool pdfAvailable() {
    return false;
}

Expected<PdfResult> renderPdf(const report::ReportDocument&, const PdfOptions&) {
    return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                     "PDF output needs the Qt build (this reclens-cli was configured with "
                     "RECLENS_BUILD_GUI=OFF); use --out-format html,json,csv or rebuild with Qt");
}

} // namespace reclens::render
