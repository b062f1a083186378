#pragma once
// The Customers panel: a searchable, sortable list (id, history length, last purchase) and the
// selected customer's purchase history as a timeline (time, title, category, price).

#include "data/dataset.h"

#include "rowquerymodel.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QTableView;
class QStandardItemModel;

namespace reclens {

class WorkbenchController;

/// Every customer as a virtual table; filtering by id and sorting go through RowQueryModel (on a
/// worker for a large shop), never through per-row items or a sort proxy.
class CustomerListModel : public RowQueryModel {
    Q_OBJECT
public:
    enum Column { IdColumn, LengthColumn, LastColumn, ColumnCount };
    static constexpr int UserRole = Qt::UserRole + 2;

    using RowQueryModel::RowQueryModel;
    /// Shows every customer at once in data order, then applies the filter and order.
    void setDataset(std::shared_ptr<const Dataset> ds);
    /// Shows only customers whose id contains `text` (case-insensitive).
    void setFilterText(const QString& text);
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    CellText cellText() const override;

private:
    void requery();

    std::shared_ptr<const Dataset> m_ds;
    QString m_filter;
    int m_sortColumn = -1; // -1: data order
    Qt::SortOrder m_order = Qt::AscendingOrder;
};

class CustomersView : public QWidget {
    Q_OBJECT
public:
    explicit CustomersView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// Selects the customer in the list (which asks the controller to show them).
    void selectUser(UserIndex u);
    QTableView* listView() const { return m_list; }
    QTableView* historyView() const { return m_history; }

Q_SIGNALS:
    void pinRequested(int user);

private:
    void showHistory(UserIndex u);

    WorkbenchController* m_controller;
    QLineEdit* m_search;
    QTableView* m_list;
    CustomerListModel* m_model;
    QTimer m_debounce;     // one filter per pause in typing, not one per keystroke
    UserIndex m_keep = -1; // selected before the list is re-filtered or re-sorted
    QLabel* m_historyTitle;
    QTableView* m_history;
    QStandardItemModel* m_historyModel;
};

/// "2011-12-09 12:50" in UTC, or "—" when unknown.
QString formatTime(std::int64_t unixSeconds);
/// "£3.75"-style price with two decimals, or "—" when unknown.
QString formatPrice(double price);
/// An item's title, falling back to its id.
QString itemTitle(const Dataset& ds, ItemIndex i);

} // namespace reclens
