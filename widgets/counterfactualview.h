#pragma once
// The What-if tab: edit the current customer's history (untick items to remove them, drag to
// reorder, insert a catalog item) and see the top-K before and after, side by side, with rank
// shifts. "Find minimal explanation" runs the verified counterfactual search and unticks the
// items it found; "Why A above B?" finds the smallest removal that flips two items.

#include "explain/explanation.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;

namespace reclens {

class WorkbenchController;

class CounterfactualView : public QWidget {
    Q_OBJECT
public:
    explicit CounterfactualView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// Unticks (removes) the history position; the what-if runs after a short pause.
    void setRemoved(int position, bool removed);
    /// Inserts catalog item `item` before `position` of the edited list.
    void insertItem(ItemIndex item, int position);
    void reset();
    /// Edits that turn the explained history into the list as shown.
    std::vector<HistoryEdit> currentEdits() const;
    /// Positions currently unticked (in the original history).
    std::vector<int> removedPositions() const;
    void runNow();

    QTableView* beforeTable() const { return m_beforeTable; }
    QTableView* afterTable() const { return m_afterTable; }
    QListWidget* historyList() const { return m_list; }
    QLabel* resultLabel() const { return m_result; }
    QLabel* whatIfLabel() const { return m_whatIfLabel; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Scrolls `row` of the history list into view now and whenever the list is resized (the
    /// texts below it grow after a search and shrink the list).
    void keepInView(int row);
    void loadHistory();
    void showWhatIf();
    void showCounterfactual();
    void applyCounterfactual();
    void showWhyAbove();
    void scheduleRun();
    void fillCatalog();

    WorkbenchController* m_controller;
    QListWidget* m_list;
    QComboBox* m_catalog;
    QPushButton* m_insert;
    QPushButton* m_minimal;
    QComboBox* m_a;
    QComboBox* m_b;
    QLabel* m_result;
    QLabel* m_whatIfLabel;
    QLabel* m_targetLabel;
    QTableView* m_beforeTable;
    QTableView* m_afterTable;
    QStandardItemModel* m_before;
    QStandardItemModel* m_after;
    QTimer m_debounce;
    History m_history;
    bool m_loading = false;
    int m_keepInView = -1; // list row kept in view, -1 = none
};

} // namespace reclens
