#pragma once
// Paginates a ReportDocument and paints its pages with QPainter. Used by the PDF renderer and
// by the export dialog's preview, so what the preview shows is what the PDF contains.
// Coordinates are points (1/72 inch): paint onto a device whose logical DPI is 72 (the PDF
// writer is set up that way; the preview scales the painter).

#include "report/reportdocument.h"

#include <QFont>
#include <QSizeF>
#include <functional>
#include <vector>

class QPainter;
class QPaintDevice;

namespace reclens::render {

class ReportPainter {
public:
    /// `metricsDevice` supplies font metrics (must have 72 DPI logical resolution). Page size
    /// and margin in points.
    ReportPainter(const report::ReportDocument& doc, QSizeF pageSize, double margin,
                  QPaintDevice* metricsDevice);

    int pageCount() const { return static_cast<int>(m_pages.size()); }
    QSizeF pageSize() const { return m_pageSize; }
    /// Paints page `index` (0-based) with its header and footer; the painter's origin is the
    /// page's top-left corner in points.
    void paintPage(QPainter& p, int index) const;

    /// Paints one figure scaled by `scale` with its top-left at the painter's origin.
    static void paintFigure(QPainter& p, const report::Figure& fig, double scale = 1.0);

private:
    using Draw = std::function<void(QPainter&)>;
    struct Item {
        double y = 0; // top within the content area
        Draw draw;
    };
    struct Page {
        std::vector<Item> items;
    };

    void layout();
    double contentWidth() const { return m_pageSize.width() - 2 * m_margin; }
    double contentHeight() const;
    double remaining() const { return contentHeight() - m_y; }
    void newPage();
    void ensureRoom(double height);
    void place(double height, Draw draw);
    double textHeight(const QFont& font, const QString& text, double width,
                      int wrap = Qt::TextWordWrap) const;

    void addHeading(const report::Heading& h, double nextHeight);
    /// Height the block after a heading needs on the heading's page.
    double leadHeight(const report::Block& next) const;
    void addParagraph(const report::Paragraph& para);
    void addKeyValues(const report::KeyValues& kv);
    void addTable(const report::Table& t);
    void addFigure(const report::Figure& fig);
    void addCaption(const std::string& caption, bool tableCaption);

    const report::ReportDocument& m_doc;
    QSizeF m_pageSize;
    double m_margin;
    QPaintDevice* m_device;
    QFont m_base;
    std::vector<Page> m_pages;
    double m_y = 0;
};

} // namespace reclens::render
