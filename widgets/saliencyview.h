#pragma once
// The Saliency tab: one signed bar per history item for the chosen attribution method
// (red pushes the recommendation up, blue pushes it down), sorted or chronological, with the
// method's faithfulness scores and the agreement between methods beside it.

#include <QString>
#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QCPBars;
class QCustomPlot;
class QLabel;
class QTableView;
class QVBoxLayout;

namespace reclens {

class ReplotCoalescer;
class SaliencyTables;
class WorkbenchController;

class SaliencyView : public QWidget {
    Q_OBJECT
public:
    explicit SaliencyView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// Stable method names as in the engine: grad, grad_x_input, ig, loo, shapley,
    /// attention_rollout.
    void setMethod(const std::string& method);
    std::string method() const;
    /// The methods of the selector in its order, the engine default first.
    static std::vector<std::string> methods();
    /// Adds `widget` under the method note (the project's feedback bar).
    void addBelowMethod(QWidget* widget);
    void setSorted(bool sorted);
    /// The bar value shown for each history position (chronological), read back from the bars.
    std::vector<double> shownValues() const;
    QCustomPlot* plot() const { return m_plot; }
    QTableView* faithfulnessTable() const;
    /// The faithfulness and agreement tables and the cost line beside the chart.
    SaliencyTables* tables() const { return m_tables; }
    void flush();

    /// The note under the method selector (the method's sentence and its details).
    QString methodNote() const;
    QString costLabelText() const;
    /// How many bars carry a label (all when they fit, every k-th when they would overlap).
    int labelledBars() const;

Q_SIGNALS:
    void methodChanged();

private:
    void refresh();
    /// Sets the labels that fit the plot's height; true when they changed.
    bool applyTickLabels();

    WorkbenchController* m_controller;
    QComboBox* m_method;
    QComboBox* m_order;
    QLabel* m_methodNote;
    QVBoxLayout* m_layout;
    QCustomPlot* m_plot;
    QCPBars* m_pos;
    QCPBars* m_neg;
    ReplotCoalescer* m_replot;
    std::vector<int> m_keyToPosition;  // bar key → history position
    std::vector<QString> m_tickTitles; // the purchase title of each bar key
    std::vector<int> m_tickPositions;  // its 1-based position in the history
    int m_labelStep = 0;               // every how many bars a label is drawn
    int m_labelChars = 0;              // titles shortened to this many characters
    SaliencyTables* m_tables;
};

} // namespace reclens
