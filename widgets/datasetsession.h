#pragma once
// The dataset and model half of the workbench: opening a dataset, training and tuning a model,
// opening and saving checkpoints (recommender, TorchScript or personalised search), the
// bundled sample with its cached model, and whether the model is unsaved. It writes the
// dataset and model fields of the shared WorkbenchState and says so through its signals;
// WorkbenchController turns them into the resets of every view (the one rule).

#include "jobrunner.h"
#include "train/trainer.h"
#include "workbenchstate.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace reclens {

/// What the Project tab says while training: "epoch 3 of at most 30 · step 40/66 · loss … ·
/// about 0:12 left in this epoch · 1:05 elapsed", or "validating on N customers" after the
/// epoch's last step.
QString trainingProgressText(const StepStats& s, int maxEpochs, int validUsers,
                             double elapsedSeconds, double epochSeconds);

class DatasetSession : public QObject {
    Q_OBJECT
public:
    DatasetSession(WorkbenchState& state, JobRunner& jobs, QObject* parent = nullptr);

    bool isTraining() const { return m_trainJob != nullptr; }
    /// True while the current model was trained in this session and never saved: opening
    /// another dataset, checkpoint or the sample would lose it (MainWindow asks first).
    bool isModelUnsaved() const { return m_state.model && m_state.modelUnsaved; }

    /// `onOpened` runs on the UI thread once the dataset is the open one (never on failure).
    void openDataset(const QString& path, const ImportOptions& options = {},
                     std::function<void()> onOpened = {});
    /// Makes `ds` the open dataset, as a finished openDataset does on the UI thread (tests hand
    /// it generated data); `repeatRate` is datasetStats(*ds).repeatRate, computed off the UI
    /// thread by the caller. A model or search model trained on other data is closed.
    void adoptDataset(std::shared_ptr<const Dataset> ds, double repeatRate);
    /// Trains a fresh model; the current one stays until training succeeds (also on Cancel).
    void train(const TrainConfig& config);
    /// Hyperband search (train/tuner.h) for at most `budgetMinutes`; `base` gives the fields
    /// not searched (seed, epochs, patience, loss, batch). A job like train(); Cancel is
    /// cancelTraining(). datasetsessiontuning.cpp.
    void tune(double budgetMinutes, const TrainConfig& base);
    void cancelTraining();
    /// A RecLens checkpoint, or a TorchScript file with its item map (`itemMap`; when empty,
    /// findItemMapBeside() looks for one next to the model).
    /// A RecLens checkpoint of another dataset whose recorded dataset file still exists is not
    /// an error but checkpointForOtherDataset (MainWindow offers to open that dataset), unless
    /// `offerDataset` is false.
    void openCheckpoint(const QString& path, const QString& itemMap = QString(),
                        bool offerDataset = true);
    /// Opens `dataset` (default import options), then `checkpoint` on it: the answer to
    /// checkpointForOtherDataset.
    void openDatasetThenCheckpoint(const QString& dataset, const QString& checkpoint,
                                   const QString& itemMap = QString());
    /// Saves the current model in a job; `onSaved` runs on the UI thread once it is written
    /// (never on failure, which comes as errorMessage).
    void saveCheckpoint(const QString& path, std::function<void()> onSaved = {});
    /// Opens the bundled sample and loads its cached model, or trains a small one and caches it.
    void openSample();

    /// Directory of the bundled sample_data (empty if not found).
    static QString sampleDataDir();
    /// Where the sample's cached model lives for a dataset fingerprint.
    static QString cachedModelPath(const std::string& fingerprint);
    /// The small configuration used for the sample's first-start model.
    static TrainConfig sampleTrainConfig();

Q_SIGNALS:
    /// The state holds a new dataset; `modelClosed` when the model was trained on other data.
    void datasetAdopted(bool modelClosed);
    /// The state holds another model (opened, trained or tuned).
    void modelReplaced();
    /// The same model under a new source (it was saved).
    void modelRenamed();
    /// The state holds another personalised search model.
    void searchModelReplaced();
    void trainingStarted(const reclens::TrainConfig& config);
    void trainingEpoch(const reclens::EpochStats& stats);
    void trainingProgress(double fraction, const QString& text);
    void trainingFinished(bool accepted, const QString& message);
    void tuningStarted();
    void tuningTrial(const reclens::TrialRecord& trial);
    void tuningChosen(int trialId);
    /// The checkpoint was trained on the dataset at `datasetSource` (name `datasetName`), not on
    /// the open one; nothing changed.
    void checkpointForOtherDataset(const QString& checkpoint, const QString& itemMap,
                                   const QString& datasetSource, const QString& datasetName);

private:
    /// `native` is the same model when it is a RecLens SASRec (what Save checkpoint writes).
    void setModel(std::shared_ptr<const SequenceModel> model, const QString& source,
                  std::shared_ptr<const SasRecModel> native);
    void trainThenCache(const TrainConfig& config, const QString& cachePath);
    /// Inside openCheckpoint's job: the deliver closure for a search checkpoint (throws its
    /// load error), or an empty function when `path` is not one.
    std::function<void()> openSearchCheckpointWork(std::shared_ptr<const Dataset> ds,
                                                   const QString& path, bool offerDataset);
    /// Inside a checkpoint job: the closure that offers the dataset `file` was trained on, when
    /// that dataset file still exists; else an empty function.
    std::function<void()> offerRecordedDataset(const std::string& file, const QString& path,
                                               const QString& itemMap);

    WorkbenchState& m_state;
    JobRunner& m_jobs;
    quint64 m_datasetRequest = 0;
    QPointer<Job> m_trainJob;
};

} // namespace reclens

Q_DECLARE_METATYPE(reclens::EpochStats)
Q_DECLARE_METATYPE(reclens::TrainConfig)
Q_DECLARE_METATYPE(reclens::TrialRecord)
