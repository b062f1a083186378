#include "workbenchcontroller.h"

#include "explainsettings.h"
#include "job.h"
#include "modelmetrics.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <stdexcept>

#ifndef RECLENS_SAMPLE_DIR
#define RECLENS_SAMPLE_DIR ""
#endif

namespace reclens {

namespace {

[[noreturn]] void throwError(const Error& e) {
    throw std::runtime_error(e.message);
}

std::vector<RankedItem> rankRow(const SequenceModel& model, const History& history, int k) {
    if (history.empty())
        return {};
    return topKOf(model.scoreAll({history}), k);
}

} // namespace

WorkbenchController::WorkbenchController(QObject* parent)
    : QObject(parent) {
    // Training, an explanation and a merchant aggregation may overlap; torch parallelises each.
    m_pool.setMaxThreadCount(4);
    m_explainConfig.k = 10;
    m_explainConfig.whatIfK = m_topK;
}

WorkbenchController::~WorkbenchController() {
    for (Job* j : {m_trainJob.data(), m_explainJob.data(), m_merchantJob.data()})
        if (j)
            j->requestInterruption();
    m_pool.waitForDone();
}

bool WorkbenchController::isBusy() const {
    return m_running > 0;
}

Job* WorkbenchController::startJob(const QString& name, quint64 requestId,
                                   std::function<std::function<void()>(Job&)> work,
                                   bool announceCancel) {
    auto* job = new Job(name, requestId, std::move(work));
    connect(job, &Job::succeeded, this, [job] { job->deliver(); });
    connect(job, &Job::failed, this,
            [this](const QString& message) { Q_EMIT errorMessage(message); });
    if (announceCancel)
        connect(job, &Job::cancelled, this,
                [this, name] { Q_EMIT statusMessage(name + QStringLiteral(" cancelled")); });
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (--m_running == 0)
            Q_EMIT busyChanged(false);
    });
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
    m_pool.start(job);
    return job;
}

History WorkbenchController::historyOf(UserIndex u) const {
    if (!m_dataset || u < 0 || u >= static_cast<UserIndex>(m_dataset->users.size()))
        return {};
    const auto& seq = m_dataset->users[static_cast<size_t>(u)].sequence;
    int maxLen = m_model ? m_model->maxLength() : static_cast<int>(seq.size());
    return clipHistory(seq, maxLen);
}

// ---------------------------------------------------------------------------------------------
// Dataset and models

void WorkbenchController::openDataset(const QString& path, const ImportOptions& options) {
    quint64 id = m_datasetRequest = m_nextRequest++;
    Q_EMIT statusMessage(QStringLiteral("Opening %1 …").arg(path));
    std::string p = path.toStdString();
    startJob(QStringLiteral("Opening dataset"), id, [this, id, p, options, path](Job&) {
        auto loaded = loadDataset(p, options);
        if (!loaded)
            throwError(loaded.error());
        auto ds = std::make_shared<const Dataset>(std::move(loaded).value());
        return std::function<void()>([this, id, ds, path] {
            if (id != m_datasetRequest)
                return;
            m_dataset = ds;
            m_customer = -1;
            m_target = -1;
            m_recs.reset();
            m_pinnedRecs.reset();
            m_pinnedModel.reset();
            m_pinnedCustomer = -1;
            m_bundle.reset();
            m_whatIf.reset();
            m_counterfactual.reset();
            m_whyAbove.reset();
            m_merchant.reset();
            // A model trained on other data cannot explain this one.
            if (m_model && m_model->info().datasetFingerprint != ds->fingerprint) {
                m_model.reset();
                m_modelSource.clear();
                Q_EMIT modelChanged();
            }
            Q_EMIT datasetChanged();
            Q_EMIT statusMessage(QStringLiteral("Opened %1: %2 customers, %3 products")
                                     .arg(path)
                                     .arg(ds->users.size())
                                     .arg(ds->items.size()));
        });
    });
}

void WorkbenchController::setModel(std::shared_ptr<const SasRecModel> model,
                                   const QString& source) {
    m_model = std::move(model);
    m_modelSource = source;
    m_bundle.reset();
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
    m_merchant.reset();
    Q_EMIT modelChanged();
    if (m_customer >= 0)
        refreshRecommendations();
}

void WorkbenchController::train(const TrainConfig& config) {
    trainThenCache(config, QString());
}

