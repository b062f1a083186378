#pragma once
// The Project tab: what is open (dataset, model), the hyper-parameter form, training progress
// with loss and validation NDCG curves (live while training, else the open model's stored
// history), and Cancel.

#include "model/modelconfig.h"
#include "train/trainer.h"

#include <QWidget>

#include <functional>
#include <utility>
#include <vector>

class QCustomPlot;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QToolButton;
class QVBoxLayout;

namespace reclens {

class DatasetBox;
class TrainForm;
class TrainingCurves;
class TuningTable;
class WorkbenchController;

class ProjectView : public QWidget {
    Q_OBJECT
public:
    explicit ProjectView(WorkbenchController* controller, QWidget* parent = nullptr);

    /// The form's settings; fields the form does not show (weight decay, label smoothing,
    /// validation users, threads) come from the last setTrainConfig().
    TrainConfig trainConfig() const;
    void setTrainConfig(const TrainConfig& c);
    /// What the line above the form says about where its settings come from.
    QString formNote() const;
    QCustomPlot* lossPlot() const;
    QCustomPlot* metricPlot() const;
    QPushButton* trainButton() const { return m_train; }
    /// The two plots and the note saying where their points come from.
    TrainingCurves* curves() const { return m_curves; }
    /// A collapsible section titled `title` holding `content` (the project note: the view
    /// itself knows no project). Closed, it is a button at the end of the Train row that shows
    /// the first line of `content`'s text when `content` is a QPlainTextEdit; clicking it
    /// opens `content` below that row. Returns the button.
    QToolButton* addSection(const QString& title, QWidget* content);
    void flushPlots();

Q_SIGNALS:
    void openDatasetRequested();
    void openSampleRequested();

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Train and Tune need a dataset.
    void updateDataset();
    void updateModel();
    /// The open model's stored training history (or why there is none).
    void showModelCurves();
    void onTrainingStarted();
    void onEpoch(const EpochStats& s);
    void onFinished(bool accepted, const QString& message);

    WorkbenchController* m_controller;
    QSplitter* m_split;
    QWidget* m_leftPane;    // the settings, the Train row, the progress and the trials
    QVBoxLayout* m_pane;    // the scrolled settings, the Train row, the progress, the trials
    QHBoxLayout* m_buttons; // the Train row
    // The collapsible sections (addSection): each header and what rewrites its text
    // (the text is elided to the header's width, so again on every resize).
    std::vector<std::pair<QToolButton*, std::function<void()>>> m_sections;
    DatasetBox* m_dataset;
    QLabel* m_modelInfo;
    TrainForm* m_form;
    QPushButton* m_train;
    QPushButton* m_cancel;
    QPushButton* m_tune;
    QDoubleSpinBox* m_budget;
    TuningTable* m_trials;
    QProgressBar* m_progress;
    QLabel* m_progressText;
    TrainingCurves* m_curves;
    bool m_live = false; // between trainingStarted and trainingFinished: the plots are live
};

} // namespace reclens
