#include "saliencytables.h"

#include "attributiontext.h"
#include "explain/explainmethods.h"
#include "explain/lxr.h"
#include "saliencyview.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace reclens {

namespace {

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

/// A header (a label) above a table, as one widget that can move between the column and a tab.
QWidget* block(QWidget* header, QTableView* table) {
    auto* w = new QWidget;
    auto* layout = new QVBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(header);
    layout->addWidget(table, 1);
    return w;
}

/// Height of `table` with `rows` rows and a header of `headerLines` lines in view, a horizontal
/// bar included (the agreement table scrolls sideways in a narrow panel).
int tableHeight(const QTableView* table, int rows, int headerLines) {
    const int header = headerLines * table->fontMetrics().lineSpacing() + 10;
    return header + rows * table->verticalHeader()->defaultSectionSize() +
           table->horizontalScrollBar()->sizeHint().height() + 2 * table->frameWidth();
}

} // namespace

SaliencyTables::SaliencyTables(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    // One line: every column header carries its arrow (↓ lower is better, ↑ higher is better;
    // the tooltip says so). The four-line legend left the table a single row at 1,024 x 700
    // once the page had to fit the tab.
    m_faithLabel = new QLabel(tr("<b>Faithfulness</b>"));
    m_faithLabel->setToolTip(tr("↓ lower is better, ↑ higher is better. Deletion AUC, POS@k "
                                "area: lower is better; insertion AUC, NEG@k area, "
                                "comprehensiveness: higher is better; sufficiency: lower is "
                                "better."));
    m_faithColumns = new QComboBox;
    m_faithColumns->setObjectName(QStringLiteral("faithfulnessColumns"));
    m_faithColumns->addItems(
        {tr("All columns"), tr("AUC and POS/NEG"), tr("Comprehensiveness"), tr("Sufficiency")});
    m_faithColumns->setToolTip(
        tr("The columns shown beside the methods: all of them, or deletion and insertion AUC "
           "with LXR's POS@k and NEG@k areas, or comprehensiveness, or sufficiency at each "
           "share of the history. Until you pick, all where they fit, else the first group. "
           "Copy and CSV export take every column."));
    m_faithHeader = new QWidget;
    auto* faithHeader = new QHBoxLayout(m_faithHeader);
    faithHeader->setContentsMargins(0, 0, 0, 0);
    faithHeader->addWidget(m_faithLabel);
    faithHeader->addWidget(m_faithColumns);
    faithHeader->addStretch();
    m_faithModel = new QStandardItemModel(this);
    m_faithTable = new QTableView;
    m_faithTable->setModel(m_faithModel);
    m_faithTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    installTableActions(m_faithTable);
    m_agreeLabel = new QLabel(tr("<b>Agreement between methods</b> (Kendall τ over the "
                                 "history)"));
    m_agreeLabel->setWordWrap(true);
    m_agreeModel = new QStandardItemModel(this);
    m_agreeTable = new QTableView;
    m_agreeTable->setModel(m_agreeModel);
    m_agreeTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    installTableActions(m_agreeTable);
    m_agreeTable->verticalHeader()->setVisible(true);
    m_faithBlock = block(m_faithHeader, m_faithTable);
    m_agreeBlock = block(m_agreeLabel, m_agreeTable);
    m_layout->addWidget(m_faithBlock, 3);
    m_layout->addWidget(m_agreeBlock, 2);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("saliencyTableTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->hide();
    m_layout->addWidget(m_tabs, 1);
    // What the bundle cost: the timings per method (wall ms); one line where the tables are tabs
    // (four wrapped lines took their rows at 1,024 x 700). The whole line and the process CPU
    // ms, which compare across machine loads, are in the tooltip.
    m_cost = new QLabel;
    m_cost->setObjectName(QStringLiteral("saliencyCost"));
    m_cost->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_layout->addWidget(m_cost);
    connect(m_faithColumns, &QComboBox::currentIndexChanged, this, &SaliencyTables::showFaithGroup);
    connect(m_faithColumns, &QComboBox::activated, this, [this] { m_faithGroupPicked = true; });
    m_faithTable->viewport()->installEventFilter(this);
}

bool SaliencyTables::stacked() const {
    return m_tabs->isHidden();
}

void SaliencyTables::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    arrange();
    elideCost();
}

