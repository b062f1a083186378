#pragma once
// The Customers panel: a searchable, sortable list (id, history length, last purchase) and the
// selected customer's purchase history as a timeline (time, title, category, price).

#include "data/dataset.h"

#include <QAbstractTableModel>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QStandardItemModel;

namespace reclens {

class WorkbenchController;

class CustomerListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, LengthColumn, LastColumn, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int UserRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;
    void setDataset(std::shared_ptr<const Dataset> ds);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    std::shared_ptr<const Dataset> m_ds;
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
    QSortFilterProxyModel* m_proxy;
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
