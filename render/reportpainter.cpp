#include "reportpainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <algorithm>
#include <cmath>

namespace reclens::render {

using namespace reclens::report;

namespace {

const QColor kInk(0x22, 0x22, 0x22);
const QColor kMuted(0x66, 0x66, 0x66);
const QColor kAccent(0x1f, 0x5f, 0xa8);
const QColor kRule(0xe2, 0xe2, 0xe2);
const QColor kHeaderFill(0xee, 0xf3, 0xf9);
const QColor kZebra(0xfa, 0xfa, 0xfa);
constexpr double kCellPad = 3.0;

QString qs(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QColor qc(const Color& c) {
    return QColor(c.r, c.g, c.b);
}

QFont sized(const QFont& base, double pt, bool bold = false) {
    QFont f(base);
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

} // namespace

ReportPainter::ReportPainter(const ReportDocument& doc, QSizeF pageSize, double margin,
                             QPaintDevice* metricsDevice)
    : m_doc(doc)
    , m_pageSize(pageSize)
    , m_margin(margin)
    , m_device(metricsDevice) {
    m_base = QFont(QStringLiteral("DejaVu Sans"));
    m_base.setStyleHint(QFont::SansSerif);
    m_base.setPointSizeF(9.0);
    layout();
}

double ReportPainter::contentHeight() const {
    return m_pageSize.height() - 2 * m_margin;
}

void ReportPainter::newPage() {
    m_pages.emplace_back();
    m_y = 0;
}

void ReportPainter::ensureRoom(double height) {
    if (m_y > 0 && height > remaining())
        newPage();
}

void ReportPainter::place(double height, Draw draw) {
    m_pages.back().items.push_back({m_y, std::move(draw)});
    m_y += height;
}

double ReportPainter::textHeight(const QFont& font, const QString& text, double width,
                                 int wrap) const {
    QFontMetricsF fm(font, m_device);
    if (text.isEmpty())
        return fm.height();
    return fm.boundingRect(QRectF(0, 0, width, 1e6), wrap, text).height();
}

void ReportPainter::layout() {
    m_pages.clear();
    newPage();
    // Title block.
    const QFont title = sized(m_base, 17, true), sub = sized(m_base, 9);
    const double w = contentWidth();
    const QString t = qs(m_doc.title), s = qs(m_doc.subtitle);
    const double th = textHeight(title, t, w), sh = s.isEmpty() ? 0 : textHeight(sub, s, w);
    place(th + sh + 12, [=](QPainter& p) {
        p.setFont(title);
        p.setPen(kInk);
        p.drawText(QRectF(0, 0, w, th), Qt::TextWordWrap, t);
        p.setFont(sub);
        p.setPen(kMuted);
        p.drawText(QRectF(0, th + 2, w, sh), Qt::TextWordWrap, s);
    });
    const auto& blocks = m_doc.blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const Block& b = blocks[i];
        if (const auto* h = std::get_if<Heading>(&b))
            addHeading(*h, i + 1 < blocks.size() ? leadHeight(blocks[i + 1]) : 0.0);
        else if (const auto* para = std::get_if<Paragraph>(&b))
            addParagraph(*para);
        else if (const auto* kv = std::get_if<KeyValues>(&b))
            addKeyValues(*kv);
        else if (const auto* tab = std::get_if<Table>(&b))
            addTable(*tab);
        else if (const auto* fig = std::get_if<Figure>(&b))
            addFigure(*fig);
        else if (std::holds_alternative<PageBreak>(b) && m_y > 0)
            newPage();
    }
}

double ReportPainter::leadHeight(const Block& next) const {
    const double w = contentWidth();
    if (const auto* fig = std::get_if<Figure>(&next)) {
        // A figure is never split: the heading goes with all of it (as addFigure scales it).
        const QFont cf = sized(m_base, 8);
        const double captionH = fig->caption.empty() ? 0 : textHeight(cf, qs(fig->caption), w) + 4;
        double scale = std::min(1.0, w / std::max(1.0, fig->width));
        scale = std::min(scale, (contentHeight() - captionH - 8) / std::max(1.0, fig->height));
        return fig->height * scale + captionH;
    }
    if (const auto* para = std::get_if<Paragraph>(&next))
        return textHeight(sized(m_base, para->note ? 8 : 9.5), qs(para->text), w);
    if (std::holds_alternative<Heading>(next))
        return 40.0;
    return 90.0; // a table or key/value list: its caption, header and first rows
}

void ReportPainter::addHeading(const Heading& h, double nextHeight) {
    const double pt = h.level <= 1 ? 16 : h.level == 2 ? 13.5 : h.level == 3 ? 11.5 : 10.5;
    const QFont f = sized(m_base, pt, true);
    const double w = contentWidth();
    const QString text = qs(h.text);
    const double before = m_y > 0 ? (h.level <= 2 ? 14 : 9) : 0;
    const double th = textHeight(f, text, w);
    const double height = before + th + (h.level <= 2 ? 8 : 4);
    // Keep a heading with the start of what follows it (all of a figure), so no heading is left
    // alone at the bottom of a page; what cannot fit a page at all starts on a fresh one anyway.
    ensureRoom(height + std::min(nextHeight, contentHeight() - height));
    const bool rule = h.level <= 2;
    const QColor colour = h.level >= 3 ? kAccent : kInk;
    place(m_y > 0 ? height : height - before, [=, y0 = m_y > 0 ? before : 0.0](QPainter& p) {
        p.setFont(f);
        p.setPen(colour);
        p.drawText(QRectF(0, y0, w, th), Qt::TextWordWrap, text);
        if (rule) {
            p.setPen(QPen(kAccent, 1.5));
            p.drawLine(QPointF(0, y0 + th + 2), QPointF(w, y0 + th + 2));
        }
    });
}

void ReportPainter::addParagraph(const Paragraph& para) {
    const QFont f = sized(m_base, para.note ? 8 : 9.5);
    const double w = contentWidth();
    const QString text = qs(para.text);
    const double th = textHeight(f, text, w);
    ensureRoom(th);
    const QColor colour = para.note ? kMuted : kInk;
    place(th + 6, [=](QPainter& p) {
        p.setFont(f);
        p.setPen(colour);
        p.drawText(QRectF(0, 0, w, th + 1), Qt::TextWordWrap, text);
    });
}

void ReportPainter::addCaption(const std::string& caption, bool tableCaption) {
    if (caption.empty())
        return;
    const QFont f = sized(m_base, 8.5, tableCaption);
    const double w = contentWidth();
    const QString text = qs(caption);
    const double th = textHeight(f, text, w);
    if (tableCaption)
        ensureRoom(th + 40);
    const QColor colour = tableCaption ? kInk : kMuted;
    place(th + (tableCaption ? 3 : 8), [=](QPainter& p) {
        p.setFont(f);
        p.setPen(colour);
        p.drawText(QRectF(0, 0, w, th + 1), Qt::TextWordWrap, text);
    });
}

void ReportPainter::addKeyValues(const KeyValues& kv) {
    Table t;
    t.caption = kv.caption;
    for (const auto& [k, v] : kv.items)
        t.rows.push_back({k, v});
    addTable(t);
}

void ReportPainter::addTable(const Table& t) {
    const bool keyValue = t.header.empty();
    const QFont f = sized(m_base, 8), hf = sized(m_base, 8, true);
    const QFontMetricsF fm(f, m_device), hfm(hf, m_device);
    std::size_t cols = t.header.size();
    for (const auto& r : t.rows)
        cols = std::max(cols, r.size());
    if (cols == 0)
        return;
    const double W = contentWidth();
    // Natural widths, then water-filling: narrow columns keep their width, the rest share
    // what is left and wrap.
    std::vector<double> natural(cols, 0.0);
    for (std::size_t c = 0; c < cols; ++c) {
        if (c < t.header.size())
            natural[c] = hfm.horizontalAdvance(qs(t.header[c]));
        for (const auto& r : t.rows)
            if (c < r.size())
                natural[c] = std::max(natural[c], fm.horizontalAdvance(qs(r[c])));
        natural[c] += 2 * kCellPad + 1;
    }
    // A column never gets narrower than its longest word (words do not break).
    std::vector<double> minimum(cols, 0.0);
    auto longestWord = [&](const QFontMetricsF& m, const std::string& s) {
        double w = 0;
        for (const QString& word : qs(s).split(QLatin1Char(' ')))
            w = std::max(w, m.horizontalAdvance(word));
        return w + 2 * kCellPad + 1;
    };
    for (std::size_t c = 0; c < cols; ++c) {
        if (c < t.header.size())
            minimum[c] = longestWord(hfm, t.header[c]);
        for (const auto& r : t.rows)
            if (c < r.size())
                minimum[c] = std::max(minimum[c], longestWord(fm, r[c]));
        minimum[c] = std::min(minimum[c], W * 0.4);
    }
    if (keyValue)
        natural[0] = std::min(natural[0], W * 0.32);
    std::vector<double> width = natural;
    double total = 0;
    for (double x : width)
        total += x;
    if (total > W) {
        std::vector<bool> fixed(cols, false);
        double budget = W;
        std::size_t open = cols;
        for (bool changed = true; changed && open > 0;) {
            changed = false;
            const double share = budget / static_cast<double>(open);
            for (std::size_t c = 0; c < cols; ++c)
                if (!fixed[c] && natural[c] <= share) {
                    fixed[c] = true, changed = true;
                    budget -= natural[c];
                    --open;
                }
        }
        double flexible = 0;
        for (std::size_t c = 0; c < cols; ++c)
            if (!fixed[c])
                flexible += natural[c];
        for (std::size_t c = 0; c < cols; ++c)
            if (!fixed[c])
                width[c] = std::max(minimum[c], budget * natural[c] / flexible);
    }
    // Many columns whose longest words together exceed the page (a table of every method's
    // attribution): shrink them all to the page, and let a column narrower than its longest
    // word break inside words rather than run off the right edge.
    // First take the excess from what columns have above their longest word (the wide text
    // column gives way, numbers keep their digits together); only when even the longest words
    // do not fit does every column shrink.
    double used = 0, slack = 0;
    for (std::size_t c = 0; c < cols; ++c) {
        used += width[c];
        slack += std::max(0.0, width[c] - minimum[c]);
    }
    if (used > W && slack > 0) {
        const double take = std::min(1.0, (used - W) / slack);
        used = 0;
        for (std::size_t c = 0; c < cols; ++c) {
            width[c] -= take * std::max(0.0, width[c] - minimum[c]);
            used += width[c];
        }
    }
    if (used > W)
        for (double& w : width)
            w *= W / used;
    std::vector<double> x(cols + 1, 0.0);
    for (std::size_t c = 0; c < cols; ++c)
        x[c + 1] = x[c] + width[c];
    std::vector<int> flags(cols);
    for (std::size_t c = 0; c < cols; ++c)
        flags[c] =
            (c < t.align.size() && t.align[c] == Align::Right ? Qt::AlignRight : Qt::AlignLeft) |
            Qt::AlignTop | (width[c] < minimum[c] - 0.5 ? Qt::TextWrapAnywhere : Qt::TextWordWrap);
    auto rowHeight = [&](const std::vector<std::string>& cells, const QFont& font) {
        double h = 0;
        for (std::size_t c = 0; c < cells.size() && c < cols; ++c)
            h = std::max(h, textHeight(font, qs(cells[c]), width[c] - 2 * kCellPad,
                                       flags[c] & (Qt::TextWordWrap | Qt::TextWrapAnywhere)));
        return h + 2 * kCellPad;
    };
    auto drawRow = [=](std::vector<std::string> cells, QFont font, double h, QColor fill,
                       bool keyColumn) {
        return [=](QPainter& p) {
            if (fill.isValid())
                p.fillRect(QRectF(0, 0, x[cols], h), fill);
            p.setPen(QPen(kRule, 0.6));
            p.drawLine(QPointF(0, h), QPointF(x[cols], h));
            for (std::size_t c = 0; c < cells.size() && c < cols; ++c) {
                p.setFont(font);
                p.setPen(keyColumn && c == 0 ? kMuted : kInk);
                p.drawText(QRectF(x[c] + kCellPad, kCellPad, width[c] - 2 * kCellPad, h), flags[c],
                           qs(cells[c]));
            }
        };
    };
    addCaption(t.caption, true);
    const double headerH = keyValue ? 0 : rowHeight(t.header, hf);
    auto placeHeader = [&] {
        if (!keyValue)
            place(headerH, drawRow(t.header, hf, headerH, kHeaderFill, false));
    };
    const double firstRow = t.rows.empty() ? 0 : rowHeight(t.rows.front(), f);
    ensureRoom(headerH + firstRow);
    placeHeader();
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const double h = rowHeight(t.rows[r], f);
        if (h > remaining() && m_y > headerH) {
            newPage();
            placeHeader();
        }
        place(h, drawRow(t.rows[r], f, h, r % 2 == 1 && !keyValue ? kZebra : QColor(), keyValue));
    }
    m_y += 10;
}

void ReportPainter::addFigure(const Figure& fig) {
    const QFont cf = sized(m_base, 8);
    const double w = contentWidth();
    const double captionH = fig.caption.empty() ? 0 : textHeight(cf, qs(fig.caption), w) + 4;
    double scale = std::min(1.0, w / std::max(1.0, fig.width));
    scale = std::min(scale, (contentHeight() - captionH - 8) / std::max(1.0, fig.height));
    const double h = fig.height * scale;
    ensureRoom(h + captionH);
    const Figure* figure = &fig;
    const QString caption = qs(fig.caption);
    place(h + captionH + 10, [=](QPainter& p) {
        p.save();
        paintFigure(p, *figure, scale);
        p.restore();
        if (!caption.isEmpty()) {
            p.setFont(cf);
            p.setPen(kMuted);
            p.drawText(QRectF(0, h + 3, w, captionH), Qt::TextWordWrap, caption);
        }
    });
}

void ReportPainter::paintFigure(QPainter& p, const Figure& fig, double scale) {
    p.scale(scale, scale);
    p.setRenderHint(QPainter::Antialiasing, true);
    QFont base(QStringLiteral("DejaVu Sans"));
    base.setStyleHint(QFont::SansSerif);
    for (const Shape& s : fig.shapes) {
        p.setOpacity(s.opacity);
        const QPen pen = s.stroke.none ? QPen(Qt::NoPen) : QPen(qc(s.stroke), s.strokeWidth);
        const QBrush brush = s.fill.none ? QBrush(Qt::NoBrush) : QBrush(qc(s.fill));
        switch (s.kind) {
        case Shape::Kind::Rect:
            p.setPen(pen);
            p.setBrush(brush);
            p.drawRect(QRectF(s.x, s.y, s.width, s.height));
            break;
        case Shape::Kind::Circle:
            p.setPen(pen);
            p.setBrush(brush);
            p.drawEllipse(QPointF(s.x, s.y), s.width, s.width);
            break;
        case Shape::Kind::Line:
        case Shape::Kind::Polyline: {
            QPolygonF poly;
            for (const Point& pt : s.points)
                poly << QPointF(pt.x, pt.y);
            QPen linePen = pen;
            linePen.setJoinStyle(Qt::RoundJoin);
            p.setPen(linePen);
            p.setBrush(Qt::NoBrush);
            p.drawPolyline(poly);
            break;
        }
        case Shape::Kind::Text: {
            QFont f = sized(base, s.fontSize, s.bold);
            p.setFont(f);
            p.setPen(s.fill.none ? kInk : qc(s.fill));
            const QString text = qs(s.text);
            const double adv = QFontMetricsF(f, p.device()).horizontalAdvance(text);
            const double dx = s.anchor == TextAnchor::Start    ? 0
                              : s.anchor == TextAnchor::Middle ? -adv / 2
                                                               : -adv;
            p.save();
            p.translate(s.x, s.y);
            if (s.rotation != 0.0)
                p.rotate(s.rotation);
            p.drawText(QPointF(dx, 0), text);
            p.restore();
            break;
        }
        }
    }
    p.setOpacity(1.0);
}

void ReportPainter::paintPage(QPainter& p, int index) const {
    if (index < 0 || index >= pageCount())
        return;
    const QFont small = sized(m_base, 7);
    const double w = contentWidth();
    p.save();
    p.setFont(small);
    p.setPen(kMuted);
    if (index > 0) {
        QFontMetricsF fm(small, p.device());
        p.drawText(QPointF(m_margin, m_margin - 10),
                   fm.elidedText(qs(m_doc.title), Qt::ElideRight, w));
        p.setPen(QPen(kRule, 0.6));
        p.drawLine(QPointF(m_margin, m_margin - 6), QPointF(m_margin + w, m_margin - 6));
        p.setPen(kMuted);
    }
    const double footY = m_pageSize.height() - m_margin + 16;
    p.drawText(QPointF(m_margin, footY), QStringLiteral("RecLens " RECLENS_VERSION));
    p.drawText(QRectF(m_margin, footY - 9, w, 12), Qt::AlignRight,
               QStringLiteral("Page %1 of %2").arg(index + 1).arg(pageCount()));
    p.restore();
    for (const Item& item : m_pages[static_cast<std::size_t>(index)].items) {
        p.save();
        p.translate(m_margin, m_margin + item.y);
        item.draw(p);
        p.restore();
    }
}

} // namespace reclens::render
