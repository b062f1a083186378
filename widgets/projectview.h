#pragma once
// The Project tab: what is open (dataset, model), the hyper-parameter form, training progress
// with loss and validation NDCG curves (live while training, else the open model's stored
// history), and Cancel.

#include "model/modelconfig.h"
#include "train/trainer.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace reclens {

class TrainingCurves;
class WorkbenchController;

class ProjectView : public QWidget {
    Q_OBJECT
public:
    explicit ProjectView(WorkbenchController* controller, QWidget* parent = nullptr);

    TrainConfig trainConfig() const;
    void setTrainConfig(const TrainConfig& c);
    QCustomPlot* lossPlot() const;
    QCustomPlot* metricPlot() const;
    /// The two plots and the note saying where their points come from.
    TrainingCurves* curves() const { return m_curves; }
    void flushPlots();

Q_SIGNALS:
    void openDatasetRequested();
    void openSampleRequested();

private:
    void updateDataset();
    void updateModel();
    /// The open model's stored training history (or why there is none).
    void showModelCurves();
    void onTrainingStarted();
    void onEpoch(const EpochStats& s);
    void onFinished(bool accepted, const QString& message);

    WorkbenchController* m_controller;
    QLabel* m_datasetInfo;
    QLabel* m_modelInfo;
    QSpinBox* m_maxLen;
    QSpinBox* m_dim;
    QSpinBox* m_layers;
    QSpinBox* m_heads;
    QDoubleSpinBox* m_dropout;
    QCheckBox* m_useCategory;
    QCheckBox* m_useBrand;
    QCheckBox* m_candidateFeatures;
    QComboBox* m_loss;
    QSpinBox* m_epochs;
    QSpinBox* m_patience;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_lr;
    QSpinBox* m_seed;
    QPushButton* m_train;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_progressText;
    TrainingCurves* m_curves;
    bool m_live = false; // between trainingStarted and trainingFinished: the plots are live
};

} // namespace reclens
