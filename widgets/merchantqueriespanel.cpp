#include "merchantqueriespanel.h"

#include "catalogmodelpicker.h"
#include "search/searchmerchant.h"
#include "workbenchcontroller.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace reclens {

namespace {

QStandardItem* number(double v, int decimals, const QString& suffix = {}) {
    auto* it = new QStandardItem(QString::number(v, 'f', decimals) + suffix);
    it->setData(v, Qt::UserRole); // sorts by value, not by text
    it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return it;
}

} // namespace

MerchantQueriesPanel::MerchantQueriesPanel(WorkbenchController* controller,
                                           CatalogModelPicker* catalog, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_catalog(catalog) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    auto* title = new QLabel(tr("<b>Search queries</b>"));
    title->setToolTip(tr("For which queries the search model puts this product in a customer's "
                         "top-K, and what lifts it where it fails"));
    row->addWidget(title);
    m_source = new QLabel;
    // The log path may be long: it may shrink (full text in the tooltip), never widen the tab.
    m_source->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_openLog = new QPushButton(tr("Open query log\u2026"));
    m_run = new QPushButton(tr("Analyse queries"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(90);
    row->addWidget(m_source, 1);
    row->addWidget(m_openLog);
    row->addWidget(m_run);
    row->addWidget(m_cancel);
    row->addWidget(m_progress);
    layout->addLayout(row);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    // The table over the lifts of the selected query; the user can move the divider.
    auto* split = new QSplitter(Qt::Vertical);
    m_model = new QStandardItemModel(this);
    m_model->setSortRole(Qt::UserRole);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    split->addWidget(m_table);
    m_lifts = new QLabel;
    m_lifts->setWordWrap(true);
    m_lifts->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_lifts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* liftsScroll = new QScrollArea;
    liftsScroll->setWidget(m_lifts);
    liftsScroll->setWidgetResizable(true);
    liftsScroll->setFrameShape(QFrame::NoFrame);
    split->addWidget(liftsScroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, [this] { analyse(m_catalog->currentItem()); });
    connect(m_catalog, &CatalogModelPicker::activated, this, [this](ItemIndex item) {
        if (offersSearch())
            analyse(item);
    });
    connect(m_cancel, &QPushButton::clicked, m_controller,
            &WorkbenchController::cancelItemSearches);
    connect(m_openLog, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open a search log (user,query,item,timestamp)"),
                                         QString(), tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty())
            m_controller->openQueryLog(path);
    });
    connect(m_controller, &WorkbenchController::searchModelChanged, this,
            &MerchantQueriesPanel::refreshAvailability);
    connect(m_controller, &WorkbenchController::queryLogChanged, this,
            &MerchantQueriesPanel::refreshAvailability);
    connect(m_controller, &WorkbenchController::itemSearchesChanged, this,
            &MerchantQueriesPanel::showResult);
    connect(m_controller, &WorkbenchController::itemSearchesProgress, this, [this](double f) {
        m_progress->setValue(static_cast<int>(std::clamp(f, 0.0, 1.0) * 1000));
        m_cancel->setEnabled(f < 1.0);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showLifts(current.row()); });
    refreshAvailability();
}

bool MerchantQueriesPanel::offersSearch() const {
    return m_controller->searchModel() != nullptr;
}

void MerchantQueriesPanel::refreshAvailability() {
    setVisible(offersSearch());
    m_source->setText(m_controller->queryLogSource());
    m_source->setToolTip(m_controller->queryLogSource());
    showResult();
}

void MerchantQueriesPanel::analyse(ItemIndex item) {
    if (item < 0 || !offersSearch()) {
        m_status->setText(tr("Pick a product in the list first."));
        return;
    }
    m_status->setText(tr("Ranking the product for every logged search\u2026"));
    m_progress->setValue(0);
    m_cancel->setEnabled(true);
    m_controller->analyseItemSearches(item);
}

void MerchantQueriesPanel::showResult() {
    m_model->clear();
    m_lifts->clear();
    m_model->setHorizontalHeaderLabels({tr("Query"), tr("Searches"), tr("In top-K"),
                                        tr("Top-K share"), tr("Mean rank"), tr("Median rank"),
                                        tr("Lifts analysed")});
    const auto r = m_controller->itemSearches();
    const auto ds = m_controller->dataset();
    if (!r || !ds || !offersSearch()) {
        if (!offersSearch())
            m_status->clear();
        return;
    }
    m_model->setHorizontalHeaderItem(2, new QStandardItem(tr("In top-%1").arg(r->k)));
    m_model->setHorizontalHeaderItem(3, new QStandardItem(tr("Top-%1 share").arg(r->k)));
    for (const auto& q : r->queries) {
        auto* text =
            new QStandardItem(QString::fromStdString(q.query.empty() ? "(no words)" : q.query));
        text->setData(QString::fromStdString(q.query), Qt::UserRole);
        text->setToolTip(tr("Logged as \"%1\"").arg(QString::fromStdString(q.example)));
        auto* lifts = new QStandardItem(q.liftSearches > 0 ? tr("%1 searches").arg(q.liftSearches)
                                                           : QString());
        lifts->setData(q.liftSearches, Qt::UserRole);
        m_model->appendRow({text, number(q.searches, 0), number(q.inTopK, 0),
                            number(100.0 * q.topKShare, 1, QStringLiteral(" %")),
                            number(q.meanRank, 1), number(q.medianRank, 1), lifts});
    }
    m_table->sortByColumn(1, Qt::DescendingOrder); // most searched first, as the result is
    m_table->resizeColumnsToContents();
    const Item& it = ds->items[static_cast<std::size_t>(r->item)];
    m_status->setText(
        tr("%1 %2: %3 searches%4, %5 queries, in the top-%6 of %7. Select a query to see the "
           "purchases that lift it.")
            .arg(QString::fromStdString(it.id), QString::fromStdString(it.title))
            .arg(r->searchesAnalysed)
            .arg(r->sampled ? tr(" (a random sample of %1)").arg(r->logSearches) : QString())
            .arg(r->queries.size())
            .arg(r->k)
            .arg(r->inTopK));
}

void MerchantQueriesPanel::showLifts(int row) {
    const auto r = m_controller->itemSearches();
    const auto ds = m_controller->dataset();
    if (!r || !ds || row < 0) {
        m_lifts->clear();
        return;
    }
    const QString query = m_model->item(row, 0)->data(Qt::UserRole).toString();
    const auto q = std::find_if(r->queries.begin(), r->queries.end(), [&](const auto& x) {
        return QString::fromStdString(x.query) == query;
    });
    if (q == r->queries.end() || q->liftSearches == 0) {
        m_lifts->setText(tr("No lift analysis for this query (only the most searched queries "
                            "where the product mostly fails are analysed)."));
        return;
    }
    QString text = tr("Purchases that lift it for \"%1\" (leave-one-out over %2 searches%3):")
                       .arg(query)
                       .arg(q->liftSearches)
                       .arg(q->liftSampled ? tr(", a random sample") : QString());
    if (q->lifts.empty())
        text += tr(" none raises its score on average.");
    for (const auto& l : q->lifts)
        text += tr("\n\u2022 %1 \u2014 strongest in %2 of %3 searches holding it, rank worse "
                   "without it in %4, mean lift %5")
                    .arg(QString::fromStdString(ds->items[static_cast<std::size_t>(l.item)].title))
                    .arg(l.strongest)
                    .arg(l.searches)
                    .arg(l.raisesRank)
                    .arg(l.meanScoreLift, 0, 'f', 3);
    m_lifts->setText(text);
}

} // namespace reclens
