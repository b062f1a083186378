#include "saliencyview.h"

#include "attributiontext.h"
#include "customersview.h"
#include "explain/explainmethods.h"
#include "explain/lxr.h"
#include "plotutil.h"
#include "tableutil.h"
#include "titletext.h"
#include "workbenchcontroller.h"

#include "qcp.h"
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace reclens {

namespace {

const char* const kMethods[] = {"loo",          "occlusion", "shapley",          "ig",
                                "grad_x_input", "grad",      "attention_rollout"};

QStandardItem* num(double v, int decimals = 3) {
    auto* i =
        new QStandardItem(std::isnan(v) ? QStringLiteral("—") : QString::number(v, 'f', decimals));
    i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}

/// LXR areas (POS@k, NEG@k) of `method` at k index `ki`, NaN when the bundle has none.
std::pair<double, double> lxrAreas(const FaithfulnessReport& f, const std::string& method, int ki) {
    const LxrMethodCurves* m = f.lxr ? lxrCurvesOf(*f.lxr, method) : nullptr;
    const auto i = static_cast<size_t>(ki);
    if (!m || ki < 0 || i >= m->pos.areas.size() || i >= m->neg.areas.size())
        return {NAN, NAN};
    return {m->pos.areas[i], m->neg.areas[i]};
}

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

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    // One line: every column header carries its arrow. The four-line legend left the table a
    // single row at 1,024 x 700 once the page had to fit the tab.
    auto* faithLabel =
        new QLabel(tr("<b>Faithfulness</b> (↓ lower is better, ↑ higher is better)"));
    faithLabel->setToolTip(tr("Deletion AUC, POS@k area: lower is better; insertion AUC, NEG@k "
                              "area, comprehensiveness: higher is better; sufficiency: lower is "
                              "better."));
    faithLabel->setWordWrap(true);
    m_faithModel = new QStandardItemModel(this);
    m_faithTable = new QTableView;
    m_faithTable->setModel(m_faithModel);
    m_faithTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    installTableActions(m_faithTable);
    auto* agreeLabel = new QLabel(tr("<b>Agreement between methods</b> (Kendall τ over the "
                                     "history)"));
    agreeLabel->setWordWrap(true);
    m_agreeModel = new QStandardItemModel(this);
    m_agreeTable = new QTableView;
    m_agreeTable->setModel(m_agreeModel);
    m_agreeTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    installTableActions(m_agreeTable);
    m_agreeTable->verticalHeader()->setVisible(true);
    sideLayout->addWidget(faithLabel);
    sideLayout->addWidget(m_faithTable, 3);
    sideLayout->addWidget(agreeLabel);
    sideLayout->addWidget(m_agreeTable, 2);
    // What the bundle cost: one line, the timings per method (wall ms) and, in the tooltip,
    // process CPU ms, which compare across machine loads.
    m_cost = new QLabel;
    m_cost->setWordWrap(true);
    m_cost->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sideLayout->addWidget(m_cost);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    // Enough for the method column and two figures; the tables scroll inside themselves. A wider
    // minimum (it was 540) made the whole page wider than the tab at 1,024 px, so the page
    // scrolled sideways and cut the method note.
    side->setMinimumWidth(280);
    layout->addWidget(split, 1);

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        refresh();
        refreshTables();
        Q_EMIT methodChanged();
    });
    connect(m_order, &QComboBox::currentIndexChanged, this, &SaliencyView::refresh);
    connect(m_controller, &WorkbenchController::explanationChanged, this, [this] {
        refresh();
        refreshTables();
    });
    refresh();
    refreshTables();
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

