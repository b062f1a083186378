#include "customersview.h"

#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

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
    m_ds = std::move(ds);
    Rows all(m_ds ? m_ds->users.size() : 0);
    std::iota(all.begin(), all.end(), 0);
    showRows(std::move(all));
    requery();
}

void CustomerListModel::setFilterText(const QString& text) {
    if (text == m_filter)
        return;
    m_filter = text;
    requery();
}

void CustomerListModel::sort(int column, Qt::SortOrder order) {
    m_sortColumn = column;
    m_order = order;
    requery();
}

void CustomerListModel::requery() {
    if (!m_ds)
        return;
    runQuery(m_ds->users.size(), [ds = m_ds, text = m_filter, column = m_sortColumn,
                                  order = m_order](const Superseded& stop) {
        const auto& users = ds->users;
        const auto n = static_cast<std::int32_t>(users.size());
        const SubstringMatcher match(text);
        Rows rows;
        for (std::int32_t u = 0; u < n; ++u) {
            if ((u & 0xffff) == 0 && stop())
                return rows;
            if (match.empty() || match.matches(users[static_cast<size_t>(u)].id))
                rows.push_back(u);
        }
        auto user = [&](std::int32_t u) -> const User& {
            return users[static_cast<size_t>(u)];
        };
        auto last = [&](std::int32_t u) -> std::int64_t {
            return user(u).times.empty() ? 0 : user(u).times.back();
        };
        switch (column) {
        case IdColumn:
            sortRows(rows, order, [&](std::int32_t a, std::int32_t b) {
                return idLess(user(a).id, user(b).id);
            });
            break;
        case LengthColumn:
            sortRows(rows, order, [&](std::int32_t a, std::int32_t b) {
                return user(a).sequence.size() < user(b).sequence.size();
            });
            break;
        case LastColumn:
            sortRows(rows, order,
                     [&](std::int32_t a, std::int32_t b) { return last(a) < last(b); });
            break;
        default:
            break;
        }
        return rows;
    });
}

int CustomerListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString customerCell(const User& u, int column) {
    switch (column) {
    case CustomerListModel::IdColumn:
        return QString::fromStdString(u.id);
    case CustomerListModel::LengthColumn:
        return QString::number(u.sequence.size());
    case CustomerListModel::LastColumn:
        return formatTime(u.times.empty() ? 0 : u.times.back());
    }
    return {};
}

} // namespace

QVariant CustomerListModel::data(const QModelIndex& index, int role) const {
    const std::int32_t row = sourceRow(index.row());
    if (!m_ds || row < 0)
        return {};
    const User& u = m_ds->users[static_cast<size_t>(row)];
    if (role == UserRole)
        return row;
    if (role == Qt::DisplayRole)
        return index.column() == LengthColumn ? QVariant(static_cast<qlonglong>(u.sequence.size()))
                                              : QVariant(customerCell(u, index.column()));
    if (role == Qt::TextAlignmentRole && index.column() == LengthColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

RowQueryModel::CellText CustomerListModel::cellText() const {
    if (!m_ds)
        return {};
    return [ds = m_ds](std::int32_t row, int column) {
        return customerCell(ds->users[static_cast<size_t>(row)], column);
    };
}

QVariant CustomerListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal)
        return {};
    // "Last purchase (UTC)" was cut to "st purchase (U" beside long ids in a 1,024-px window:
    // the short header, the whole name in its tooltip.
    if (role == Qt::ToolTipRole && section == LastColumn)
        return tr("Last purchase (UTC)");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Customer");
    case LengthColumn:
        return tr("Purchases");
    case LastColumn:
        return tr("Last (UTC)");
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
    m_list = new QTableView;
    m_list->setModel(m_model);
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
    // The list is what the analyst scans: at 1,024 x 700 it keeps a dozen rows and the
    // history below about eight (it scrolls; the Saliency tab shows the history in full).
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(m_search, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this,
            [this] { m_model->setFilterText(m_search->text().trimmed()); });
    // The selected customer stays selected when the list is re-filtered or re-sorted.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        QModelIndex i = m_list->currentIndex();
        m_keep = i.isValid() ? i.data(CustomerListModel::UserRole).toInt() : -1;
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        int row = m_keep >= 0 ? m_model->rowOf(m_keep) : -1;
        if (row >= 0) {
            QSignalBlocker block(m_list->selectionModel()); // still the same customer
            m_list->setCurrentIndex(m_model->index(row, 0));
        }
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) {
                if (cur.isValid())
                    m_controller->selectCustomer(cur.data(CustomerListModel::UserRole).toInt());
            });
    connect(m_controller, &WorkbenchController::datasetChanged, this, [this] {
        m_list->setCurrentIndex({}); // a customer index of the old data means nothing now
        m_model->setDataset(m_controller->dataset());
        m_list->sortByColumn(CustomerListModel::LengthColumn, Qt::DescendingOrder);
        // The ids take the width the counts and dates leave, elided in the middle (the tooltip
        // has them whole): Amazon's 14-character ids beside the two other columns made the
        // list scroll sideways in a 1,024-px window. The header "Customer" stays whole.
        fitColumnsStretching(
            m_list, CustomerListModel::IdColumn, 220,
            m_list->horizontalHeader()->sectionSizeHint(CustomerListModel::IdColumn),
            /*fill=*/true);
        showHistory(-1);
    });
    connect(m_controller, &WorkbenchController::customerChanged, this,
            [this](int u) { showHistory(u); });
    connect(m_controller, &WorkbenchController::modelChanged, this,
            [this] { showHistory(m_controller->customer()); });
}

