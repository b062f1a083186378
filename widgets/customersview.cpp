#include "customersview.h"

#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace reclens {

QString formatTime(std::int64_t unixSeconds) {
    if (unixSeconds <= 0)
        return QStringLiteral("—");
    return QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString formatPrice(double price) {
    if (std::isnan(price))
        return QStringLiteral("—");
    return QString::number(price, 'f', 2);
}

QString itemTitle(const Dataset& ds, ItemIndex i) {
    if (i < 0 || i >= static_cast<ItemIndex>(ds.items.size()))
        return QStringLiteral("?");
    const Item& it = ds.items[static_cast<size_t>(i)];
    return QString::fromStdString(it.title.empty() ? it.id : it.title);
}

// ---------------------------------------------------------------------------------------------

void CustomerListModel::setDataset(std::shared_ptr<const Dataset> ds) {
    beginResetModel();
    m_ds = std::move(ds);
    endResetModel();
}

int CustomerListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_ds ? 0 : static_cast<int>(m_ds->users.size());
}

int CustomerListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerListModel::data(const QModelIndex& index, int role) const {
    if (!m_ds || !index.isValid())
        return {};
    const User& u = m_ds->users[static_cast<size_t>(index.row())];
    std::int64_t last = u.times.empty() ? 0 : u.times.back();
    if (role == UserRole)
        return index.row();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return QString::fromStdString(u.id);
        case LengthColumn:
            return static_cast<qlonglong>(u.sequence.size());
        case LastColumn:
            return formatTime(last);
        }
    }
    if (role == SortRole) {
        switch (index.column()) {
        case IdColumn: {
            bool ok = false;
            qlonglong n = QString::fromStdString(u.id).toLongLong(&ok);
            return ok ? QVariant(n) : QVariant(QString::fromStdString(u.id));
        }
        case LengthColumn:
            return static_cast<qlonglong>(u.sequence.size());
        case LastColumn:
            return static_cast<qlonglong>(last);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == LengthColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CustomerListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Customer");
    case LengthColumn:
        return tr("Purchases");
    case LastColumn:
        return tr("Last purchase (UTC)");
    }
    return {};
}

// ---------------------------------------------------------------------------------------------

CustomersView::CustomersView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search customer id (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);

    m_model = new CustomerListModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CustomerListModel::SortRole);
    m_proxy->setFilterKeyColumn(CustomerListModel::IdColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list = new QTableView;
    m_list->setModel(m_proxy);
    m_list->setSortingEnabled(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    installTableActions(m_list);
    auto* pin = new QAction(tr("Pin this customer beside the current one"), m_list);
    connect(pin, &QAction::triggered, this, [this] {
        QModelIndex i = m_list->currentIndex();
        if (i.isValid())
            Q_EMIT pinRequested(i.data(CustomerListModel::UserRole).toInt());
    });
    m_list->addAction(pin);

    m_historyTitle = new QLabel(tr("Select a customer to see their history."));
    m_historyTitle->setWordWrap(true);
    m_historyModel = new QStandardItemModel(this);
    m_history = new QTableView;
    m_history->setModel(m_historyModel);
    installTableActions(m_history);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* split = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_search);
    topLayout->addWidget(m_list);
    auto* bottom = new QWidget;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_historyTitle);
    bottomLayout->addWidget(m_history);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);

    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) {
                if (cur.isValid())
                    m_controller->selectCustomer(cur.data(CustomerListModel::UserRole).toInt());
            });
    connect(m_controller, &WorkbenchController::datasetChanged, this, [this] {
        m_model->setDataset(m_controller->dataset());
        m_list->sortByColumn(CustomerListModel::LengthColumn, Qt::DescendingOrder);
        m_list->resizeColumnsToContents();
        showHistory(-1);
    });
    connect(m_controller, &WorkbenchController::customerChanged, this,
            [this](int u) { showHistory(u); });
    connect(m_controller, &WorkbenchController::modelChanged, this,
            [this] { showHistory(m_controller->customer()); });
}

void CustomersView::selectUser(UserIndex u) {
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        QModelIndex i = m_proxy->index(r, 0);
        if (i.data(CustomerListModel::UserRole).toInt() == u) {
            m_list->setCurrentIndex(i);
            m_list->scrollTo(i);
            return;
        }
    }
}

void CustomersView::showHistory(UserIndex u) {
    m_historyModel->clear();
    auto ds = m_controller->dataset();
    if (!ds || u < 0 || u >= static_cast<UserIndex>(ds->users.size())) {
        m_historyTitle->setText(tr("Select a customer to see their history."));
        return;
    }
    const User& user = ds->users[static_cast<size_t>(u)];
    m_historyModel->setHorizontalHeaderLabels(
        {tr("#"), tr("Time (UTC)"), tr("Product"), tr("Category"), tr("Price"), tr("Id")});
    int n = static_cast<int>(user.sequence.size());
    int maxLen = m_controller->model() ? m_controller->model()->maxLength() : n;
    int firstSeen = std::max(0, n - maxLen);
    QColor faded(150, 150, 150);
    for (int p = 0; p < n; ++p) {
        ItemIndex it = user.sequence[static_cast<size_t>(p)];
        const Item& item = ds->items[static_cast<size_t>(it)];
        QList<QStandardItem*> row;
        row << new QStandardItem(QString::number(p + 1))
            << new QStandardItem(user.times.size() == user.sequence.size()
                                     ? formatTime(user.times[static_cast<size_t>(p)])
                                     : QStringLiteral("—"))
            << new QStandardItem(itemTitle(*ds, it))
            << new QStandardItem(QString::fromStdString(item.category))
            << new QStandardItem(formatPrice(item.price))
            << new QStandardItem(QString::fromStdString(item.id));
        QString role;
        if (p == user.testPos)
            role = tr("test target");
        else if (p == user.validPos)
            role = tr("validation target");
        for (QStandardItem* c : row) {
            if (p < firstSeen) {
                c->setForeground(faded);
                c->setToolTip(
                    tr("Older than the model's window of %1 items: not used.").arg(maxLen));
            } else if (!role.isEmpty()) {
                c->setToolTip(tr("Held out as the %1 during training.").arg(role));
            }
        }
        // The column elides long titles: the tooltip has the whole one.
        QString why = row[2]->toolTip();
        // Always rich text, so an escaped '&' in a title is shown as '&'.
        row[2]->setToolTip(QStringLiteral("<p>%1</p><p>Id %2</p>")
                               .arg(itemTitle(*ds, it).toHtmlEscaped(),
                                    QString::fromStdString(item.id).toHtmlEscaped()) +
                           (why.isEmpty() ? QString() : QStringLiteral("<p>%1</p>").arg(why)));
        m_historyModel->appendRow(row);
    }
    m_historyTitle->setText(
        tr("<b>Customer %1</b> — %2 purchases, oldest first%3")
            .arg(QString::fromStdString(user.id).toHtmlEscaped())
            .arg(n)
            .arg(firstSeen > 0 ? tr(" (grey: outside the model's window)") : QString()));
    m_history->setColumnHidden(3, ds->categories.empty()); // no categories: an empty column
    // The id is in the title's tooltip and in the CSV export; its width goes to the title.
    m_history->setColumnHidden(5, true);
    // The title takes the width that is left, elided: time, price and id stay in view in a
    // narrow dock instead of behind a horizontal scroll bar.
    fitColumnsStretching(m_history, 2, 130);
    m_history->scrollToBottom();
}

} // namespace reclens
