#include "plotutil.h"

#include "common/atomicfile.h"
#include "qcp.h"
#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <functional>

namespace reclens {

namespace {

void styleAxis(QCPAxis* axis) {
    QFont f = axis->tickLabelFont();
    f.setPointSizeF(9.5);
    axis->setTickLabelFont(f);
    QFont lf = axis->labelFont();
    lf.setPointSizeF(10.0);
    axis->setLabelFont(lf);
    axis->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
}

} // namespace

namespace {

const char* const kTitleProperty = "reclensPlotTitle";

std::function<QString()>& exportContext() {
    static std::function<QString()> context;
    return context;
}

/// Title and context above the plot in every exported format.
struct ExportHeader {
    QString title, context;
    QFont titleFont, contextFont;
    int height = 0;

    ExportHeader(const QCustomPlot* plot, int width) {
        title = plotTitle(plot);
        const QString when =
            QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        const QString ctx = exportContext() ? exportContext()() : QString();
        context = ctx.isEmpty() ? QObject::tr("Exported %1").arg(when)
                                : QObject::tr("%1 \u00b7 exported %2").arg(ctx, when);
        titleFont = QFont(plot->font().family(), 11, QFont::Bold);
        contextFont = QFont(plot->font().family(), 8);
        const QFontMetrics tm(titleFont), cm(contextFont);
        // The context wraps within the plot's width; the header grows with it.
        contextHeight =
            cm.boundingRect(QRect(0, 0, width - 16, 10000), Qt::TextWordWrap, context).height();
        height = 8 + tm.height() + 2 + contextHeight + 8;
    }
    void paint(QPainter& p, int width) const {
        p.save();
        p.fillRect(QRect(0, 0, width, height), Qt::white);
        p.setPen(QColor(30, 30, 30));
        p.setFont(titleFont);
        const QFontMetrics tm(titleFont);
        p.drawText(QRect(8, 8, width - 16, tm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   tm.elidedText(title, Qt::ElideMiddle, width - 16));
        p.setPen(QColor(90, 90, 90));
        p.setFont(contextFont);
        p.drawText(QRect(8, 8 + tm.height() + 2, width - 16, contextHeight),
                   Qt::AlignLeft | Qt::TextWordWrap, context);
        p.restore();
    }

private:
    int contextHeight = 0;
};

} // namespace

void setPlotTitle(QCustomPlot* plot, const QString& title) {
    plot->setProperty(kTitleProperty, title);
}

QString plotTitle(const QCustomPlot* plot) {
    const QString t = plot->property(kTitleProperty).toString();
    return t.isEmpty() ? QObject::tr("RecLens plot") : t;
}

void setPlotExportContext(std::function<QString()> context) {
    exportContext() = std::move(context);
}

void placeLegendAbove(QCustomPlot* plot) {
    plot->legend->setVisible(true);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setIconSize(14, 10); // the default 32 px icons cut the text of a narrow plot
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
}

QCustomPlot* createPlot(QWidget* parent, const QString& title) {
    auto* plot = new QCustomPlot(parent);
    setPlotTitle(plot, title);
    plot->setMinimumSize(260, 180);
    plot->setAntialiasedElements(QCP::aeAll);
    for (QCPAxis* a : {plot->xAxis, plot->yAxis, plot->xAxis2, plot->yAxis2})
        styleAxis(a);
    plot->legend->setFont(QFont(plot->font().family(), 9));
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot](const QPoint& pos) {
        QMenu menu(plot);
        QAction* exportAct = menu.addAction(QObject::tr("Export plot (PNG, SVG, PDF)…"));
        QAction* resetAct = menu.addAction(QObject::tr("Reset zoom"));
        QAction* chosen = menu.exec(plot->mapToGlobal(pos));
        if (chosen == exportAct) {
            QString path = QFileDialog::getSaveFileName(
                plot, QObject::tr("Export plot"), QStringLiteral("plot.png"),
                QObject::tr("PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"));
            if (path.isEmpty())
                return;
            QString error;
            if (!exportPlot(plot, path, &error))
                QMessageBox::warning(plot, QObject::tr("Export failed"), error);
        } else if (chosen == resetAct) {
            plot->rescaleAxes();
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });
    return plot;
}

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int w = plot->width();
    const int h = plot->height();
    const ExportHeader header(plot, w);
    const int total = h + header.height;
    // Every format paints the header, then the plot below it, through one QPainter.
    auto paintAll = [&](QPaintDevice* device) {
        QCPPainter painter;
        if (!painter.begin(device))
            return false;
        header.paint(painter, w);
        painter.translate(0, header.height);
        plot->toPainter(&painter, w, h);
        return painter.end();
    };
    // QPdfWriter, QSvgGenerator and QImage::save write straight to the name they are given, so
    // they render into a temporary file next to `path` that is renamed over it only once
    // complete: a crash or a failed export never leaves a truncated image where an older
    // export was.
    std::function<bool(const QString&)> render;
    if (suffix == QStringLiteral("png")) {
        render = [&](const QString& tmp) {
            QImage image(w, total, QImage::Format_ARGB32);
            image.fill(Qt::white);
            return paintAll(&image) && image.save(tmp, "PNG");
        };
    } else if (suffix == QStringLiteral("pdf")) {
        render = [&](const QString& tmp) {
            QPdfWriter pdf(tmp);
            pdf.setResolution(72); // one pixel of the plot = one point
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(QSizeF(w, total), QPageSize::Point));
            pdf.setTitle(plotTitle(plot));
            pdf.setCreator(QStringLiteral("RecLens"));
            return paintAll(&pdf);
        };
    } else if (suffix == QStringLiteral("svg")) {
        render = [&](const QString& tmp) {
            QSvgGenerator gen;
            gen.setFileName(tmp);
            gen.setSize(QSize(w, total));
            gen.setViewBox(QRect(0, 0, w, total));
            gen.setTitle(plotTitle(plot));
            gen.setDescription(header.context);
            return paintAll(&gen);
        };
    } else {
        if (error)
            *error = QObject::tr("Unknown format “%1”: use .png, .svg or .pdf.").arg(suffix);
        return false;
    }
    const Status st =
        writeFileAtomicallyVia(QFile::encodeName(path).toStdString(), [&](const std::string& tmp) {
            return render(QFile::decodeName(QByteArray::fromStdString(tmp)));
        });
    if (!st && error)
        *error = QString::fromStdString(st.error().message); // names the file and the cause
    return st.ok();
}

