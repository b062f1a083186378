#include "saliencyview.h"

#include "attributiontext.h"
#include "customersview.h"
#include "explain/explainmethods.h"
#include "plotutil.h"
#include "saliencytables.h"
#include "titletext.h"
#include "workbenchcontroller.h"

#include "qcp.h"
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace reclens {

namespace {

const char* const kMethods[] = {"loo",          "occlusion", "shapley",          "ig",
                                "grad_x_input", "grad",      "attention_rollout"};

} // namespace

SaliencyView::SaliencyView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = m_layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_method = new QComboBox;
    for (const char* m : kMethods) {
        m_method->addItem(methodLabel(m), QString::fromLatin1(m));
        m_method->setItemData(m_method->count() - 1, methodTooltip(m), Qt::ToolTipRole);
    }
    m_method->setToolTip(tr("Attribution method (Alt+M)"));
    m_order = new QComboBox;
    m_order->addItem(tr("Sorted by attribution"));
    m_order->addItem(tr("Chronological (oldest at top)"));
    row->addWidget(new QLabel(tr("&Method:")));
    qobject_cast<QLabel*>(row->itemAt(0)->widget())->setBuddy(m_method);
    row->addWidget(m_method);
    row->addWidget(new QLabel(tr("Order:")));
    row->addWidget(m_order);
    row->addStretch();
    layout->addLayout(row);
    m_methodNote = new QLabel;
    m_methodNote->setWordWrap(true);
    layout->addWidget(m_methodNote);

    auto* split = new QSplitter(Qt::Horizontal);
    m_plot = createPlot(this, tr("Saliency"));
    m_pos = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_neg = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_pos->setName(tr("raises the score"));
    m_neg->setName(tr("lowers the score"));
    m_pos->setBrush(QColor(178, 24, 43));
    m_pos->setPen(Qt::NoPen);
    m_neg->setBrush(QColor(33, 102, 172));
    m_neg->setPen(Qt::NoPen);
    m_pos->setWidth(0.7);
    m_neg->setWidth(0.7);
    placeLegendAbove(m_plot); // inside, some history's bar ran under it
    // Short enough for a narrow plot at 1,024 px (the longer wording was cut to "(logit u").
    m_plot->xAxis->setLabel(tr("effect on the score (logits)"));
    m_plot->yAxis->setTickLength(0, 0);
    split->addWidget(m_plot);
    m_replot = new ReplotCoalescer(m_plot);
    // Which labels fit depends on the laid-out height: recompute them once it is known or
    // changes (as the attention view does), and draw again if they changed.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        if (applyTickLabels())
            m_replot->request();
    });

    m_tables = new SaliencyTables(controller);
    split->addWidget(m_tables);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    // Enough for the method column and two figures; the tables scroll inside themselves. A wider
    // minimum (it was 540) made the whole page wider than the tab at 1,024 px, so the page
    // scrolled sideways and cut the method note.
    m_tables->setMinimumWidth(280);
    layout->addWidget(split, 1);

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        refresh();
        m_tables->refresh(method());
        Q_EMIT methodChanged();
    });
    connect(m_order, &QComboBox::currentIndexChanged, this, &SaliencyView::refresh);
    connect(m_controller, &WorkbenchController::explanationChanged, this, [this] {
        refresh();
        m_tables->refresh(method());
    });
    refresh();
    m_tables->refresh(method());
}

void SaliencyView::setMethod(const std::string& method) {
    int i = m_method->findData(QString::fromStdString(method));
    if (i >= 0)
        m_method->setCurrentIndex(i);
}

std::vector<std::string> SaliencyView::methods() {
    return {std::begin(kMethods), std::end(kMethods)};
}

void SaliencyView::addBelowMethod(QWidget* widget) {
    m_layout->insertWidget(m_layout->indexOf(m_methodNote) + 1, widget);
}

std::string SaliencyView::method() const {
    return m_method->currentData().toString().toStdString();
}

QString SaliencyView::methodNote() const {
    return m_methodNote->text();
}

QTableView* SaliencyView::faithfulnessTable() const {
    return m_tables->faithfulnessTable();
}

QString SaliencyView::costLabelText() const {
    return m_tables->costText();
}

void SaliencyView::setSorted(bool sorted) {
    m_order->setCurrentIndex(sorted ? 0 : 1);
}

void SaliencyView::flush() {
    m_replot->flush();
}

std::vector<double> SaliencyView::shownValues() const {
    std::vector<double> out(m_keyToPosition.size(), 0.0);
    for (QCPBars* bars : {m_pos, m_neg})
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
            int key = static_cast<int>(std::lround(it->key));
            if (key >= 0 && key < static_cast<int>(m_keyToPosition.size()))
                out[static_cast<size_t>(m_keyToPosition[static_cast<size_t>(key)])] = it->value;
        }
    return out;
}

