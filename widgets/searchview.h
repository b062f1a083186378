#pragma once
// The Search tab: the personalised search model (a checkpoint with task "search") seen from one
// customer. Type a query for the customer chosen in the Customers dock, get the ranked results
// (rank, product, score in logits) and, for the selected result, why it is there
// (SearchExplainPanel). Every computation is a controller job.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QStandardItemModel;
class QTableView;

namespace reclens {

class SearchExplainPanel;
class WorkbenchController;

class SearchView : public QWidget {
    Q_OBJECT
public:
    explicit SearchView(WorkbenchController* controller, QWidget* parent = nullptr);

    QLineEdit* queryEdit() const { return m_query; }
    QTableView* resultsTable() const { return m_table; }
    SearchExplainPanel* explainPanel() const { return m_panel; }
    QString statusText() const;
    /// Runs the query in the box for the current customer (what Enter and the button do).
    void runQuery();
    /// Scrolls the explanation down to its attention heatmap (screenshots, tests).
    void scrollToAttention();

private:
    void refreshHeader();
    void refreshResults();
    void refreshExplanation();

    WorkbenchController* m_controller;
    QLabel* m_customer;
    QLineEdit* m_query;
    QPushButton* m_go;
    QLabel* m_status;
    QTableView* m_table;
    QStandardItemModel* m_model;
    SearchExplainPanel* m_panel;
    QScrollArea* m_scroll;
    bool m_filling = false;
};

} // namespace reclens
