// DatasetSession, tuning part: the Tune button's Hyperband search (train/tuner.h) as a job
// off the UI thread, like training: one tuningTrial signal per trial and rung, Cancel through
// cancelTraining(), the chosen model (with every trial in its ModelInfo) replacing the current
// one only when the search delivers.

#include "datasetsession.h"

#include "modelmetrics.h"
#include "train/tuner.h"

namespace reclens {

void DatasetSession::tune(double budgetMinutes, const TrainConfig& base) {
    if (!m_state.dataset) {
        m_jobs.error(QStringLiteral("Open a dataset before tuning."));
        return;
    }
    if (m_trainJob) {
        m_jobs.error(QStringLiteral("A model is already being trained."));
        return;
    }
    auto ds = m_state.dataset;
    TuneConfig config;
    config.base = base;
    config.base.excludeBought = m_state.excludeBoughtActive();
    config.budgetMinutes = budgetMinutes;
    Q_EMIT tuningStarted();
    m_jobs.status(QStringLiteral("Tuning on %1 for at most %2 min …")
                      .arg(QString::fromStdString(ds->name))
                      .arg(budgetMinutes));
    m_trainJob = m_jobs.start(
        QStringLiteral("Tuning"), m_jobs.nextRequestId(), [this, ds, config](Job& job) {
            TuneCallbacks cb;
            cb.shouldStop = [&job] {
                return job.isInterruptionRequested();
            };
            cb.onTrial = [this, &job](const TrialRecord& t) {
                job.postToUi([this, t] { Q_EMIT tuningTrial(t); });
            };
            cb.onStage = [&job](const std::string& s) {
                job.reportProgress(-1.0, QString::fromStdString(s));
            };
            auto result = reclens::tune(*ds, config, cb);
            if (!result)
                JobRunner::throwError(result.error());
            if (result->cancelled) {
                return std::function<void()>([this] {
                    Q_EMIT trainingFinished(
                        false, QStringLiteral("Tuning cancelled; the previous model is kept."));
                });
            }
            recordTestMetrics(*result->model, *ds, 2000, job.stopCallback());
            std::shared_ptr<const SasRecModel> done = std::move(result->model);
            return std::function<void()>([this, done] {
                if (done->info().datasetFingerprint !=
                    (m_state.dataset ? m_state.dataset->fingerprint : "")) {
                    Q_EMIT trainingFinished(false, QStringLiteral("Dataset changed during tuning; "
                                                                  "the new model was discarded."));
                    return;
                }
                const TuningRecord& r = done->info().tuning;
                setModel(done, QStringLiteral("tuned (unsaved)"), done);
                m_state.modelUnsaved = true; // Save / Discard / Cancel before anything replaces it
                Q_EMIT tuningChosen(r.chosenTrial);
                Q_EMIT trainingFinished(
                    true,
                    QStringLiteral("Tuned in %1 s: %2 trial rungs, chosen trial %3%4")
                        .arg(r.seconds, 0, 'f', 1)
                        .arg(r.trials.size())
                        .arg(r.chosenTrial)
                        .arg(r.budgetExhausted ? QStringLiteral(" (budget reached)") : QString()));
            });
        });
    connect(m_trainJob, &Job::progress, this, &DatasetSession::trainingProgress);
    connect(m_trainJob, &Job::failed, this,
            [this](const QString& m) { Q_EMIT trainingFinished(false, m); });
}

} // namespace reclens
