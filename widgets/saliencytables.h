#pragma once
// The Saliency tab's side panel: the faithfulness scores of every method, the agreement
// between methods and what the explanation cost. Where the panel is too short for both tables
// at five rows each (1,024 x 700), they become two tabs, each with the panel's whole height.
// The faithfulness table shows all its columns where they fit, else one group at a time
// (deletion/insertion and POS/NEG, comprehensiveness, sufficiency): all eleven scrolled
// sideways at 1,024 px and cut a column at the right edge.

#include <QString>
#include <QWidget>

#include <string>

class QComboBox;
class QLabel;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QVBoxLayout;

namespace reclens {

class WorkbenchController;

class SaliencyTables : public QWidget {
    Q_OBJECT
public:
    explicit SaliencyTables(WorkbenchController* controller, QWidget* parent = nullptr);

    /// Fills both tables and the cost line from the controller's explanation; the row of
    /// `chosen` (the method on the chart) is highlighted.
    void refresh(const std::string& chosen);
    QTableView* faithfulnessTable() const { return m_faithTable; }
    QTableView* agreementTable() const { return m_agreeTable; }
    /// The whole cost line (on screen cut to one line while the tables are tabs; the tooltip has
    /// all of it).
    QString costText() const { return m_costText; }
    /// True when the tables sit one above the other, false when they are tabs.
    bool stacked() const;
    /// The tabs of the short layout (hidden while stacked).
    QTabWidget* tableTabs() const { return m_tabs; }
    /// Which of the faithfulness table's columns are shown: kAllColumns or one group. Until
    /// the analyst picks one, all where they fit the table's width, else the first group.
    QComboBox* faithfulnessColumns() const { return m_faithColumns; }
    enum FaithColumns { kAllColumns, kAucGroup, kComprehensivenessGroup, kSufficiencyGroup };

    /// Rows each table keeps in view before the panel switches to tabs.
    static constexpr int kMinRows = 5;

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Stacked when both tables keep kMinRows rows at the panel's height, else tabs.
    void arrange();
    void elideCost();
    /// Shows the method column and the group chosen in m_faithColumns, sized to the table.
    void showFaithGroup();
    /// All columns when they fit the table's width, else the first group; never overrides the
    /// analyst's pick.
    void chooseFaithGroup();

    WorkbenchController* m_controller;
    QVBoxLayout* m_layout;
    QWidget* m_faithBlock; // label + table, moved between the column and the tabs
    QWidget* m_agreeBlock;
    QWidget* m_faithHeader; // the label and the column group beside it
    QLabel* m_faithLabel;
    QComboBox* m_faithColumns;
    int m_fractions = 0;             // comprehensiveness (and sufficiency) columns in the table
    bool m_faithGroupPicked = false; // the analyst chose the columns in the combo
    int m_faithWidth = -1;           // the table's viewport width the choice was made for
    QLabel* m_agreeLabel;
    QTableView* m_faithTable;
    QStandardItemModel* m_faithModel;
    QTableView* m_agreeTable;
    QStandardItemModel* m_agreeModel;
    QTabWidget* m_tabs;
    QLabel* m_cost;
    QString m_costText;
};

} // namespace reclens