QCPColorGradient divergingGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(33, 102, 172)); // strong negative
    g.setColorStopAt(0.25, QColor(146, 197, 222));
    g.setColorStopAt(0.5, QColor(247, 247, 247)); // zero
    g.setColorStopAt(0.75, QColor(244, 165, 130));
    g.setColorStopAt(1.0, QColor(178, 24, 43)); // strong positive
    return g;
}

QCPColorGradient sequentialGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(255, 255, 255));
    g.setColorStopAt(0.35, QColor(158, 202, 225));
    g.setColorStopAt(0.7, QColor(49, 130, 189));
    g.setColorStopAt(1.0, QColor(8, 48, 107));
    return g;
}

QString elide(const QString& text, int maxChars) {
    if (text.size() <= maxChars)
        return text;
    return text.left(maxChars - 1).trimmed() + QChar(0x2026);
}

ReplotCoalescer::ReplotCoalescer(QCustomPlot* plot, int delayMs)
    : QObject(plot)
    , m_plot(plot) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(delayMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!m_plot->isVisible()) {
            m_dirty = true;
            return;
        }
        m_dirty = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    plot->installEventFilter(this);
}

void ReplotCoalescer::request() {
    if (!m_timer.isActive())
        m_timer.start();
}

bool ReplotCoalescer::eventFilter(QObject* watched, QEvent* event) {
    // A plot on a hidden tab is not redrawn until it is shown.
    if (watched == m_plot && event->type() == QEvent::Show && m_dirty)
        request();
    return QObject::eventFilter(watched, event);
}

void ReplotCoalescer::flush() {
    m_timer.stop();
    m_dirty = false;
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

} // namespace reclens
