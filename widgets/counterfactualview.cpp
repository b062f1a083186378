#include "counterfactualview.h"

#include "catalogmodelpicker.h"
#include "customersview.h"
#include "historyeditlist.h"
#include "plotutil.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace reclens {

namespace {

QStandardItem* cell(const QString& text, bool right = false) {
    auto* c = new QStandardItem(text);
    if (right)
        c->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return c;
}

} // namespace

CounterfactualView::CounterfactualView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* outer = new QVBoxLayout(this);
    m_targetLabel = new QLabel;
    m_targetLabel->setWordWrap(true);
    outer->addWidget(m_targetLabel);
    outer->addWidget(split, 1);

    // Left: the editable history.
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* editLabel = new QLabel(tr("<b>History</b> — untick to remove, drag to reorder"));
    m_list = new HistoryEditList;
    auto* insertRow = new QHBoxLayout;
    // The whole catalog, searchable: a million products stay a virtual table. Compact: the
    // title and how often it was bought.
    m_catalog = new CatalogModelPicker;
    m_catalog->setCompact(true);
    m_catalog->table()->setMaximumHeight(
        m_catalog->table()->verticalHeader()->defaultSectionSize() * 6);
    m_catalog->searchField()->setToolTip(tr("Search the catalog by title or id, select a product, "
                                            "then Insert (or double-click it)."));
    m_insert = new QPushButton(tr("Insert"));
    m_insert->setToolTip(tr("Insert the product above the selected row (or at the end)."));
    insertRow->addWidget(m_catalog, 1);
    insertRow->addWidget(m_insert, 0, Qt::AlignBottom);
    auto* buttons = new QHBoxLayout;
    auto* resetBtn = new QPushButton(tr("Reset"));
    m_minimal = new QPushButton(tr("Find minimal explanation"));
    m_minimal->setToolTip(tr("Smallest set of purchases whose removal drops the target out of the "
                             "top-K; every step is verified by re-running the model (Ctrl+M)."));
    m_minimal->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    buttons->addWidget(resetBtn);
    buttons->addWidget(m_minimal);
    buttons->addStretch();
    auto* whyBox = new QGroupBox(tr("Why A above B?"));
    auto* whyLayout = new QGridLayout(whyBox);
    m_a = new QComboBox;
    m_b = new QComboBox;
    auto* whyBtn = new QPushButton(tr("Explain"));
    whyBtn->setToolTip(tr("Smallest set of purchases whose removal puts B above A (verified)."));
    whyLayout->addWidget(new QLabel(tr("A:")), 0, 0);
    whyLayout->addWidget(m_a, 0, 1);
    whyLayout->addWidget(new QLabel(tr("B:")), 1, 0);
    whyLayout->addWidget(m_b, 1, 1);
    whyLayout->addWidget(whyBtn, 2, 1, Qt::AlignRight);
    whyLayout->setColumnStretch(1, 1);
    m_whatIfLabel = new QLabel;
    m_whatIfLabel->setWordWrap(true);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    leftLayout->addWidget(editLabel);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(insertRow);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_whatIfLabel);
    leftLayout->addWidget(m_result);
    leftLayout->addWidget(whyBox);
    split->addWidget(left);

    // Right: before and after.
    auto makeTable = [this](QStandardItemModel*& model, QTableView*& view, const QString& title) {
        auto* w = new QWidget;
        auto* l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(new QLabel(title));
        model = new QStandardItemModel(this);
        view = new QTableView;
        view->setModel(model);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        installTableActions(view);
        l->addWidget(view);
        return w;
    };
    split->addWidget(makeTable(m_before, m_beforeTable, tr("<b>Before</b> (real history)")));
    split->addWidget(makeTable(m_after, m_afterTable, tr("<b>After</b> the edit")));
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 3);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &CounterfactualView::runNow);
    connect(m_list, &HistoryEditList::edited, this, &CounterfactualView::scheduleRun);
    auto insertPicked = [this](ItemIndex item) {
        if (item < 0)
            return;
        int row = m_list->currentRow();
        insertItem(item, row < 0 ? m_list->count() : row);
    };
    connect(m_insert, &QPushButton::clicked, this,
            [this, insertPicked] { insertPicked(m_catalog->currentItem()); });
    connect(m_catalog, &CatalogModelPicker::activated, this, insertPicked);
    connect(resetBtn, &QPushButton::clicked, this, &CounterfactualView::reset);
    connect(m_minimal, &QPushButton::clicked, m_controller,
            &WorkbenchController::findMinimalExplanation);
    connect(whyBtn, &QPushButton::clicked, this, [this] {
        if (m_a->currentIndex() >= 0 && m_b->currentIndex() >= 0)
            m_controller->whyAbove(m_a->currentData().toInt(), m_b->currentData().toInt());
    });
    connect(m_controller, &WorkbenchController::datasetChanged, this,
            [this] { m_catalog->setDataset(m_controller->dataset()); });
    connect(m_controller, &WorkbenchController::recommendationsChanged, this,
            &CounterfactualView::loadHistory);
    connect(m_controller, &WorkbenchController::explanationChanged, this, [this] {
        loadHistory();
        showWhatIf();
    });
    connect(m_controller, &WorkbenchController::whatIfChanged, this,
            &CounterfactualView::showWhatIf);
    connect(m_controller, &WorkbenchController::counterfactualChanged, this,
            &CounterfactualView::showCounterfactual);
    connect(m_controller, &WorkbenchController::minimalExplanationReady, this,
            &CounterfactualView::applyCounterfactual);
    connect(m_controller, &WorkbenchController::whyAboveChanged, this,
            &CounterfactualView::showWhyAbove);
    loadHistory();
}