void SaliencyView::refresh() {
    auto bundle = m_controller->explanation();
    auto ds = m_controller->dataset();
    m_pos->data()->clear();
    m_neg->data()->clear();
    m_keyToPosition.clear();
    std::string m = method();
    m_methodNote->setText(methodTooltip(m));
    setPlotTitle(m_plot, tr("Saliency: %1 (score contribution in logits)").arg(methodLabel(m)));
    const Attribution* a = bundle ? bundle->attribution(m) : nullptr;
    if (!a || !ds) {
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
        m_replot->request();
        if (bundle && !a) {
            const auto why = bundle->unavailable.find(m);
            m_methodNote->setText(
                why != bundle->unavailable.end()
                    ? tr("%1 is not available: %2.")
                          .arg(methodLabel(m), QString::fromStdString(why->second))
                    : tr("%1 was not computed for this explanation.").arg(methodLabel(m)));
        }
        return;
    }
    QString extra;
    if (m == "ig" && bundle->ig)
        extra = QLatin1Char(' ') + igDetails(*bundle->ig);
    if (m == "shapley" && bundle->shapley)
        extra = bundle->shapley->exact
                    ? tr(" Exact over %1 items; efficiency gap %2.")
                          .arg(bundle->shapley->players.size())
                          .arg(bundle->shapley->efficiencyGap, 0, 'g', 3)
                    : tr(" Sampled (%1 permutations).").arg(bundle->shapley->permutations);
    m_methodNote->setText(methodTooltip(m) + extra);

    const int n = static_cast<int>(a->values.size());
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    bool sorted = m_order->currentIndex() == 0;
    if (sorted) // largest positive at the top: keys grow upwards, so sort ascending
        std::stable_sort(order.begin(), order.end(), [a](int x, int y) {
            return a->values[static_cast<size_t>(x)] < a->values[static_cast<size_t>(y)];
        });
    else
        std::reverse(order.begin(), order.end()); // oldest at the top
    m_tickTitles.clear();
    m_tickPositions.clear();
    double lo = 0, hi = 0;
    for (int key = 0; key < n; ++key) {
        int p = order[static_cast<size_t>(key)];
        m_keyToPosition.push_back(p);
        double v = a->values[static_cast<size_t>(p)];
        (v >= 0 ? m_pos : m_neg)->addData(key, v);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        m_tickTitles.push_back(itemTitle(*ds, bundle->history[static_cast<size_t>(p)]));
        m_tickPositions.push_back(p + 1);
    }
    m_labelStep = 0; // new labels: set them whatever the step and length
    applyTickLabels();
    m_plot->yAxis->setRange(-0.7, n - 0.3);
    double pad = std::max(1e-6, (hi - lo) * 0.08);
    m_plot->xAxis->setRange(lo - pad, hi + pad);
    m_replot->request();
}

bool SaliencyView::applyTickLabels() {
    // 50 purchases in a 400 px plot gave 8 px per bar for 15 px of text: the labels ran into
    // each other. Label every k-th bar, counted from the top one (the strongest when sorted),
    // and always the bottom one (the most negative when sorted, the newest in time order).
    const int n = static_cast<int>(m_tickTitles.size());
    const QFontMetrics metrics(m_plot->yAxis->tickLabelFont());
    const double line = metrics.height();
    const double pixels = m_plot->axisRect()->height();
    const int step =
        n <= 1 || pixels <= 0 ? 1 : std::max(1, static_cast<int>(std::ceil(line / (pixels / n))));
    // Titles take at most ~45 % of the plot's width, so a narrow plot (1,024 px screens) keeps
    // room for the bars. From the widget's width, not the axis rect's, which the labels change.
    const int chars = std::clamp(
        static_cast<int>(0.45 * m_plot->width() / std::max(1, metrics.averageCharWidth())) - 4, 10,
        34);
    if (step == m_labelStep && chars == m_labelChars)
        return false;
    m_labelStep = step;
    m_labelChars = chars;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int key = 0; key < n; ++key)
        if (key == 0 || key == n - 1 || ((n - 1 - key) % step == 0 && key >= step))
            ticker->addTick(
                key, QStringLiteral("%1  %2")
                         .arg(elideTitleMiddle(m_tickTitles[static_cast<size_t>(key)], chars))
                         .arg(m_tickPositions[static_cast<size_t>(key)]));
    m_plot->yAxis->setTicker(ticker);
    return true;
}

int SaliencyView::labelledBars() const {
    return static_cast<int>(
        m_plot->yAxis->ticker().staticCast<QCPAxisTickerText>()->ticks().size());
}

} // namespace reclens