QString SaliencyView::costLabelText() const {
    return m_cost->text();
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

void SaliencyView::refreshTables() {
    auto bundle = m_controller->explanation();
    m_faithModel->clear();
    m_agreeModel->clear();
    m_cost->clear();
    m_cost->setToolTip(QString());
    if (!bundle)
        return;
    m_cost->setText(explanationCost(*bundle));
    auto cpu = bundle->cpuMs.find("total");
    if (cpu != bundle->cpuMs.end())
        m_cost->setToolTip(tr("Wall-clock milliseconds per method. Process CPU time for the "
                              "whole bundle: %1 ms (all threads).")
                               .arg(cpu->second, 0, 'f', 0));
    std::string chosen = method();
    if (bundle->faithfulness) {
        const FaithfulnessReport& f = *bundle->faithfulness;
        // Two-line headers keep the eleven columns within the side panel (one-line headers
        // made the sufficiency columns scroll out of view).
        // LXR (Gurevitch et al. 2025) at the bundle's top-K: does the target stay in the top-k
        // while the items the method ranks first (POS) or last (NEG) are removed?
        const int lxrK = f.lxr ? lxrNearestK(*f.lxr, bundle->k) : bundle->k;
        const int ki = f.lxr ? lxrKIndex(*f.lxr, lxrK) : -1;
        QStringList header{tr("Method"), tr("Deletion\nAUC ↓"), tr("Insertion\nAUC ↑"),
                           tr("POS@%1\narea ↓").arg(lxrK), tr("NEG@%1\narea ↑").arg(lxrK)};
        std::vector<float> fractions;
        if (!f.methods.empty())
            fractions = f.methods.front().fractions;
        for (float q : fractions)
            header << tr("Compr.\n%1%↑").arg(std::lround(q * 100));
        for (float q : fractions)
            header << tr("Suff.\n%1%↓").arg(std::lround(q * 100));
        m_faithModel->setHorizontalHeaderLabels(header);
        m_faithModel->horizontalHeaderItem(3)->setToolTip(
            tr("POS@%1: remove the method's most important items, 10 % of the history at a "
               "time, and record whether the recommendation stays in the top %1; the area "
               "under that 1/0 curve (0–1). Lower is better: a faithful method removes the "
               "items that matter first.")
                .arg(lxrK));
        m_faithModel->horizontalHeaderItem(4)->setToolTip(
            tr("NEG@%1: the same with the least important items removed first. Higher is "
               "better: removing what the method calls unimportant should keep the "
               "recommendation in the top %1.")
                .arg(lxrK));
        for (const MethodFaithfulness& mf : f.methods) {
            QList<QStandardItem*> row;
            const auto [posArea, negArea] = lxrAreas(f, mf.method, ki);
            row << new QStandardItem(shortMethodLabel(mf.method)) << num(mf.deletionAuc)
                << num(mf.insertionAuc) << num(posArea) << num(negArea);
            for (size_t i = 0; i < fractions.size(); ++i)
                row << num(i < mf.comprehensiveness.size() ? mf.comprehensiveness[i] : NAN);
            for (size_t i = 0; i < fractions.size(); ++i)
                row << num(i < mf.sufficiency.size() ? mf.sufficiency[i] : NAN);
            // Short names keep the nine columns in view; the full name is in the tooltip.
            row.front()->setToolTip(methodLabel(mf.method) + QStringLiteral(": ") +
                                    methodTooltip(mf.method));
            if (mf.method == chosen)
                for (QStandardItem* c : row) {
                    QFont b = c->font();
                    b.setBold(true);
                    c->setFont(b);
                    c->setBackground(QColor(232, 240, 254));
                }
            m_faithModel->appendRow(row);
        }
        QList<QStandardItem*> rnd;
        const auto [rndPos, rndNeg] = lxrAreas(f, "random", ki);
        rnd << new QStandardItem(tr("Random")) << num(f.randomDeletionAuc)
            << num(f.randomInsertionAuc) << num(rndPos) << num(rndNeg);
        rnd.front()->setToolTip(tr("Reference: the mean over %1 random removal orders; a "
                                   "method is only informative if it beats this.")
                                    .arg(m_controller->explainConfig().faithfulnessRandomOrders));
        m_faithModel->appendRow(rnd);
        const auto [popPos, popNeg] = lxrAreas(f, "popularity", ki);
        if (!std::isnan(popPos)) {
            QList<QStandardItem*> pop;
            pop << new QStandardItem(tr("Popularity")) << num(NAN) << num(NAN) << num(popPos)
                << num(popNeg);
            pop.front()->setToolTip(tr("Reference for POS/NEG: the customer's most bought items "
                                       "(interactions in the dataset) removed first, or last."));
            m_faithModel->appendRow(pop);
        }
        fitColumnsStretching(m_faithTable, 0);
    }
    QStringList names;
    QStringList shortNames;
    std::vector<const Attribution*> attrs;
    for (const char* m : kMethods)
        if (const Attribution* a = bundle->attribution(m)) {
            names << methodLabel(m);
            shortNames << shortMethodLabel(m);
            attrs.push_back(a);
        }
    // Short column names (the rows carry the full ones), so the table fits its panel.
    m_agreeModel->setHorizontalHeaderLabels(shortNames);
    m_agreeModel->setVerticalHeaderLabels(names);
    for (int c = 0; c < names.size(); ++c)
        m_agreeModel->horizontalHeaderItem(c)->setToolTip(names[c]);
    for (size_t i = 0; i < attrs.size(); ++i)
        for (size_t j = 0; j < attrs.size(); ++j) {
            if (i == j) {
                m_agreeModel->setItem(static_cast<int>(i), static_cast<int>(j), num(NAN));
                continue;
            }
            const double t = methodAgreement(*attrs[i], *attrs[j]);
            auto* cell = num(t, 2);
            if (std::isnan(t)) {
                cell->setToolTip(tr("Not independent evidence: both come from the same "
                                    "gradient, so their agreement says nothing."));
            } else {
                int shade = static_cast<int>(255 - 60 * std::max(0.0, t));
                cell->setBackground(QColor(shade, 255, shade));
                if (!isSignedMethod(attrs[i]->method) || !isSignedMethod(attrs[j]->method))
                    cell->setToolTip(
                        tr("Compared by magnitude: %1 has no sign.")
                            .arg(isSignedMethod(attrs[i]->method) ? names[j] : names[i]));
            }
            m_agreeModel->setItem(static_cast<int>(i), static_cast<int>(j), cell);
        }
    m_agreeTable->resizeColumnsToContents();
}

} // namespace reclens
