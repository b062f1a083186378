#include "workbenchcontroller.h"

#include "explainsettings.h"
#include "job.h"

#include "data/datasetstats.h"

#include <QFileInfo>
#include <QSettings>

#include <algorithm>
#include <stdexcept>

namespace reclens {

namespace {

std::vector<RankedItem> rankRow(const SequenceModel& model, const History& history, int k,
                                const History& bought) {
    if (history.empty())
        return {};
    return topKOf(CandidateFilterModel(model, bought).scoreAll({history}), k);
}

} // namespace

WorkbenchController::WorkbenchController(QObject* parent)
    : QObject(parent) {
    // Training, an explanation and a merchant aggregation may overlap; torch parallelises each.
    m_pool.setMaxThreadCount(4);
    m_explainConfig.k = 10;
    m_explainConfig.whatIfK = 20;
}

void WorkbenchController::throwError(const Error& e) {
    throw std::runtime_error(e.message); // the job turns it into failed(message)
}

WorkbenchController::~WorkbenchController() {
    for (Job* j : {m_trainJob.data(), m_explainJob.data(), m_merchantJob.data(),
                   m_searchExplainJob.data(), m_itemSearchesJob.data()})
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

bool WorkbenchController::excludeBoughtActive() const {
    return m_dataset && resolveExcludeBought(m_excludeBought, m_repeatRate);
}

void WorkbenchController::setExcludeBought(ExcludeBought setting) {
    if (setting == m_excludeBought)
        return;
    m_excludeBought = setting;
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
    m_merchant.reset();
    Q_EMIT whatIfChanged();
    Q_EMIT counterfactualChanged();
    Q_EMIT merchantChanged();
    if (m_customer >= 0) {
        m_target = -1; // the old top item may be one the customer bought
        refreshRecommendations();
    }
    if (m_pinnedCustomer >= 0)
        pinCustomer(m_pinnedCustomer);
}

History WorkbenchController::boughtBy(UserIndex u) const {
    if (!excludeBoughtActive() || u < 0 || u >= static_cast<UserIndex>(m_dataset->users.size()))
        return {};
    return m_dataset->users[static_cast<size_t>(u)].sequence;
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

void WorkbenchController::openDataset(const QString& path, const ImportOptions& options,
                                      std::function<void()> onOpened) {
    quint64 id = m_datasetRequest = m_nextRequest++;
    Q_EMIT statusMessage(QStringLiteral("Opening %1 …").arg(path));
    std::string p = path.toStdString();
    startJob(QStringLiteral("Opening dataset"), id, [this, id, p, options, onOpened](Job&) {
        auto loaded = loadDataset(p, options);
        if (!loaded)
            throwError(loaded.error());
        auto ds = std::make_shared<const Dataset>(std::move(loaded).value());
        const double repeatRate = datasetStats(*ds).repeatRate;
        return std::function<void()>([this, id, ds, repeatRate, options, onOpened] {
            if (id != m_datasetRequest)
                return;
            m_importOptions = options; // before the views hear of the dataset (projects save it)
            adoptDataset(ds, repeatRate);
            if (onOpened)
                onOpened();
        });
    });
}

void WorkbenchController::adoptDataset(std::shared_ptr<const Dataset> ds, double repeatRate) {
    m_dataset = ds;
    m_repeatRate = repeatRate;
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
        m_nativeModel.reset();
        m_modelSource.clear();
        Q_EMIT modelChanged();
    }
    keepSearchModelFor(*ds);
    Q_EMIT datasetChanged();
    Q_EMIT statusMessage(QStringLiteral("Opened %1: %2 customers, %3 products")
                             .arg(QString::fromStdString(ds->sourcePath))
                             .arg(ds->users.size())
                             .arg(ds->items.size()));
}

void WorkbenchController::setModel(std::shared_ptr<const SequenceModel> model,
                                   const QString& source,
                                   std::shared_ptr<const SasRecModel> native) {
    m_model = std::move(model);
    m_nativeModel = std::move(native);
    m_modelSource = source;
    m_modelUnsaved = false; // the training job marks its own models unsaved after this
    m_bundle.reset();
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
    m_merchant.reset();
    Q_EMIT modelChanged();
    if (m_customer >= 0)
        refreshRecommendations();
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
    dropTopKExplanations();
    if (!m_model || !m_dataset || m_customer < 0) {
        Q_EMIT recommendationsChanged();
        return;
    }
    auto model = m_model;
    UserIndex u = m_customer;
    History h = historyOf(u);
    int k = topK();
    auto pinnedModel = m_pinnedModel;
    History bought = boughtBy(u);
    startJob(QStringLiteral("Recommending"), id,
             [this, id, model, u, h, k, pinnedModel, bought](Job&) {
                 CustomerRecs r{u, h, rankRow(*model, h, k, bought)};
                 std::optional<CustomerRecs> pinned;
                 if (pinnedModel)
                     pinned = CustomerRecs{u, h, rankRow(*pinnedModel, h, k, bought)};
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
    const bool newK = config.k != m_explainConfig.k;
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
    if (newK && m_customer >= 0)
        refreshRecommendations(); // the list is the top-K; it re-explains the target after
    else
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
    History bought = boughtBy(m_customer);
    Q_EMIT explanationStarted();
    m_explainJob = startJob(
        QStringLiteral("Explaining"), id,
        [=, this](Job& job) {
            // A target picked outside the list (e.g. from the history) stays a candidate.
            const CandidateFilterModel candidates(*model, bought, target);
            auto bundle = std::make_shared<const ExplanationBundle>(
                explain(candidates, *ds, h, target, config,
                        [&job] { return job.isInterruptionRequested(); }));
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

void WorkbenchController::pinCustomer(UserIndex user, const QString& modelNote) {
    if (!m_model || !m_dataset || user < 0)
        return;
    quint64 id = m_pinRequest = m_nextRequest++;
    m_pinnedModel.reset();
    m_pinnedCustomer = user;
    m_pinnedLabel =
        QStringLiteral("customer %1")
            .arg(QString::fromStdString(m_dataset->users[static_cast<size_t>(user)].id));
    // Which model the pin was taken with: a saved one by its file, else the note given.
    if (!modelNote.isEmpty())
        m_pinnedLabel += QStringLiteral(" ") + modelNote;
    else if (QFileInfo(m_modelSource).isFile())
        m_pinnedLabel += QStringLiteral(" (model %1)").arg(QFileInfo(m_modelSource).fileName());
    auto model = m_model;
    History h = historyOf(user);
    int k = topK();
    History bought = boughtBy(user);
    startJob(QStringLiteral("Pinning customer"), id, [this, id, model, user, h, k, bought](Job&) {
        CustomerRecs r{user, h, rankRow(*model, h, k, bought)};
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
    int k = topK();
    History bought = boughtBy(u);
    startJob(QStringLiteral("Pinning checkpoint"), id, [this, id, ds, path, u, h, k, bought](Job&) {
        auto loaded = SasRecModel::load(path.toStdString(), ds.get());
        if (!loaded)
            throwError(loaded.error());
        std::shared_ptr<const SasRecModel> m =
            std::make_shared<SasRecModel>(std::move(loaded).value());
        std::optional<CustomerRecs> r;
        if (u >= 0)
            r = CustomerRecs{u, h, rankRow(*m, h, k, bought)};
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
