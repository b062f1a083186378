#include "recommendationsview.h"

#include "customersview.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace reclens {

namespace {
constexpr int ItemRole = Qt::UserRole + 1;
constexpr int SortRole = Qt::UserRole + 2; // numbers sort as numbers, not as text
enum Column { RankCol, DeltaCol, ProductCol, ScoreCol, PriceCol, CategoryCol, IdCol };
const QColor kOnlyHere(255, 236, 179); // not in the other list
} // namespace

RecommendationsView::RecommendationsView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    auto* buttons = new QHBoxLayout;
    auto* pinCustomer = new QPushButton(tr("Pin this customer"));
    pinCustomer->setToolTip(tr("Keep this customer's list on the right, then pick another customer "
                               "to compare."));
    auto* pinCheckpoint = new QPushButton(tr("Pin a checkpoint…"));
    pinCheckpoint->setToolTip(tr("Show this customer's list from another trained model on the "
                                 "right."));
    m_clearPin = new QPushButton(tr("Clear pin"));
    buttons->addWidget(pinCustomer);
    buttons->addWidget(pinCheckpoint);
    buttons->addWidget(m_clearPin);
    // The one "exclude already bought" setting (explain/candidatefilter.h): lists, ranks,
    // explanations and counterfactuals all follow it through the controller.
    m_excludeBought = new QCheckBox(tr("Exclude products already bought"));
    m_excludeBought->setObjectName(QStringLiteral("excludeBought"));
    m_excludeBought->setToolTip(
        tr("Leave out what the customer already bought; ranks are then among the products not "
           "yet bought. Set automatically from the data: on when fewer than 2 % of purchases "
           "repeat an earlier one."));
    // The setting and the legend get their own row: beside the three buttons they made the
    // page wider than its tab at 1,024 px.
    auto* options = new QHBoxLayout;
    options->addWidget(m_excludeBought);
    connect(m_excludeBought, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_filling)
            m_controller->setExcludeBought(on ? ExcludeBought::On : ExcludeBought::Off);
    });
    auto* legend = new QLabel(tr("<span style='background:#ffecb3'>&nbsp;highlighted&nbsp;</span> "
                                 "= not in the other list · Δ = rank change vs. the other list"));
    legend->setWordWrap(true); // a narrow window wraps it rather than widening the page
    options->addWidget(legend, 1);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addLayout(options);

    auto makeSide = [](QLabel*& title, QTableView*& table, QStandardItemModel*& model,
                       QObject* owner) {
        auto* w = new QWidget;
        auto* l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        title = new QLabel;
        title->setWordWrap(true);
        model = new QStandardItemModel(owner);
        table = new QTableView;
        table->setModel(model);
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        installTableActions(table);
        table->setSortingEnabled(true);
        table->sortByColumn(RankCol, Qt::AscendingOrder);
        l->addWidget(title);
        l->addWidget(table);
        return w;
    };
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(makeSide(m_title, m_table, m_model, this));
    m_pinnedSide = makeSide(m_pinnedTitle, m_pinnedTable, m_pinnedModel, this);
    split->addWidget(m_pinnedSide);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    m_table->setToolTip(tr("Select a recommendation to explain it (Enter)."));
    m_title->setToolTip(tr("The list is the top-K: K is set in Edit → Explanation settings and "
                           "is the same K the explanations, the merchant view and reports use."));

    connect(pinCustomer, &QPushButton::clicked, this,
            [this] { m_controller->pinCustomer(m_controller->customer()); });
    connect(pinCheckpoint, &QPushButton::clicked, this,
            &RecommendationsView::pinCheckpointRequested);
    connect(m_clearPin, &QPushButton::clicked, m_controller, &WorkbenchController::clearPin);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) {
                if (!m_filling && cur.isValid())
                    m_controller->setTarget(m_model->item(cur.row(), 0)->data(ItemRole).toInt());
            });
    connect(m_controller, &WorkbenchController::recommendationsChanged, this,
            &RecommendationsView::refresh);
    connect(m_controller, &WorkbenchController::pinnedChanged, this, &RecommendationsView::refresh);
    connect(m_controller, &WorkbenchController::modelChanged, this, &RecommendationsView::refresh);
    connect(m_controller, &WorkbenchController::datasetChanged, this,
            &RecommendationsView::refresh);
    refresh();
}

