#pragma once
// The What-if tab: edit the current customer's history (untick items to remove them, drag to
// reorder, insert a catalog item) and see the top-K before and after, side by side, with rank
// shifts (stacked when the page is narrow). "Find minimal explanation" runs the verified
// counterfactual search and unticks the items it found; "Why A above B?" finds the smallest removal
// that flips two items.

#include "explain/explanation.h"
#include "historyeditlist.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStandardItemModel;
class QTableView;
class QToolButton;

namespace reclens {

class CatalogModelPicker;
struct Dataset;
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
    /// The "insert a product" picker (shown by the "Insert a product…" button).
    CatalogModelPicker* catalogPicker() const { return m_catalog; }
    QToolButton* showInsertButton() const { return m_showInsert; }
    /// The Before and After tables: side by side when wide, stacked when narrow.
    QSplitter* tablesSplitter() const { return m_tables; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

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
    QWidget* m_insertBox;
    QToolButton* m_showInsert;
    QSplitter* m_tables;
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

/// The what-if's outcome in one sentence: the target's rank and score before and after (ranks
/// grouped: "rank 1 → 3,457") and up to three of the products that left the top-K.
QString whatIfSentence(const WhatIfResult& w, const Dataset& ds);

} // namespace reclens
