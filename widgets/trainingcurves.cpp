#include "trainingcurves.h"

#include "plotutil.h"

#include "qcp.h"
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace reclens {

TrainingCurves::TrainingCurves(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lossPlot = createPlot(this, tr("Training loss per epoch"));
    m_lossPlot->xAxis->setLabel(tr("epoch"));
    m_lossPlot->yAxis->setLabel(tr("training loss"));
    m_lossPlot->addGraph();
    m_lossPlot->graph(0)->setName(tr("loss"));
    m_lossPlot->graph(0)->setPen(QPen(QColor(80, 80, 80), 2));
    m_lossPlot->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_metricPlot = createPlot(this, tr("Validation metrics per epoch"));
    m_metricPlot->xAxis->setLabel(tr("epoch"));
    m_metricPlot->yAxis->setLabel(tr("validation metric"));
    m_metricPlot->addGraph();
    m_metricPlot->graph(0)->setName(tr("NDCG@10"));
    m_metricPlot->graph(0)->setPen(QPen(QColor(33, 102, 172), 2));
    m_metricPlot->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_metricPlot->addGraph();
    m_metricPlot->graph(1)->setName(tr("HR@10"));
    m_metricPlot->graph(1)->setPen(QPen(QColor(230, 120, 30), 2, Qt::DashLine));
    m_metricPlot->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    // Above the curves: in the bottom-right corner it covered the last NDCG point.
    placeLegendAbove(m_metricPlot);
    layout->addWidget(m_note);
    layout->addWidget(new QLabel(tr("<b>Training loss</b> per epoch")));
    layout->addWidget(m_lossPlot, 1);
    layout->addWidget(new QLabel(tr("<b>Validation</b> (full ranking) per epoch")));
    layout->addWidget(m_metricPlot, 1);
    for (QCustomPlot* p : {m_lossPlot, m_metricPlot}) {
        // Epochs are whole numbers.
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        p->xAxis->setTicker(ticker);
        p->xAxis->setRange(0.5, 5.5);
    }
    m_lossReplot = new ReplotCoalescer(m_lossPlot);
    m_metricReplot = new ReplotCoalescer(m_metricPlot);
    for (QCustomPlot* p : {m_lossPlot, m_metricPlot}) {
        auto* line = new QCPItemStraightLine(p);
        line->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
        line->setVisible(false);
        m_marks.push_back(line);
    }
}

void TrainingCurves::mark(int epoch) {
    m_markedEpoch = epoch;
    for (QCPItemStraightLine* line : m_marks) {
        line->point1->setCoords(epoch, 0.0);
        line->point2->setCoords(epoch, 1.0);
        line->setVisible(epoch > 0);
    }
}

QString TrainingCurves::note() const {
    return m_note->text();
}

void TrainingCurves::setNote(const QString& note) {
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void TrainingCurves::clear(const QString& note) {
    for (QCustomPlot* p : {m_lossPlot, m_metricPlot})
        for (int g = 0; g < p->graphCount(); ++g)
            p->graph(g)->data()->clear();
    for (QCustomPlot* p : {m_lossPlot, m_metricPlot}) {
        p->xAxis->setRange(0.5, 5.5);
        p->yAxis->setRange(0.0, 1.0);
    }
    mark(0);
    setNote(note);
    m_lossReplot->request();
    m_metricReplot->request();
}

void TrainingCurves::append(int epoch, double loss, double validNdcg10, double validHr10) {
    m_lossPlot->graph(0)->addData(epoch, loss);
    m_metricPlot->graph(0)->addData(epoch, validNdcg10);
    m_metricPlot->graph(1)->addData(epoch, validHr10);
}

namespace {

/// The range of every graph's values, padded by 8 % of their spread (or of their size, for a
/// single point or a flat line), so the curve fills the plot: a loss going 6.5 → 6.1 must
/// show as a descent, not as a flat line at the top of an axis from 0. The tick labels say
/// where the axis starts. `floor` clamps the lower end (metrics are never negative).
QCPRange paddedValueRange(QCustomPlot* p, double floor) {
    bool found = false;
    QCPRange r;
    for (int g = 0; g < p->graphCount(); ++g) {
        bool ok = false;
        QCPRange gr = p->graph(g)->getValueRange(ok);
        if (ok) {
            r = found ? QCPRange(std::min(r.lower, gr.lower), std::max(r.upper, gr.upper)) : gr;
            found = true;
        }
    }
    if (!found)
        return QCPRange(0.0, 1.0);
    double spread = r.upper - r.lower;
    double pad = spread > 1e-9 ? 0.08 * spread : std::max(0.05 * std::abs(r.upper), 1e-3);
    return QCPRange(std::max(floor, r.lower - pad), r.upper + pad);
}

} // namespace

void TrainingCurves::rescale(int lastEpoch) {
    for (QCustomPlot* p : {m_lossPlot, m_metricPlot})
        p->xAxis->setRange(0.5, std::max(2.0, lastEpoch + 0.5));
    m_lossPlot->yAxis->setRange(
        paddedValueRange(m_lossPlot, std::numeric_limits<double>::lowest()));
    m_metricPlot->yAxis->setRange(paddedValueRange(m_metricPlot, 0.0));
    m_lossReplot->request();
    m_metricReplot->request();
}

void TrainingCurves::addEpoch(int epoch, double loss, double validNdcg10, double validHr10) {
    append(epoch, loss, validNdcg10, validHr10);
    rescale(epoch);
}

void TrainingCurves::showHistory(const std::vector<EpochRecord>& history, int heldEpoch,
                                 const QString& note) {
    clear(note);
    if (history.empty())
        return;
    for (const EpochRecord& e : history)
        append(e.epoch, e.loss, e.validNdcg10, e.validHr10);
    mark(heldEpoch);
    rescale(history.back().epoch);
}

void TrainingCurves::flush() {
    m_lossReplot->flush();
    m_metricReplot->flush();
}

} // namespace reclens