void CounterfactualView::loadHistory() {
    auto ds = m_controller->dataset();
    const auto& recs = m_controller->recommendations();
    bool changed = true;
    if (ds && recs)
        changed = m_list->load(*ds, recs->history);
    else
        m_list->clearHistory();
    if (changed) {
        m_after->clear();
        m_result->clear();
        m_whatIfLabel->clear();
    }
    // A/B choices from the current top-K.
    m_a->clear();
    m_b->clear();
    if (recs && ds)
        for (const RankedItem& r : recs->top) {
            QString label =
                QStringLiteral("#%1 %2").arg(r.rank).arg(elide(itemTitle(*ds, r.item), 40));
            m_a->addItem(label, r.item);
            m_b->addItem(label, r.item);
        }
    if (m_b->count() > 1)
        m_b->setCurrentIndex(1);
    ItemIndex target = m_controller->target();
    m_targetLabel->setText(
        ds && target >= 0
            ? tr("Target: <b>%1</b> — edit the history and watch its rank and the top-K change.")
                  .arg(itemTitle(*ds, target).toHtmlEscaped())
            : tr("Select a customer and a recommendation first."));
    m_minimal->setEnabled(target >= 0);
    // The real history's top-K.
    m_before->clear();
    m_before->setHorizontalHeaderLabels({tr("Rank"), tr("Product"), tr("Score")});
    if (recs && ds)
        for (const RankedItem& r : recs->top) {
            QList<QStandardItem*> row{cell(QString::number(r.rank), true),
                                      cell(itemTitle(*ds, r.item)),
                                      cell(QString::number(r.score, 'f', 4), true)};
            if (r.item == target)
                for (QStandardItem* c : row)
                    c->setBackground(QColor(232, 240, 254));
            m_before->appendRow(row);
        }
    fitColumnsStretching(m_beforeTable, 1); // the score stays in view
}

void CounterfactualView::setRemoved(int position, bool removed) {
    m_list->setRemoved(position, removed);
}

void CounterfactualView::insertItem(ItemIndex item, int position) {
    if (auto ds = m_controller->dataset())
        m_list->insertCatalogItem(*ds, item, position);
}

void CounterfactualView::reset() {
    m_list->clearHistory();
    loadHistory();
}

void CounterfactualView::scheduleRun() {
    m_debounce.start();
}

void CounterfactualView::runNow() {
    m_debounce.stop();
    m_controller->runWhatIf(m_list->edits());
}

