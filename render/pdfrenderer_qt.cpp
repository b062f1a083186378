// The Qt implementation of pdfrenderer.h (library reclens_pdf).
#include "pdfrenderer.h"
#include "reportpainter.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <cstdlib>

namespace reclens::render {

namespace {

/// reclens-cli has no QGuiApplication; fonts and painting need one. The offscreen platform
/// needs no display, so the same code runs on a headless server. Intentionally never
/// destroyed: it must outlive every painter, and process exit cleans up.
void ensureGuiApplication() {
    if (QCoreApplication::instance())
        return;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "reclens";
    static char* argv[] = {name, nullptr};
    new QGuiApplication(argc, argv);
}

} // namespace

bool pdfAvailable() {
    return true;
}

Expected<PdfResult> renderPdf(const report::ReportDocument& doc, const PdfOptions& options) {
    ensureGuiApplication();
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError(ErrorCode::Internal, "", 0, 0,
                         "PDF rendering needs a QGuiApplication, but this program created a "
                         "plain QCoreApplication");
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    int pages = 0;
    {
        QPdfWriter writer(&buffer);
        // 72 dpi: one device unit is one point, the unit the layout and the charts use. The
        // output stays vector; the resolution only sets the coordinate unit.
        writer.setResolution(72);
        writer.setPageSize(
            QPageSize(QSizeF(options.pageWidthMm, options.pageHeightMm), QPageSize::Millimeter));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setCreator(QString::fromStdString(options.creator));
        writer.setTitle(QString::fromUtf8(doc.title.c_str()));
        const double mmToPt = 72.0 / 25.4;
        const QSizeF page(options.pageWidthMm * mmToPt, options.pageHeightMm * mmToPt);
        ReportPainter layout(doc, page, options.marginMm * mmToPt, &writer);
        QPainter painter;
        if (!painter.begin(&writer))
            return makeError(ErrorCode::Internal, "", 0, 0, "Qt could not start a PDF painter");
        pages = layout.pageCount();
        for (int i = 0; i < pages; ++i) {
            if (i > 0)
                writer.newPage();
            layout.paintPage(painter, i);
        }
        painter.end();
    }
    buffer.close();
    if (bytes.isEmpty())
        return makeError(ErrorCode::Internal, "", 0, 0, "Qt produced an empty PDF");
    return PdfResult{std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())), pages};
}

} // namespace reclens::render