void RecommendationsView::fill(QStandardItemModel* model, const CustomerRecs& recs,
                               const CustomerRecs* other) {
    auto ds = m_controller->dataset();
    model->clear();
    model->setSortRole(SortRole);
    model->setHorizontalHeaderLabels({tr("Rank"), tr("Δ"), tr("Product"), tr("Score (logit)"),
                                      tr("Price"), tr("Category"), tr("Id")});
    model->horizontalHeaderItem(ScoreCol)->setToolTip(
        tr("The model's raw score (a logit): higher ranks first. Differences between products "
           "matter; the absolute value has no meaning on its own."));
    if (!ds)
        return;
    for (const RankedItem& r : recs.top) {
        const Item& item = ds->items[static_cast<size_t>(r.item)];
        QString delta;
        int deltaValue = 0; // for sorting: rank gained against the other list
        bool onlyHere = false;
        if (other) {
            onlyHere = true;
            for (const RankedItem& o : other->top)
                if (o.item == r.item) {
                    onlyHere = false;
                    int d = o.rank - r.rank;
                    deltaValue = d;
                    delta = d > 0   ? QStringLiteral("▲%1").arg(d)
                            : d < 0 ? QStringLiteral("▼%1").arg(-d)
                                    : QStringLiteral("=");
                }
            if (onlyHere)
                delta = tr("new");
        }
        const QString title = itemTitle(*ds, r.item);
        const QString id = QString::fromStdString(item.id);
        const QString category = QString::fromStdString(item.category);
        QList<QStandardItem*> row;
        row << new QStandardItem(QString::number(r.rank)) << new QStandardItem(delta)
            << new QStandardItem(title) << new QStandardItem(QString::number(r.score, 'f', 3))
            << new QStandardItem(formatPrice(item.price)) << new QStandardItem(category)
            << new QStandardItem(id);
        row[RankCol]->setData(r.rank, SortRole);
        row[DeltaCol]->setData(onlyHere ? 1000000 : deltaValue, SortRole);
        row[ProductCol]->setData(title.toLower(), SortRole);
        row[ScoreCol]->setData(r.score, SortRole);
        row[PriceCol]->setData(std::isnan(item.price) ? -1.0 : item.price, SortRole);
        row[CategoryCol]->setData(category.toLower(), SortRole);
        row[IdCol]->setData(id, SortRole);
        row[RankCol]->setData(r.item, ItemRole);
        // The whole title (the column elides it in the middle), its id and category.
        row[ProductCol]->setToolTip(
            QStringLiteral("<p>%1</p><p>Id %2%3</p>")
                .arg(title.toHtmlEscaped(), id.toHtmlEscaped(),
                     category.isEmpty() ? QString()
                                        : QStringLiteral(" · ") + category.toHtmlEscaped()));
        if (onlyHere)
            for (QStandardItem* c : row)
                c->setBackground(kOnlyHere);
        for (int c : {RankCol, DeltaCol, ScoreCol, PriceCol})
            row[c]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        model->appendRow(row);
    }
}

void RecommendationsView::refresh() {
    m_filling = true;
    m_excludeBought->setChecked(m_controller->excludeBoughtActive());
    m_excludeBought->setEnabled(m_controller->dataset() != nullptr);
    auto ds = m_controller->dataset();
    const auto& recs = m_controller->recommendations();
    const auto& pinned = m_controller->pinnedRecommendations();
    if (recs && ds) {
        fill(m_model, *recs, pinned ? &*pinned : nullptr);
        m_title->setText(
            tr("<b>Top %1 for customer %2</b> (history of %3 items%4)")
                .arg(recs->top.size())
                .arg(QString::fromStdString(ds->users[static_cast<size_t>(recs->user)].id)
                         .toHtmlEscaped())
                .arg(recs->history.size())
                .arg(m_controller->excludeBoughtActive() ? tr("; ranks among products not yet "
                                                              "bought")
                                                         : QString()));
        for (int r = 0; r < m_model->rowCount(); ++r)
            if (m_model->item(r, 0)->data(ItemRole).toInt() == m_controller->target())
                m_table->selectRow(r);
    } else {
        m_model->clear();
        m_title->setText(m_controller->model()
                             ? tr("Select a customer.")
                             : tr("Train or open a model to see recommendations."));
    }
    if (pinned && ds) {
        fill(m_pinnedModel, *pinned, recs ? &*recs : nullptr);
        m_pinnedTitle->setText(
            tr("<b>Pinned: %1</b>").arg(m_controller->pinnedLabel().toHtmlEscaped()));
    } else {
        m_pinnedModel->clear();
        m_pinnedTitle->setText(
            tr("Nothing pinned: pin this customer or another checkpoint to compare."));
    }
    m_clearPin->setEnabled(pinned.has_value());
    // Nothing pinned: the list gets the whole width (the pin buttons say how to compare).
    m_pinnedSide->setVisible(pinned.has_value());
    // Columns that would be empty: Δ compares with the pinned list, Category needs categories.
    for (QTableView* t : {m_table, m_pinnedTable}) {
        t->setColumnHidden(DeltaCol, !pinned.has_value());
        t->setColumnHidden(CategoryCol, ds && ds->categories.empty());
        // Re-apply the user's sort to the new rows.
        t->sortByColumn(t->horizontalHeader()->sortIndicatorSection(),
                        t->horizontalHeader()->sortIndicatorOrder());
        fitColumnsStretching(t, ProductCol, 110);
    }
    m_filling = false;
}

} // namespace reclens