void CounterfactualView::showWhatIf() {
    auto ds = m_controller->dataset();
    const auto& w = m_controller->whatIfResult();
    m_after->clear();
    m_after->setHorizontalHeaderLabels({tr("Rank"), tr("Shift"), tr("Product"), tr("Score")});
    if (!w)
        m_whatIfLabel->setText(tr("Untick, drag or insert purchases: the new top-K appears on "
                                  "the right."));
    if (!w || !ds || w->edited == m_list->original()) {
        if (w && ds && w->edited == m_list->original())
            m_whatIfLabel->setText(tr("The history is unchanged."));
        return;
    }
    std::map<ItemIndex, int> beforeRank;
    for (const RankedItem& r : w->before)
        beforeRank[r.item] = r.rank;
    for (const RankedItem& r : w->after) {
        QString shift;
        QColor colour;
        auto b = beforeRank.find(r.item);
        if (b == beforeRank.end()) {
            shift = tr("new");
            colour = QColor(255, 236, 179);
        } else if (b->second > r.rank) {
            shift = QStringLiteral("▲ %1").arg(b->second - r.rank);
            colour = QColor(200, 230, 201);
        } else if (b->second < r.rank) {
            shift = QStringLiteral("▼ %1").arg(r.rank - b->second);
            colour = QColor(255, 205, 210);
        } else {
            shift = QStringLiteral("=");
        }
        QList<QStandardItem*> row{cell(QString::number(r.rank), true), cell(shift),
                                  cell(itemTitle(*ds, r.item)),
                                  cell(QString::number(r.score, 'f', 4), true)};
        if (colour.isValid())
            row[1]->setBackground(colour);
        if (r.item == w->target)
            for (QStandardItem* c : {row[0], row[2], row[3]})
                c->setBackground(QColor(232, 240, 254));
        m_after->appendRow(row);
    }
    fitColumnsStretching(m_afterTable, 2);
    const RankChange& t = w->targetChange;
    // A few names, then a count: all 20 titles made a paragraph that squeezed the history
    // list above it to a few rows (the tables on the right show every item anyway).
    QStringList out;
    for (const RankChange& c : w->movedOut)
        if (out.size() < 3)
            out << itemTitle(*ds, c.item).toHtmlEscaped();
    if (w->movedOut.size() > 3)
        out.back() += tr(" and %1 more").arg(w->movedOut.size() - 3);
    m_whatIfLabel->setText(tr("Target <b>%1</b>: rank %2 → <b>%3</b> (score %4 → %5).%6")
                               .arg(itemTitle(*ds, w->target).toHtmlEscaped())
                               .arg(t.oldRank)
                               .arg(t.newRank)
                               .arg(t.oldScore, 0, 'f', 3)
                               .arg(t.newScore, 0, 'f', 3)
                               .arg(out.isEmpty() ? QString()
                                                  : tr(" Dropped out of the top %1: %2.")
                                                        .arg(w->after.size())
                                                        .arg(out.join(QStringLiteral("; ")))));
}

void CounterfactualView::showCounterfactual() {
    auto ds = m_controller->dataset();
    const auto& c = m_controller->counterfactualResult();
    if (!c || !ds)
        return;
    if (!c->found) {
        m_result->setText(tr("No minimal explanation within the budget: %1")
                              .arg(QString::fromStdString(c->message).toHtmlEscaped()));
        return;
    }
    QStringList names;
    for (ItemIndex i : c->removedItems)
        names << itemTitle(*ds, i).toHtmlEscaped();
    QString replacement =
        c->replacement >= 0
            ? tr(" “%1” takes its place.").arg(itemTitle(*ds, c->replacement).toHtmlEscaped())
            : QString();
    m_result->setText(tr("Minimal explanation: without <b>%1</b> the target falls from #%2 to "
                         "#%3%4.%5")
                          .arg(names.join(QStringLiteral(", ")))
                          .arg(c->originalRank)
                          .arg(c->newRank)
                          .arg(c->verified ? tr(" (verified by a separate re-run of the model)")
                                           : tr(" — <b>not</b> confirmed by a separate re-run of "
                                                "the model, so do not rely on it"))
                          .arg(replacement));
}

void CounterfactualView::applyCounterfactual() {
    const auto& c = m_controller->counterfactualResult();
    if (!c || !c->found)
        return;
    m_list->setRemovedExactly(
        std::set<int>(c->removedPositions.begin(), c->removedPositions.end()));
    runNow();
    showCounterfactual();
}

void CounterfactualView::showWhyAbove() {
    auto ds = m_controller->dataset();
    const auto& w = m_controller->whyAboveResult();
    if (!w || !ds)
        return;
    QString a = itemTitle(*ds, w->a).toHtmlEscaped();
    QString b = itemTitle(*ds, w->b).toHtmlEscaped();
    if (!w->found) {
        m_result->setText(tr("No removal set within the budget puts “%1” above “%2”. %3")
                              .arg(b, a, QString::fromStdString(w->message).toHtmlEscaped()));
        return;
    }
    QStringList names;
    for (ItemIndex i : w->removedItems)
        names << itemTitle(*ds, i).toHtmlEscaped();
    m_result->setText(
        tr("“%1” is above “%2” because of <b>%3</b>: without them the scores "
           "become %4 vs %5%6.")
            .arg(a, b, names.join(QStringLiteral(", ")))
            .arg(w->newScoreA, 0, 'f', 3)
            .arg(w->newScoreB, 0, 'f', 3)
            .arg(w->verified ? tr(" (verified by a separate re-run of the model)")
                             : tr(" — <b>not</b> confirmed by a separate re-run of the model")));
}

} // namespace reclens
