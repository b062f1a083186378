#pragma once
// The Attention tab: a heatmap of the attention every layer and head puts on each history
// position (from the last position, which scores the next item), the rollout across layers,
// or one head's full causal map; each head's agreement with leave-one-out is a badge, because
// attention is not an explanation unless it agrees with what removing items really does.

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace reclens {

struct Dataset;
struct ExplanationBundle;
class ReplotCoalescer;
class WorkbenchController;

class AttentionView : public QWidget {
    Q_OBJECT
public:
    enum Mode { LastPosition, Rollout, FullMap };
    /// With a controller: shows the attention of the controller's explanation. Without one
    /// (null): shows what setExplanation() gives (the Search tab's panel).
    explicit AttentionView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// For a view without a controller: `bundle`'s attention with one label per map position
    /// (`labels`; empty = the history's titles) and the x axis titled `keysTitle` (empty = the
    /// history's). Null clears the view.
    void setExplanation(std::shared_ptr<const ExplanationBundle> bundle,
                        std::shared_ptr<const Dataset> ds, std::vector<QString> labels = {},
                        const QString& keysTitle = {});

    void setMode(Mode m);
    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* colorMap() const { return m_map; }
    /// The value shown in cell (row, column); rows as labelled on the y axis, top row first.
    double cellValue(int row, int column) const;
    int rowCount() const { return m_rows; }
    int columnCount() const { return m_cols; }
    /// The line above the map: agreement badges, or why there is no map.
    QString statusText() const;
    /// Moves the caption under the map into the agreement line's tooltip: the Search tab's
    /// heatmap has ~80 px less height than the Attention tab's, and its rows need them.
    void setCaptionAsTooltip();
    void flush();

private:
    void refresh();
    void showTooltip(QMouseEvent* event);
    void reserveRoomForLastLabel(const QString& label);
    /// Puts the row and column labels on the axes, every k-th one when the map is too dense
    /// for all; returns whether the steps changed since the last call.
    bool applyTickLabels();
    /// The caption below the map, or in the agreement line's tooltip (setCaptionAsTooltip).
    void placeCaption();

    WorkbenchController* m_controller;
    std::shared_ptr<const ExplanationBundle> m_bundle; // without a controller
    std::shared_ptr<const Dataset> m_dataset;
    std::vector<QString> m_givenLabels;
    QString m_keysTitle;
    QComboBox* m_mode;
    QComboBox* m_head;
    QLabel* m_badges;
    QLabel* m_caption;
    QString m_badgesTip; // the agreement line's own tooltip
    bool m_captionAsTooltip = false;
    QCustomPlot* m_plot;
    QCPColorMap* m_map;
    QCPColorScale* m_scale;
    ReplotCoalescer* m_replot;
    int m_rows = 0;
    int m_cols = 0;
    int m_rowStep = 0; // a label on every m_rowStep-th row (0 = not set yet)
    int m_colStep = 0;
    std::vector<QString> m_rowLabels;
    std::vector<QString> m_colLabels;
};

} // namespace reclens
