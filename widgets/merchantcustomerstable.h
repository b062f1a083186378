#pragma once
// The customers with the analysed product in their top-K (MerchantExplanation::customers):
// customer id, rank and history length, sortable. Double-click or "Explain for this customer"
// asks for the drill-down: that customer selected and this product explained for them.

#include "explain/merchantexplanation.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace reclens {

class MerchantCustomersTable : public QWidget {
    Q_OBJECT
public:
    explicit MerchantCustomersTable(QWidget* parent = nullptr);

    void setResult(const MerchantExplanation& m, const Dataset& ds);
    void clear();
    QTableView* table() const { return m_table; }
    QStandardItemModel* model() const { return m_model; }
    /// The customer on `row` of the (sorted) table, or -1.
    UserIndex customerAt(int row) const;

Q_SIGNALS:
    void customerActivated(UserIndex user);

private:
    QLabel* m_caption;
    QTableView* m_table;
    QStandardItemModel* m_model;
    QPushButton* m_explain;
};

} // namespace reclens