void SaliencyTables::arrange() {
    const int spacing = m_layout->spacing();
    const int w = width();
    const int faith = m_faithHeader->sizeHint().height() + tableHeight(m_faithTable, kMinRows, 2);
    const int agree = m_agreeLabel->heightForWidth(w) + tableHeight(m_agreeTable, kMinRows, 1);
    // The cost wraps when the tables stand one above the other: measured on its whole text, so
    // that the choice does not depend on the current one.
    const int cost = m_cost->fontMetrics()
                         .boundingRect(QRect(0, 0, std::max(1, w), 100000), Qt::TextWordWrap,
                                       m_costText.isEmpty() ? QStringLiteral("x") : m_costText)
                         .height();
    const int need = faith + agree + cost + 4 * spacing;
    const bool stack = height() >= need;
    // The height in proportion to what each needs for all its rows (five at least), so that
    // neither drops below its five while the other shows empty lines.
    const int faithAll = faith + (std::max(kMinRows, m_faithModel->rowCount()) - kMinRows) *
                                     m_faithTable->verticalHeader()->defaultSectionSize();
    const int agreeAll = agree + (std::max(kMinRows, m_agreeModel->rowCount()) - kMinRows) *
                                     m_agreeTable->verticalHeader()->defaultSectionSize();
    if (stack && stacked()) {
        m_layout->setStretchFactor(m_faithBlock, faithAll);
        m_layout->setStretchFactor(m_agreeBlock, agreeAll);
    }
    if (stack == stacked())
        return;
    if (stack) {
        m_tabs->removeTab(1);
        m_tabs->removeTab(0);
        m_tabs->hide();
        m_layout->insertWidget(0, m_faithBlock, faithAll);
        m_layout->insertWidget(1, m_agreeBlock, agreeAll);
    } else {
        m_layout->removeWidget(m_faithBlock);
        m_layout->removeWidget(m_agreeBlock);
        m_tabs->addTab(m_faithBlock, tr("Faithfulness"));
        m_tabs->addTab(m_agreeBlock, tr("Agreement"));
        m_tabs->show();
    }
    m_faithBlock->show();
    m_agreeBlock->show();
}

void SaliencyTables::elideCost() {
    // Beside the tables' tabs (a short panel) one line; above them, the whole text.
    m_cost->setWordWrap(stacked());
    if (stacked()) {
        m_cost->setText(m_costText);
        return;
    }
    m_cost->setText(
        m_cost->fontMetrics().elidedText(m_costText, Qt::ElideRight, std::max(0, m_cost->width())));
}

bool SaliencyTables::eventFilter(QObject* watched, QEvent* event) {
    // Another width (not a scroll bar that came or went below): all columns may fit, or not.
    if (watched == m_faithTable->viewport() && event->type() == QEvent::Resize &&
        m_faithTable->viewport()->width() != m_faithWidth)
        chooseFaithGroup();
    return QWidget::eventFilter(watched, event);
}

void SaliencyTables::chooseFaithGroup() {
    m_faithWidth = m_faithTable->viewport()->width();
    if (m_faithGroupPicked || m_faithModel->columnCount() == 0)
        return;
    // Every column as wide as its header or its widest cell (bold, as the chosen method's row).
    QFont bold = m_faithTable->font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    int need = 0;
    for (int c = 0; c < m_faithModel->columnCount(); ++c) {
        int widest = m_faithTable->horizontalHeader()->sectionSizeHint(c);
        for (int r = 0; r < m_faithModel->rowCount(); ++r)
            widest = std::max(
                widest,
                metrics.horizontalAdvance(m_faithModel->index(r, c).data().toString()) + 12);
        need += widest;
    }
    const int group = need <= m_faithWidth ? kAllColumns : kAucGroup;
    if (group != m_faithColumns->currentIndex())
        m_faithColumns->setCurrentIndex(group); // shows it
}

