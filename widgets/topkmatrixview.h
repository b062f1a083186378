#pragma once
// The "Top-K at once" tab: a matrix of purchases (rows, oldest first) × top-K recommendations
// (columns, rank 1 first), each cell the purchase's contribution to that recommendation by
// leave-one-out, integrated gradients or Shapley, all from one batched explainTopK run. One
// diverging colour scale for the whole matrix, so cells compare across recommendations.

#include "model/sequencemodel.h"

#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
class QFont;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace reclens {

class ReplotCoalescer;
class WorkbenchController;
struct Dataset;
struct ListShapleyExplanation;

/// The "Why this list" sentence for `l` over `history`: the purchases that move the order most,
/// as many (up to four) and with titles as long (up to 30 characters) as fit two lines `width`
/// px wide in `font`; width <= 0: four titles of 30 characters.
QString whyThisListSentence(const ListShapleyExplanation& l, const History& history,
                            const Dataset& ds, const QFont& font, int width);

class TopKMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit TopKMatrixView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// "loo", "ig" or "shapley".
    void setMethod(const std::string& method);
    std::string method() const;
    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* colorMap() const { return m_map; }
    /// The value of purchase `row` (0 = oldest) for recommendation `column` (0 = rank 1).
    double cellValue(int row, int column) const;
    int rowCount() const { return m_rows; }
    int columnCount() const { return m_cols; }
    /// The tooltip of a cell: full titles of the purchase and the recommendation, and the value.
    QString cellTooltip(int row, int column) const;
    /// What the cells show and how to read the colours (the caption's tooltip).
    QString caption() const;
    /// The caption on screen: one line naming what the cells show.
    QString shortCaption() const;
    /// The "Why this list" line (RankingSHAP over the purchases) fitted to two lines of its
    /// label, empty without one.
    QString whyThisListText() const;
    QLabel* whyListLabel() const { return m_whyList; }
    QPushButton* explainButton() const { return m_explain; }
    void flush();

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void refresh();
    void requestIfStale();
    void showTooltip(QMouseEvent* event);
    bool applyRowLabels();
    /// Labels the columns with what the rows leave of the height: "#rank title" rotated, the
    /// title shortened to fit (more for the last columns, whose labels reach the widget's right
    /// edge), or only "#rank"; true when they changed.
    bool applyColumnLabels();

    WorkbenchController* m_controller;
    QComboBox* m_method;
    QPushButton* m_explain;
    QLabel* m_status;
    QLabel* m_caption;
    QLabel* m_whyList;
    QCustomPlot* m_plot;
    QCPColorMap* m_map;
    QCPColorScale* m_scale;
    ReplotCoalescer* m_replot;
    int m_rows = 0;
    int m_cols = 0;
    int m_rowStep = 0;
    int m_colChars = -1;              // title characters in the column labels (0: the rank only)
    std::vector<QString> m_colLabels; // as on the axis: the last columns' may be shorter
    std::vector<int> m_colRanks;
    std::vector<QString> m_rowTitles; // full titles, for tooltips
    std::vector<QString> m_colTitles;
    std::vector<QString> m_rowLabels; // elided, for the axes
};

} // namespace reclens
