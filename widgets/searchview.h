#pragma once
// The Search tab: the personalised search model (a checkpoint with task "search") seen from one
// customer. Type a query for the customer chosen in the Customers dock, get the ranked results
// (rank, product, score in logits) and, for the selected result, why it is there
// (SearchExplainPanel). Every computation is a controller job. At 1,024 x 700 the tab has about
// 400 px of height, so the page is two inner tabs: the results over their explanation (a
// splitter; the explanation scrolls on its own), and the attention heatmap at the full height.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTabWidget;
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
    /// Shows the inner tab with the attention heatmap (screenshots, tests).
    void showAttention();
    /// The inner tabs: results and explanation, attention heatmap.
    QTabWidget* innerTabs() const { return m_inner; }

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
    QSplitter* m_split;
    QTabWidget* m_inner;
    bool m_filling = false;
};

} // namespace reclens