void SaliencyTables::showFaithGroup() {
    // Columns: 0 method; 1-4 deletion, insertion, POS, NEG; then the comprehensiveness and the
    // sufficiency columns, one per fraction.
    const int group = m_faithColumns->currentIndex();
    const int first = group == kAucGroup ? 1 : 5 + (group - kComprehensivenessGroup) * m_fractions;
    const int count = group == kAucGroup ? 4 : m_fractions;
    for (int c = 1; c < m_faithModel->columnCount(); ++c)
        m_faithTable->setColumnHidden(c, group != kAllColumns && (c < first || c >= first + count));
    // The methods' names take what the numbers leave (their full names are the tooltips); the
    // "Method" header stays whole.
    fitColumnsStretching(m_faithTable, 0, 220, m_faithTable->horizontalHeader()->sectionSizeHint(0),
                         /*fill=*/true);
}

void SaliencyTables::refresh(const std::string& chosen) {
    auto bundle = m_controller->explanation();
    m_faithModel->clear();
    m_agreeModel->clear();
    m_costText.clear();
    m_cost->setToolTip(QString());
    elideCost();
    if (!bundle)
        return;
    m_costText = explanationCost(*bundle);
    auto cpu = bundle->cpuMs.find("total");
    m_cost->setToolTip(
        m_costText + QStringLiteral("\n\n") +
        (cpu != bundle->cpuMs.end()
             ? tr("Wall-clock milliseconds per method. Process CPU time for the whole bundle: "
                  "%1 ms (all threads).")
                   .arg(cpu->second, 0, 'f', 0)
             : tr("Wall-clock milliseconds per method.")));
    if (bundle->faithfulness) {
        const FaithfulnessReport& f = *bundle->faithfulness;
        // Two-line headers, and one group of columns at a time where all do not fit
        // (chooseFaithGroup), keep the table within the side panel.
        // LXR (Gurevitch et al. 2025) at the bundle's top-K: does the target stay in the top-k
        // while the items the method ranks first (POS) or last (NEG) are removed?
        const int lxrK = f.lxr ? lxrNearestK(*f.lxr, bundle->k) : bundle->k;
        const int ki = f.lxr ? lxrKIndex(*f.lxr, lxrK) : -1;
        // Short names (the tooltips have the whole ones): the method and four columns fit the
        // ~290 px the panel has at 1,024 x 700; "Deletion" and "area" did not.
        QStringList header{tr("Method"), tr("Del.\nAUC ↓"), tr("Ins.\nAUC ↑"),
                           tr("POS@%1\n↓").arg(lxrK), tr("NEG@%1\n↑").arg(lxrK)};
        std::vector<float> fractions;
        if (!f.methods.empty())
            fractions = f.methods.front().fractions;
        for (float q : fractions)
            header << tr("Compr.\n%1%↑").arg(std::lround(q * 100));
        for (float q : fractions)
            header << tr("Suff.\n%1%↓").arg(std::lround(q * 100));
        m_fractions = static_cast<int>(fractions.size());
        m_faithModel->setHorizontalHeaderLabels(header);
        m_faithModel->horizontalHeaderItem(1)->setToolTip(
            tr("Deletion AUC: the score (scaled to 0–1 over this case) as the method's most "
               "important purchases are removed first; the area under that curve. Lower is "
               "better."));
        m_faithModel->horizontalHeaderItem(2)->setToolTip(
            tr("Insertion AUC: the score (scaled to 0–1 over this case) as the method's most "
               "important purchases are added first to an empty history; the area under that "
               "curve. Higher is better."));
        for (int i = 0; i < m_fractions; ++i) {
            const auto share = std::lround(fractions[static_cast<size_t>(i)] * 100);
            m_faithModel->horizontalHeaderItem(5 + i)->setToolTip(
                tr("Comprehensiveness at %1 %: the score drop when the method's top %1 % of "
                   "the history is removed. Higher is better.")
                    .arg(share));
            m_faithModel->horizontalHeaderItem(5 + m_fractions + i)
                ->setToolTip(tr("Sufficiency at %1 %: the score drop when only the method's "
                                "top %1 % of the history is kept. Lower is better.")
                                 .arg(share));
        }
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
        m_faithColumns->setEnabled(m_fractions > 0);
        if (m_fractions == 0)
            m_faithColumns->setCurrentIndex(kAucGroup);
        showFaithGroup();
        chooseFaithGroup();
    }
    QStringList names;
    QStringList shortNames;
    std::vector<const Attribution*> attrs;
    for (const std::string& m : SaliencyView::methods())
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
    // Other row counts or a longer cost line: the tables may need the other arrangement.
    arrange();
    elideCost();
}

} // namespace reclens
