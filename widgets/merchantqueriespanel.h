#pragma once
// The Merchant tab's search part: for the product picked in the catalog list, the queries of the
// search log (or queries made from the catalog) for which it reaches a customer's top-K, with
// the number of searches, the top-K share and the mean rank; selecting a failing query shows
// the purchases that lift the product for it. Shown only while a search model is open; the
// analysis is a controller job (WorkbenchController::analyseItemSearches).

#include "explain/explanation.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace reclens {

class CatalogModelPicker;
class WorkbenchController;

class MerchantQueriesPanel : public QWidget {
    Q_OBJECT
public:
    MerchantQueriesPanel(WorkbenchController* controller, CatalogModelPicker* catalog,
                         QWidget* parent = nullptr);

    /// Starts the analysis of `item` (what picking a product in the catalog list does).
    void analyse(ItemIndex item);
    /// True while a search model is open: the panel is shown and can analyse.
    bool offersSearch() const;
    QTableView* queriesTable() const { return m_table; }
    QLabel* liftsLabel() const { return m_lifts; }
    QLabel* statusLabel() const { return m_status; }

private:
    void refreshAvailability();
    void showResult();
    void showLifts(int row);

    WorkbenchController* m_controller;
    CatalogModelPicker* m_catalog;
    QLabel* m_source;
    QPushButton* m_openLog;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTableView* m_table;
    QStandardItemModel* m_model;
    QLabel* m_lifts;
};

} // namespace reclens
