#pragma once
// The What-if tab: edit the current customer's history (untick items to remove them, drag to
// reorder, insert a catalog item) and see the top-K before and after, side by side, with rank
// shifts. "Find minimal explanation" runs the verified counterfactual search and unticks the
// items it found; "Why A above B?" finds the smallest removal that flips two items.

#include "explain/explanation.h"
#include "historyeditlist.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;

namespace reclens {

class CatalogModelPicker;
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
    std::vector<HistoryEdit> currentEdits() const { return m_list->edits(); }
    /// Positions currently unticked (in the original history).
    std::vector<int> removedPositions() const { return m_list->removedPositions(); }
    void runNow();

    QTableView* beforeTable() const { return m_beforeTable; }
    QTableView* afterTable() const { return m_afterTable; }
    HistoryEditList* historyList() const { return m_list; }
    QLabel* resultLabel() const { return m_result; }
    QLabel* whatIfLabel() const { return m_whatIfLabel; }
    /// The "insert a product" picker.
    CatalogModelPicker* catalogPicker() const { return m_catalog; }

private:
    void loadHistory();
    void showWhatIf();
    void showCounterfactual();
    void applyCounterfactual();
    void showWhyAbove();
    void scheduleRun();

    WorkbenchController* m_controller;
    HistoryEditList* m_list;
    CatalogModelPicker* m_catalog;
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
};

} // namespace reclens
