// DatasetSession, training part: training a model in a job (with progress and cancellation)
// and the bundled sample with its cached model.

#include "datasetsession.h"

#include "modelmetrics.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>

#ifndef RECLENS_SAMPLE_DIR
#define RECLENS_SAMPLE_DIR ""
#endif

namespace reclens {

namespace {

QString clock(double seconds) {
    const int s = static_cast<int>(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QString trainingProgressText(const StepStats& s, int maxEpochs, int validUsers,
                             double elapsedSeconds, double epochSeconds) {
    // "Of at most": early stopping may end the run sooner. After the last step the epoch is
    // validated (full ranking on validUsers customers), which used to look like a stuck 100 %.
    QString text = QStringLiteral("epoch %1 of at most %2 · ").arg(s.epoch).arg(maxEpochs);
    if (s.step >= s.steps)
        text += validUsers > 0 ? QStringLiteral("validating on %1 customers …").arg(validUsers)
                               : QStringLiteral("validating on all customers …");
    else {
        text +=
            QStringLiteral("step %1/%2 · loss %3").arg(s.step).arg(s.steps).arg(s.loss, 0, 'f', 4);
        if (s.step > 0 && epochSeconds > 0.5)
            text += QStringLiteral(" · about %1 left in this epoch")
                        .arg(clock(epochSeconds * (s.steps - s.step) / s.step));
    }
    return text + QStringLiteral(" · %1 elapsed").arg(clock(elapsedSeconds));
}

void DatasetSession::train(const TrainConfig& config) {
    trainThenCache(config, QString());
}

void DatasetSession::trainThenCache(const TrainConfig& config, const QString& cachePath) {
    if (!m_state.dataset) {
        m_jobs.error(QStringLiteral("Open a dataset before training."));
        return;
    }
    if (m_trainJob) {
        m_jobs.error(QStringLiteral("A model is already being trained."));
        return;
    }
    auto ds = m_state.dataset;
    Q_EMIT trainingStarted(config);
    m_jobs.status(QStringLiteral("Training on %1 …").arg(QString::fromStdString(ds->name)));
    m_trainJob = m_jobs.start(
        QStringLiteral("Training"), m_jobs.nextRequestId(),
        [this, ds, config, cachePath](Job& job) {
            auto created = SasRecModel::create(*ds, config.model, config.seed);
            if (!created)
                JobRunner::throwError(created.error());
            auto model = std::make_shared<SasRecModel>(std::move(created).value());
            QElapsedTimer sinceStep, sinceStart, sinceEpoch;
            sinceStep.start();
            sinceStart.start();
            sinceEpoch.start();
            int epochShown = 0;
            TrainCallbacks cb;
            cb.shouldStop = [&job] {
                return job.isInterruptionRequested();
            };
            cb.onEpoch = [this, &job](const EpochStats& s) {
                job.postToUi([this, s] { Q_EMIT trainingEpoch(s); });
            };
            const int maxEpochs = config.epochs;
            const int validUsers = config.validUsers;
            cb.onStep = [&job, &sinceStep, &sinceStart, &sinceEpoch, &epochShown, maxEpochs,
                         validUsers](const StepStats& s) {
                if (s.epoch != epochShown) {
                    epochShown = s.epoch;
                    sinceEpoch.restart();
                }
                if (sinceStep.elapsed() < 80 && s.step != s.steps)
                    return; // the progress bar needs no more than ~12 updates per second
                sinceStep.restart();
                job.reportProgress(double(s.step) / std::max(1, s.steps),
                                   trainingProgressText(s, maxEpochs, validUsers,
                                                        sinceStart.elapsed() / 1000.0,
                                                        sinceEpoch.elapsed() / 1000.0));
            };
            auto result = reclens::train(*model, *ds, config, cb);
            if (!result)
                JobRunner::throwError(result.error());
            const bool cancelled = result->cancelled || job.isInterruptionRequested();
            if (cancelled && result->weightsEpoch == 0) {
                return std::function<void()>([this] {
                    Q_EMIT trainingFinished(false,
                                            QStringLiteral("Training cancelled before the first "
                                                           "epoch ended; the previous model is "
                                                           "kept."));
                });
            }
            // Test metrics (accuracy and beyond-accuracy) for the Model view. After a cancel the
            // kept epoch is still measured (the stop request is already set, so no stop check):
            // a loaded model without test figures would look broken in the Model view.
            recordTestMetrics(*model, *ds, 2000, [&job, cancelled] {
                return !cancelled && job.isInterruptionRequested();
            });
            QString savedNote;
            if (!cachePath.isEmpty() && !cancelled) {
                QDir().mkpath(QFileInfo(cachePath).absolutePath());
                auto saved = model->save(cachePath.toStdString());
                savedNote = saved ? QStringLiteral(" (cached)") : QString();
            }
            std::shared_ptr<const SasRecModel> done = model;
            const TrainResult r = *result;
            return std::function<void()>([this, done, r, cancelled, savedNote, cachePath] {
                if (done->info().datasetFingerprint !=
                    (m_state.dataset ? m_state.dataset->fingerprint : "")) {
                    Q_EMIT trainingFinished(false,
                                            QStringLiteral("Dataset changed during training; "
                                                           "the new model was discarded."));
                    return;
                }
                const bool cached = !cachePath.isEmpty() && !cancelled;
                setModel(done, cached ? cachePath : QStringLiteral("trained (unsaved)"), done);
                m_state.modelUnsaved = !cached;
                // As the CLI does: a cancelled run keeps its best complete epoch, and says so.
                const QString text =
                    cancelled
                        ? QStringLiteral("Training cancelled after %1 complete epoch(s); the model "
                                         "of epoch %2 (best so far) is loaded, not saved yet.")
                              .arg(r.epochsRun)
                              .arg(r.weightsEpoch)
                        : QStringLiteral("Trained %1 epochs in %2 s; the model of epoch %3 is "
                                         "loaded%4")
                              .arg(r.epochsRun)
                              .arg(r.seconds, 0, 'f', 1)
                              .arg(r.weightsEpoch)
                              .arg(savedNote);
                Q_EMIT trainingFinished(true, text);
            });
        });
    connect(m_trainJob, &Job::progress, this, &DatasetSession::trainingProgress);
    connect(m_trainJob, &Job::failed, this,
            [this](const QString& m) { Q_EMIT trainingFinished(false, m); });
}

void DatasetSession::cancelTraining() {
    if (m_trainJob)
        m_trainJob->requestInterruption();
}

QString DatasetSession::sampleDataDir() {
    QStringList candidates;
    QByteArray env = qgetenv("RECLENS_SAMPLE_DATA");
    if (!env.isEmpty())
        candidates << QString::fromLocal8Bit(env);
    QString appDir = QCoreApplication::applicationDirPath();
    candidates << appDir + QStringLiteral("/../share/reclens/sample_data")
               << appDir + QStringLiteral("/sample_data") << QStringLiteral(RECLENS_SAMPLE_DIR);
    for (const QString& c : candidates)
        if (!c.isEmpty() && QFileInfo::exists(c + QStringLiteral("/interactions.csv")))
            return QDir(c).absolutePath();
    return {};
}

TrainConfig DatasetSession::sampleTrainConfig() {
    TrainConfig c;
    c.model.maxLength = 20;
    c.model.dim = 32;
    c.model.layers = 2;
    c.model.heads = 2;
    c.epochs = 30;
    c.patience = 3;
    return c;
}

QString DatasetSession::cachedModelPath(const std::string& fingerprint) {
    TrainConfig c = sampleTrainConfig();
    QByteArray key = QByteArray::fromStdString(fingerprint) + '-' +
                     QByteArray::number(c.model.maxLength) + '-' + QByteArray::number(c.model.dim) +
                     '-' + QByteArray::number(c.model.layers) + '-' + QByteArray::number(c.epochs) +
                     '-' + QByteArray(RECLENS_VERSION);
    QString hash = QString::fromLatin1(
        QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16));
    QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return dir + QStringLiteral("/models/sample-") + hash + QStringLiteral(".rlm");
}

void DatasetSession::openSample() {
    QString dir = sampleDataDir();
    if (dir.isEmpty()) {
        m_jobs.error(QStringLiteral(
            "The bundled sample_data folder was not found (set RECLENS_SAMPLE_DATA to its path)."));
        return;
    }
    // Once the sample is open: its cached model if present, otherwise train and cache one.
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(this, &DatasetSession::datasetAdopted, this, [this, conn] {
        disconnect(*conn);
        if (!m_state.dataset)
            return;
        QString cache = cachedModelPath(m_state.dataset->fingerprint);
        if (QFileInfo::exists(cache))
            openCheckpoint(cache);
        else
            trainThenCache(sampleTrainConfig(), cache);
    });
    openDataset(dir);
}

} // namespace reclens
