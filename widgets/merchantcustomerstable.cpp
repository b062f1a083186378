#include "merchantcustomerstable.h"

#include "numbertext.h"
#include "tableutil.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace reclens {

namespace {
constexpr int UserRole = Qt::UserRole + 1;
} // namespace

MerchantCustomersTable::MerchantCustomersTable(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    m_caption = new QLabel(tr("<b>Customers</b> with it in their top-K"));
    m_caption->setWordWrap(true);
    m_explain = new QPushButton(tr("Explain for this customer"));
    m_explain->setToolTip(tr("Select the customer in the workbench and explain this product "
                             "for them (or double-click a row)."));
    m_explain->setEnabled(false);
    head->addWidget(m_caption, 1);
    head->addWidget(m_explain);
    layout->addLayout(head);
    m_model = new QStandardItemModel(this);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->verticalHeader()->hide();
    installTableActions(m_table);
    layout->addWidget(m_table);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (UserIndex u = customerAt(index.row()); u >= 0)
            Q_EMIT customerActivated(u);
    });
    connect(m_explain, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (UserIndex u = current.isValid() ? customerAt(current.row()) : -1; u >= 0)
            Q_EMIT customerActivated(u);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { m_explain->setEnabled(current.isValid()); });
}

UserIndex MerchantCustomersTable::customerAt(int row) const {
    const QStandardItem* i = m_model->item(row, 0);
    return i ? i->data(UserRole).toInt() : -1;
}

void MerchantCustomersTable::clear() {
    m_model->clear();
    m_explain->setEnabled(false);
    m_caption->setText(tr("<b>Customers</b> with it in their top-K"));
}

void MerchantCustomersTable::setResult(const MerchantExplanation& m, const Dataset& ds) {
    clear();
    m_caption->setText(
        m.customersCapped ? tr("<b>Customers</b> with it in their top-%1: the best-ranked %2 of %3")
                                .arg(m.k)
                                .arg(groupedCount(static_cast<long long>(m.customers.size())),
                                     groupedCount(m.inTopK))
                          : tr("<b>Customers</b> with it in their top-%1 (%2)")
                                .arg(m.k)
                                .arg(groupedCount(m.inTopK)));
    m_model->setHorizontalHeaderLabels({tr("Customer"), tr("Rank"), tr("Purchases")});
    m_table->setSortingEnabled(false); // append in result order, then let the user sort
    for (const MerchantCustomer& c : m.customers) {
        auto* id =
            new QStandardItem(QString::fromStdString(ds.users[static_cast<size_t>(c.user)].id));
        id->setData(c.user, UserRole);
        m_model->appendRow({id, countItem(c.rank), countItem(c.historyLength)});
    }
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(1, Qt::AscendingOrder);
    fitColumnsStretching(m_table, 0);
}

} // namespace reclens
