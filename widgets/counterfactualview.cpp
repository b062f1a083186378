#include "counterfactualview.h"

#include "catalogmodelpicker.h"
#include "customersview.h"
#include "distinctelide.h"
#include "historyeditlist.h"
#include "numbertext.h"
#include "plotutil.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolButton>
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

/// A product's title, its id as the key that tells two products with one title apart.
QStandardItem* productCell(const Dataset& ds, ItemIndex item) {
    auto* c = cell(itemTitle(ds, item));
    if (item >= 0 && item < static_cast<ItemIndex>(ds.items.size()))
        c->setData(QString::fromStdString(ds.items[static_cast<size_t>(item)].id), DistinctKeyRole);
    return c;
}

} // namespace

CounterfactualView::CounterfactualView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    // Two columns: the edited history (with what edits it) on the left, what it does on the
    // right. At 1,024 x 700 the page is ~650 x 420 px: the history keeps most of the left
    // column's height (it showed four rows when the picker and the sentences sat under it),
    // and the Before/After tables stack while the right column is too narrow to put two
    // readable title columns side by side.
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
    editLabel->setWordWrap(true);
    m_list = new HistoryEditList;
    // The whole catalog, searchable: a million products stay a virtual table. Folded away
    // behind "Insert a product…" until wanted, so it takes no rows from the history.
    m_catalog = new CatalogModelPicker;
    m_catalog->setCompact(true);
    m_catalog->table()->setMaximumHeight(
        m_catalog->table()->verticalHeader()->defaultSectionSize() * 6);
    m_catalog->searchField()->setToolTip(tr("Search the catalog by title or id, select a product, "
                                            "then Insert (or double-click it)."));
    m_insert = new QPushButton(tr("Insert"));
    m_insert->setToolTip(tr("Insert the product above the selected row (or at the end)."));
    m_insertBox = new QWidget;
    auto* insertRow = new QHBoxLayout(m_insertBox);
    insertRow->setContentsMargins(0, 0, 0, 0);
    insertRow->addWidget(m_catalog, 1);
    insertRow->addWidget(m_insert, 0, Qt::AlignBottom);
    m_insertBox->hide();
    m_showInsert = new QToolButton;
    m_showInsert->setText(tr("Insert a product…"));
    m_showInsert->setCheckable(true);
    m_showInsert->setToolTip(tr("Search the catalog for a product to insert into the history."));
    auto* buttons = new QHBoxLayout;
    auto* resetBtn = new QPushButton(tr("Reset"));
    m_minimal = new QPushButton(tr("Find minimal explanation"));
    m_minimal->setToolTip(tr("Smallest set of purchases whose removal drops the target out of the "
                             "top-K; every step is verified by re-running the model (Ctrl+M)."));
    m_minimal->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    buttons->addWidget(resetBtn);
    buttons->addWidget(m_minimal);
    buttons->addStretch();
    // "Why A above B?" in two rows under the buttons: one line each for the two titles.
    auto* whyBox = new QWidget;
    auto* whyLayout = new QGridLayout(whyBox);
    whyLayout->setContentsMargins(0, 0, 0, 0);
    m_a = new QComboBox;
    m_b = new QComboBox;
    for (QComboBox* box : {m_a, m_b}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(12);
    }
    auto* whyBtn = new QPushButton(tr("Explain"));
    whyBtn->setToolTip(tr("Why is A above B? The smallest set of purchases whose removal puts B "
                          "above A (verified)."));
    whyLayout->addWidget(new QLabel(tr("Why A:")), 0, 0);
    whyLayout->addWidget(m_a, 0, 1);
    whyLayout->addWidget(new QLabel(tr("above B:")), 1, 0);
    whyLayout->addWidget(m_b, 1, 1);
    whyLayout->addWidget(whyBtn, 1, 2);
    whyLayout->setColumnStretch(1, 1);
    auto* head = new QHBoxLayout;
    head->addWidget(editLabel, 1);
    head->addWidget(m_showInsert, 0, Qt::AlignTop);
    leftLayout->addLayout(head);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addWidget(m_insertBox);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(whyBox);
    split->addWidget(left);

    // Right: what the edit did, in words (scrolls when long) above the Before and After tables.
    auto* right = new QSplitter(Qt::Vertical);
    right->setChildrenCollapsible(false);
    auto* texts = new QWidget;
    auto* textsLayout = new QVBoxLayout(texts);
    textsLayout->setContentsMargins(0, 0, 0, 0);
    m_whatIfLabel = new QLabel;
    m_whatIfLabel->setWordWrap(true);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    textsLayout->addWidget(m_whatIfLabel);
    textsLayout->addWidget(m_result);
    textsLayout->addStretch();
    auto* textsArea = new QScrollArea;
    textsArea->setWidget(texts);
    textsArea->setWidgetResizable(true);
    textsArea->setFrameShape(QFrame::NoFrame);
    textsArea->setMinimumHeight(QFontMetrics(font()).lineSpacing() * 2);
    right->addWidget(textsArea);
    auto makeTable = [this](QStandardItemModel*& model, QTableView*& view, const QString& title) {
        auto* w = new QWidget;
        auto* l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(new QLabel(title));
        model = new QStandardItemModel(this);
        view = new QTableView;
        view->setModel(model);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        view->verticalHeader()->hide(); // the Rank column says it
        installTableActions(view);
        l->addWidget(view);
        return w;
    };
    m_tables = new QSplitter(Qt::Vertical);
    m_tables->setChildrenCollapsible(false);
    m_tables->addWidget(makeTable(m_before, m_beforeTable, tr("<b>Before</b> (real history)")));
    m_tables->addWidget(makeTable(m_after, m_afterTable, tr("<b>After</b> the edit")));
    // Two products whose long titles share their start and end (Amazon's "AcuRite 00613 …
    // Gauge Indicator") read the same elided in the middle: they keep the words that differ.
    elideColumnDistinctly(m_beforeTable, 1);
    elideColumnDistinctly(m_afterTable, 2);
    right->addWidget(m_tables);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 4);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({450, 550}); // scaled to the page's width when it is first laid out
    m_tables->installEventFilter(this);

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
    connect(m_showInsert, &QToolButton::toggled, this, [this](bool on) {
        m_insertBox->setVisible(on);
        if (on)
            m_catalog->searchField()->setFocus();
    });
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
            QList<QStandardItem*> row{cell(QString::number(r.rank), true), productCell(*ds, r.item),
                                      cell(QString::number(r.score, 'f', 4), true)};
            if (r.item == target)
                for (QStandardItem* c : row)
                    c->setBackground(QColor(232, 240, 254));
            m_before->appendRow(row);
        }
    fitColumnsStretching(m_beforeTable, 1); // the score stays in view
}

