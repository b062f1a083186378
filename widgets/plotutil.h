#pragma once
// Shared look and behaviour of every plot in the workbench: readable fonts, labelled axes, a
// context menu that exports PNG/SVG/PDF, coalesced replots, and the colour scales.

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

class QCustomPlot;
class QCPColorGradient;
class QWidget;

namespace reclens {

/// A QCustomPlot styled for the workbench, with the export context menu installed. `title` is
/// what an exported image is headed with ("Saliency: Integrated gradients").
QCustomPlot* createPlot(QWidget* parent, const QString& title = QString());
/// Shows the legend in one row above the axis rect instead of inside it: wherever it sits in
/// there, some data point or bar ends up under it (the last NDCG point of the training curves,
/// the negative saliency bars at the bottom right).
void placeLegendAbove(QCustomPlot* plot);
/// Changes the export title (e.g. when the view switches method).
void setPlotTitle(QCustomPlot* plot, const QString& title);
QString plotTitle(const QCustomPlot* plot);

/// The line under the title of every exported plot: what it is about (customer, target, model,
/// dataset). The main window installs it; the export adds the UTC time of the export.
void setPlotExportContext(std::function<QString()> context);

/// Writes the plot to `path`, headed by its title and the export context; the suffix picks the
/// format (png, svg, pdf). Returns false and sets `error` on failure.
bool exportPlot(QCustomPlot* plot, const QString& path, QString* error = nullptr);

/// Blue (negative) – white (zero) – red (positive), for signed values centred on zero.
QCPColorGradient divergingGradient();
/// White to dark blue, for non-negative weights such as attention.
QCPColorGradient sequentialGradient();

/// Shortens a title for an axis label.
QString elide(const QString& text, int maxChars);

/// Collects replot requests and performs one queued replot after a short delay, so a burst of
/// updates (training epochs, selection changes) never redraws more than ~15 times a second.
class ReplotCoalescer : public QObject {
    Q_OBJECT
public:
    explicit ReplotCoalescer(QCustomPlot* plot, int delayMs = 60);
    void request();
    /// Replots now (used before grabbing a screenshot).
    void flush();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QCustomPlot* m_plot;
    QTimer m_timer;
    bool m_dirty = false;
};

} // namespace reclens
