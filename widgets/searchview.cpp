#include "searchview.h"

#include "attentionview.h"
#include "searchexplainpanel.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include "search/searchexplain.h"
#include "search/searchmodel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace reclens {

namespace {
constexpr int ItemRole = Qt::UserRole + 1;
enum Column { RankCol, IdCol, TitleCol, ScoreCol };
} // namespace

SearchView::SearchView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_customer = new QLabel;
    m_query = new QLineEdit;
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setPlaceholderText(tr("What the customer types, e.g. \u201ccoffee mug\u201d"));
    m_query->setClearButtonEnabled(true);
    m_go = new QPushButton(tr("&Search"));
    m_go->setToolTip(tr("Rank every product for this customer and query (Enter)"));
    row->addWidget(m_customer);
    row->addWidget(m_query, 1);
    row->addWidget(m_go);
    layout->addLayout(row);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_model = new QStandardItemModel(this);
    m_model->setHorizontalHeaderLabels(
        {tr("Rank"), tr("Product id"), tr("Title"), tr("Score (logits)")});
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    installTableActions(m_table);
    m_table->verticalHeader()->setVisible(false);
    m_table->setMinimumHeight(3 * m_table->verticalHeader()->defaultSectionSize() +
                              m_table->horizontalHeader()->sizeHint().height() + 4);
    m_panel = new SearchExplainPanel;
    m_scroll = new QScrollArea;
    m_scroll->setWidget(m_panel);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The results over the explanation of the selected one; the analyst drags the handle.
    m_split = new QSplitter(Qt::Vertical);
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(m_table);
    m_split->addWidget(m_scroll);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 1);
    // About four rows first: the explanation's headline and share stay in sight below.
    m_split->setSizes({4 * m_table->verticalHeader()->defaultSectionSize() +
                           m_table->horizontalHeader()->sizeHint().height() + 4,
                       1000});
    m_inner = new QTabWidget;
    m_inner->setDocumentMode(true);
    m_inner->addTab(m_split, tr("Results and why"));
    // The heatmap gets the tab's whole height: its rotated product labels stay readable.
    m_inner->addTab(m_panel->attentionView(), tr("Attention"));
    m_inner->setTabToolTip(1, tr("Attention per layer and head over the purchases, the query "
                                 "words and the SEARCH token, for the selected result"));
    layout->addWidget(m_inner, 1);

    connect(m_query, &QLineEdit::returnPressed, this, &SearchView::runQuery);
    connect(m_go, &QPushButton::clicked, this, &SearchView::runQuery);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (m_filling || !current.isValid())
                    return;
                const QVariant item = m_model->item(current.row(), RankCol)->data(ItemRole);
                m_controller->explainSearchResult(item.toInt());
            });
    connect(m_controller, &WorkbenchController::searchModelChanged, this,
            &SearchView::refreshHeader);
    connect(m_controller, &WorkbenchController::datasetChanged, this, &SearchView::refreshHeader);
    connect(m_controller, &WorkbenchController::customerChanged, this, [this] {
        refreshHeader();
        // Same query, other customer: the results follow the Customers dock.
        if (m_controller->searchModel() && m_controller->searchResults())
            runQuery();
    });
    connect(m_controller, &WorkbenchController::searchResultsChanged, this,
            &SearchView::refreshResults);
    connect(m_controller, &WorkbenchController::searchExplanationStarted, this, [this] {
        m_panel->setExplanation(nullptr, nullptr, tr("Explaining the selected result\u2026"));
    });
    connect(m_controller, &WorkbenchController::searchExplanationChanged, this,
            &SearchView::refreshExplanation);
    refreshHeader();
}

QString SearchView::statusText() const {
    return m_status->text();
}

void SearchView::runQuery() {
    m_controller->search(m_query->text());
}

void SearchView::showAttention() {
    m_inner->setCurrentIndex(1);
}

void SearchView::refreshHeader() {
    auto ds = m_controller->dataset();
    const UserIndex u = m_controller->customer();
    const bool ready = m_controller->searchModel() && ds && u >= 0;
    m_customer->setText(
        ds && u >= 0 ? tr("Customer <b>%1</b>:")
                           .arg(QString::fromStdString(ds->users[static_cast<std::size_t>(u)].id))
                     : tr("No customer:"));
    m_query->setEnabled(ready);
    m_go->setEnabled(ready);
    if (!m_controller->searchModel())
        m_status->setText(tr("Open a search model (File \u2192 Open model\u2026) trained with "
                             "<tt>reclens-cli train --task search --queries FILE</tt> on this "
                             "dataset; the recommender stays open beside it."));
    else if (u < 0)
        m_status->setText(tr("Search model %1. Pick a customer in the Customers panel.")
                              .arg(QFileInfo(m_controller->searchModelSource()).fileName()));
    else if (!m_controller->searchResults())
        m_status->setText(tr("Search model %1. Type a query and press Enter.")
                              .arg(QFileInfo(m_controller->searchModelSource()).fileName()));
}

void SearchView::refreshResults() {
    m_filling = true;
    m_model->removeRows(0, m_model->rowCount());
    const auto& r = m_controller->searchResults();
    auto ds = m_controller->dataset();
    if (!r || !ds) {
        m_filling = false;
        refreshHeader();
        m_panel->setExplanation(nullptr, nullptr);
        return;
    }
    for (const auto& x : r->top) {
        const Item& item = ds->items[static_cast<std::size_t>(x.item)];
        auto* rank = new QStandardItem(QString::number(x.rank));
        rank->setData(x.item, ItemRole);
        auto* score = new QStandardItem(QString::number(static_cast<double>(x.score), 'f', 3));
        score->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_model->appendRow({rank, new QStandardItem(QString::fromStdString(item.id)),
                            new QStandardItem(QString::fromStdString(item.title)), score});
    }
    fitColumnsStretching(m_table, TitleCol);
    if (!r->top.empty())
        m_table->selectRow(0); // the controller explains the top result
    m_filling = false;
    QString words = r->terms.isEmpty() ? tr("no word (the purchases alone rank)")
                                       : r->terms.join(QStringLiteral(", "));
    if (!r->unknownTerms.isEmpty())
        words += tr("; unknown to the model: %1").arg(r->unknownTerms.join(QStringLiteral(", ")));
    // The gate is in the explanation below, beside the ranks with each side alone.
    m_status->setText(tr("Query words: %1 \u00b7 %2 purchases read as the history")
                          .arg(words.toHtmlEscaped())
                          .arg(r->purchases));
}

void SearchView::refreshExplanation() {
    auto e = m_controller->searchExplanation();
    m_panel->setExplanation(e, m_controller->dataset(),
                            m_controller->searchResults() ? tr("Select a result to explain it.")
                                                          : QString());
    // Which result the heatmap is about, without going back to the first tab.
    m_inner->setTabText(1, e ? tr("Attention for #%1").arg(e->bundle.targetRank) : tr("Attention"));
    if (!e)
        return;
    // Keep the selected row on the explained result (a click elsewhere started a newer one).
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->item(row, RankCol)->data(ItemRole).toInt() == e->bundle.target &&
            m_table->currentIndex().row() != row) {
            m_filling = true;
            m_table->selectRow(row);
            m_filling = false;
        }
}

} // namespace reclens