bool CounterfactualView::eventFilter(QObject* watched, QEvent* event) {
    // Side by side only when each table keeps ~300 px: room for the rank, shift and score
    // columns and a title you can read; stacked otherwise (1,024 px beside the dock).
    if (watched == m_tables && event->type() == QEvent::Resize) {
        const Qt::Orientation wanted = m_tables->width() >= 600 ? Qt::Horizontal : Qt::Vertical;
        if (m_tables->orientation() != wanted)
            m_tables->setOrientation(wanted);
    }
    return QWidget::eventFilter(watched, event);
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
                                  productCell(*ds, r.item),
                                  cell(QString::number(r.score, 'f', 4), true)};
        if (colour.isValid())
            row[1]->setBackground(colour);
        if (r.item == w->target)
            for (QStandardItem* c : {row[0], row[2], row[3]})
                c->setBackground(QColor(232, 240, 254));
        m_after->appendRow(row);
    }
    fitColumnsStretching(m_afterTable, 2);
    m_whatIfLabel->setText(whatIfSentence(*w, *ds));
    m_whatIfLabel->setToolTip(tr("Target: %1").arg(itemTitle(*ds, w->target).toHtmlEscaped()));
}

QString whatIfSentence(const WhatIfResult& w, const Dataset& ds) {
    // The target's title is in the line above the columns; here only what changed, with
    // ranks grouped ("1 → 3,457") and no more than three titles of those that dropped out
    // (all 20 made a paragraph; the tables show every item anyway).
    const RankChange& t = w.targetChange;
    QStringList out;
    for (const RankChange& c : w.movedOut)
        if (out.size() < 3)
            out << elide(itemTitle(ds, c.item), 48).toHtmlEscaped();
    if (w.movedOut.size() > 3)
        out.back() += CounterfactualView::tr(" and %1 more")
                          .arg(groupedCount(static_cast<long long>(w.movedOut.size()) - 3));
    return CounterfactualView::tr("Target: rank %1 → <b>%2</b> (score %3 → %4).%5")
        .arg(groupedCount(t.oldRank), groupedCount(t.newRank))
        .arg(t.oldScore, 0, 'f', 3)
        .arg(t.newScore, 0, 'f', 3)
        .arg(out.isEmpty() ? QString()
                           : CounterfactualView::tr(" Dropped out of the top %1: %2.")
                                 .arg(groupedCount(static_cast<long long>(w.after.size())),
                                      out.join(QStringLiteral("; "))));
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
                          .arg(groupedCount(c->originalRank), groupedCount(c->newRank))
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