void WorkbenchController::trainThenCache(const TrainConfig& config, const QString& cachePath) {
    if (!m_dataset) {
        Q_EMIT errorMessage(QStringLiteral("Open a dataset before training."));
        return;
    }
    if (m_trainJob) {
        Q_EMIT errorMessage(QStringLiteral("A model is already being trained."));
        return;
    }
    auto ds = m_dataset;
    Q_EMIT trainingStarted(config);
    Q_EMIT statusMessage(QStringLiteral("Training on %1 …").arg(QString::fromStdString(ds->name)));
    m_trainJob = startJob(
        QStringLiteral("Training"), m_nextRequest++, [this, ds, config, cachePath](Job& job) {
            auto created = SasRecModel::create(*ds, config.model, config.seed);
            if (!created)
                throwError(created.error());
            auto model = std::make_shared<SasRecModel>(std::move(created).value());
            QElapsedTimer sinceStep;
            sinceStep.start();
            TrainCallbacks cb;
            cb.shouldStop = [&job] {
                return job.isInterruptionRequested();
            };
            cb.onEpoch = [this, &job](const EpochStats& s) {
                job.postToUi([this, s] { Q_EMIT trainingEpoch(s); });
            };
            cb.onStep = [&job, &sinceStep](const StepStats& s) {
                if (sinceStep.elapsed() < 80 && s.step != s.steps)
                    return; // the progress bar needs no more than ~12 updates per second
                sinceStep.restart();
                job.reportProgress(double(s.step) / std::max(1, s.steps),
                                   QStringLiteral("epoch %1 · step %2/%3 · loss %4")
                                       .arg(s.epoch)
                                       .arg(s.step)
                                       .arg(s.steps)
                                       .arg(s.loss, 0, 'f', 4));
            };
            auto result = reclens::train(*model, *ds, config, cb);
            if (!result)
                throwError(result.error());
            if (result->cancelled || job.isInterruptionRequested()) {
                return std::function<void()>([this] {
                    Q_EMIT trainingFinished(
                        false, QStringLiteral("Training cancelled; the previous model is kept."));
                });
            }
            // Test metrics (accuracy and beyond-accuracy) for the Model view.
            recordTestMetrics(*model, *ds, 2000, [&job] { return job.isInterruptionRequested(); });
            QString savedNote;
            if (!cachePath.isEmpty()) {
                QDir().mkpath(QFileInfo(cachePath).absolutePath());
                auto saved = model->save(cachePath.toStdString());
                savedNote = saved ? QStringLiteral(" (cached)") : QString();
            }
            std::shared_ptr<const SasRecModel> done = model;
            double seconds = result->seconds;
            int epochs = result->epochsRun;
            return std::function<void()>([this, done, seconds, epochs, savedNote, cachePath] {
                if (done->info().datasetFingerprint != (m_dataset ? m_dataset->fingerprint : "")) {
                    Q_EMIT trainingFinished(false,
                                            QStringLiteral("Dataset changed during training; "
                                                           "the new model was discarded."));
                    return;
                }
                setModel(done,
                         cachePath.isEmpty() ? QStringLiteral("trained (unsaved)") : cachePath);
                Q_EMIT trainingFinished(true, QStringLiteral("Trained %1 epochs in %2 s%3")
                                                  .arg(epochs)
                                                  .arg(seconds, 0, 'f', 1)
                                                  .arg(savedNote));
            });
        });
    connect(m_trainJob, &Job::progress, this, &WorkbenchController::trainingProgress);
    connect(m_trainJob, &Job::failed, this,
            [this](const QString& m) { Q_EMIT trainingFinished(false, m); });
}

void WorkbenchController::cancelTraining() {
    if (m_trainJob)
        m_trainJob->requestInterruption();
}

void WorkbenchController::openCheckpoint(const QString& path) {
    auto ds = m_dataset;
    quint64 id = m_nextRequest++;
    Q_EMIT statusMessage(QStringLiteral("Opening checkpoint %1 …").arg(path));
    startJob(QStringLiteral("Opening checkpoint"), id, [this, ds, path](Job&) {
        auto loaded = SasRecModel::load(path.toStdString(), ds.get());
        if (!loaded)
            throwError(loaded.error());
        std::shared_ptr<const SasRecModel> m =
            std::make_shared<SasRecModel>(std::move(loaded).value());
        return std::function<void()>([this, m, path, ds] {
            if (ds != m_dataset)
                return; // the dataset changed meanwhile; this checkpoint belongs to the old one
            setModel(m, path);
            Q_EMIT statusMessage(QStringLiteral("Opened checkpoint %1").arg(path));
        });
    });
}