void CustomersView::selectUser(UserIndex u) {
    const int row = m_model->rowOf(u);
    if (row < 0)
        return;
    QModelIndex i = m_model->index(row, 0);
    m_list->setCurrentIndex(i);
    m_list->scrollTo(i);
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
        {tr("#"), tr("Date (UTC)"), tr("Product"), tr("Category"), tr("Price"), tr("Id")});
    int n = static_cast<int>(user.sequence.size());
    int maxLen = m_controller->model() ? m_controller->model()->maxLength() : n;
    int firstSeen = std::max(0, n - maxLen);
    QColor faded(150, 150, 150);
    for (int p = 0; p < n; ++p) {
        ItemIndex it = user.sequence[static_cast<size_t>(p)];
        const Item& item = ds->items[static_cast<size_t>(it)];
        QList<QStandardItem*> row;
        // The date only, the time of day in its tooltip: "yyyy-MM-dd HH:mm" and the category
        // took the product's width, and the history scrolled sideways at 1,024 px.
        const QString time = user.times.size() == user.sequence.size()
                                 ? formatTime(user.times[static_cast<size_t>(p)])
                                 : QStringLiteral("—");
        auto* date = new QStandardItem(time.left(10));
        // The leaf of the category path ("Filament", not "Indu…ment"); the path is the tooltip.
        const QString path = QString::fromStdString(item.category);
        auto* category = new QStandardItem(path.section(QLatin1Char('>'), -1).trimmed());
        row << new QStandardItem(QString::number(p + 1)) << date
            << new QStandardItem(itemTitle(*ds, it)) << category
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
        // The columns elide long titles and categories: the tooltips have them whole.
        QString why = row[2]->toolTip();
        if (date->toolTip().isEmpty() && time.size() > 10)
            date->setToolTip(time + QStringLiteral(" UTC"));
        if (category->toolTip().isEmpty())
            category->setToolTip(path);
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
    // No timestamps or no prices (Amazon's files have neither): columns of dashes that pushed
    // Category out of view and took the titles' width.
    m_history->setColumnHidden(1, user.times.size() != user.sequence.size());
    m_history->setColumnHidden(
        4, std::all_of(user.sequence.begin(), user.sequence.end(), [&ds](ItemIndex i) {
            return std::isnan(ds->items[static_cast<size_t>(i)].price);
        }));
    // The id is in the title's tooltip and in the CSV export; its width goes to the title.
    m_history->setColumnHidden(5, true);
    // The title takes the width that is left, elided: date, category and price stay in view in
    // a narrow dock instead of behind a horizontal scroll bar. Beside dates, categories wider
    // than 84 px are elided: with 130 px (and the time of day) the sample's history was 88 px
    // wider than the dock at 1,024 px. Without dates (Amazon's paths have no separator to
    // take a leaf from) they keep 130 px.
    const bool dated = !m_history->isColumnHidden(1);
    fitColumnsStretching(m_history, 2, dated ? 84 : 130, 84);
    m_history->scrollToBottom();
}

} // namespace reclens