void WorkbenchController::saveCheckpoint(const QString& path) {
    if (!m_model) {
        Q_EMIT errorMessage(QStringLiteral("There is no model to save."));
        return;
    }
    auto model = m_model;
    startJob(QStringLiteral("Saving checkpoint"), m_nextRequest++, [this, model, path](Job&) {
        auto st = model->save(path.toStdString());
        if (!st)
            throwError(st.error());
        return std::function<void()>([this, path] {
            m_modelSource = path;
            Q_EMIT modelChanged();
            Q_EMIT statusMessage(QStringLiteral("Saved checkpoint %1").arg(path));
        });
    });
}

QString WorkbenchController::sampleDataDir() {
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

TrainConfig WorkbenchController::sampleTrainConfig() {
    TrainConfig c;
    c.model.maxLength = 20;
    c.model.dim = 32;
    c.model.layers = 2;
    c.model.heads = 2;
    c.epochs = 30;
    c.patience = 3;
    return c;
}

QString WorkbenchController::cachedModelPath(const std::string& fingerprint) {
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

void WorkbenchController::openSample() {
    QString dir = sampleDataDir();
    if (dir.isEmpty()) {
        Q_EMIT errorMessage(QStringLiteral(
            "The bundled sample_data folder was not found (set RECLENS_SAMPLE_DATA to its path)."));
        return;
    }
    // Once the sample is open: its cached model if present, otherwise train and cache one.
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(this, &WorkbenchController::datasetChanged, this, [this, conn] {
        disconnect(*conn);
        if (!m_dataset)
            return;
        QString cache = cachedModelPath(m_dataset->fingerprint);
        if (QFileInfo::exists(cache))
            openCheckpoint(cache);
        else
            trainThenCache(sampleTrainConfig(), cache);
    });
    openDataset(dir);
}

// ---------------------------------------------------------------------------------------------
// Customer, recommendations, explanation

void WorkbenchController::selectCustomer(UserIndex user) {
    if (user == m_customer && m_recs)
        return;
    m_customer = user;
    m_target = -1;
    m_recs.reset();
    m_bundle.reset();
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
    Q_EMIT customerChanged(user);
    Q_EMIT explanationChanged();
    Q_EMIT whatIfChanged();
    Q_EMIT counterfactualChanged();
    refreshRecommendations();
}

void WorkbenchController::refreshRecommendations() {
    quint64 id = m_recsRequest = m_nextRequest++;
    ++m_explainRequest; // whatever explanation is running belongs to the old request
    if (m_explainJob)
        m_explainJob->requestInterruption();
    if (!m_model || !m_dataset || m_customer < 0) {
        Q_EMIT recommendationsChanged();
        return;
    }
    auto model = m_model;
    UserIndex u = m_customer;
    History h = historyOf(u);
    int k = m_topK;
    auto pinnedModel = m_pinnedModel;
    startJob(QStringLiteral("Recommending"), id, [this, id, model, u, h, k, pinnedModel](Job&) {
        CustomerRecs r{u, h, rankRow(*model, h, k)};
        std::optional<CustomerRecs> pinned;
        if (pinnedModel)
            pinned = CustomerRecs{u, h, rankRow(*pinnedModel, h, k)};
        return std::function<void()>([this, id, r, pinned] {
            if (id != m_recsRequest)
                return; // the user picked someone else meanwhile
            m_recs = r;
            if (pinned)
                m_pinnedRecs = pinned;
            Q_EMIT recommendationsChanged();
            if (pinned)
                Q_EMIT pinnedChanged();
            if (m_target < 0 && !r.top.empty())
                m_target = r.top.front().item;
            requestExplanation();
        });
    });
}

void WorkbenchController::setTarget(ItemIndex item) {
    if (item == m_target && m_bundle)
        return;
    m_target = item;
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
    Q_EMIT whatIfChanged();
    Q_EMIT counterfactualChanged();
    requestExplanation();
}

bool WorkbenchController::setExplainConfig(const ExplainConfig& config) {
    if (QString why = explainConfigProblem(config); !why.isEmpty()) {
        Q_EMIT errorMessage(QStringLiteral("Explanation settings not applied: %1").arg(why));
        return false;
    }
    m_explainConfig = config;
    QSettings settings;
    storeExplainConfig(settings, config);
    // What-if lists, the counterfactual and "why A above B" were computed with the old
    // settings (list length, budget, goal); the new explanation brings its own counterfactual.
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
    Q_EMIT whatIfChanged();
    Q_EMIT counterfactualChanged();
    Q_EMIT statusMessage(QStringLiteral("Explanation settings changed"));
    requestExplanation();
    return true;
}

void WorkbenchController::restoreExplainConfig() {
    QString problem;
    m_explainConfig = loadExplainConfig(QSettings(), &problem);
    if (!problem.isEmpty())
        Q_EMIT errorMessage(problem);
}

void WorkbenchController::requestExplanation() {
    quint64 id = ++m_explainRequest;
    if (m_explainJob)
        m_explainJob->requestInterruption();
    if (!m_model || !m_dataset || !m_recs || m_recs->history.empty() || m_target < 0)
        return;
    auto model = m_model;
    auto ds = m_dataset;
    History h = m_recs->history;
    ItemIndex target = m_target;
    ExplainConfig config = m_explainConfig;
    Q_EMIT explanationStarted();
    m_explainJob = startJob(
        QStringLiteral("Explaining"), id,
        [=, this](Job& job) {
            auto bundle = std::make_shared<const ExplanationBundle>(explain(
                *model, *ds, h, target, config, [&job] { return job.isInterruptionRequested(); }));
            if (bundle->cancelled)
                return std::function<void()>();
            return std::function<void()>([this, id, bundle] {
                if (id != m_explainRequest)
                    return; // stale: another customer or target was chosen meanwhile
                m_bundle = bundle;
                if (bundle->counterfactual)
                    m_counterfactual = bundle->counterfactual;
                Q_EMIT explanationChanged();
                Q_EMIT counterfactualChanged();
            });
        },
        /*announceCancel=*/false); // only a newer request (customer, target, settings) cancels it
}

void WorkbenchController::pinCustomer(UserIndex user) {
    if (!m_model || !m_dataset || user < 0)
        return;
    quint64 id = m_pinRequest = m_nextRequest++;
    m_pinnedModel.reset();
    m_pinnedCustomer = user;
    m_pinnedLabel =
        QStringLiteral("customer %1")
            .arg(QString::fromStdString(m_dataset->users[static_cast<size_t>(user)].id));
    auto model = m_model;
    History h = historyOf(user);
    int k = m_topK;
    startJob(QStringLiteral("Pinning customer"), id, [this, id, model, user, h, k](Job&) {
        CustomerRecs r{user, h, rankRow(*model, h, k)};
        return std::function<void()>([this, id, r] {
            if (id != m_pinRequest)
                return;
            m_pinnedRecs = r;
            Q_EMIT pinnedChanged();
        });
    });
}

void WorkbenchController::pinCheckpoint(const QString& path) {
    if (!m_dataset)
        return;
    quint64 id = m_pinRequest = m_nextRequest++;
    auto ds = m_dataset;
    UserIndex u = m_customer;
    History h = historyOf(u);
    int k = m_topK;
    startJob(QStringLiteral("Pinning checkpoint"), id, [this, id, ds, path, u, h, k](Job&) {
        auto loaded = SasRecModel::load(path.toStdString(), ds.get());
        if (!loaded)
            throwError(loaded.error());
        std::shared_ptr<const SasRecModel> m =
            std::make_shared<SasRecModel>(std::move(loaded).value());
        std::optional<CustomerRecs> r;
        if (u >= 0)
            r = CustomerRecs{u, h, rankRow(*m, h, k)};
        return std::function<void()>([this, id, m, r, path] {
            if (id != m_pinRequest)
                return;
            m_pinnedModel = m;
            m_pinnedCustomer = -1;
            m_pinnedLabel = QStringLiteral("checkpoint %1").arg(QFileInfo(path).fileName());
            m_pinnedRecs = r;
            Q_EMIT pinnedChanged();
        });
    });
}

void WorkbenchController::clearPin() {
    ++m_pinRequest;
    m_pinnedModel.reset();
    m_pinnedCustomer = -1;
    m_pinnedRecs.reset();
    m_pinnedLabel.clear();
    Q_EMIT pinnedChanged();
}

} // namespace reclens
