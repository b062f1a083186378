// AnalysisController: the customer and target on screen, their top-K, the explanation and
// the pinned comparison, and the resets WorkbenchController calls when the state changes.
// What-if, counterfactual and "why A above B" are in analysiscontrollerwhatif.cpp.

#include "analysiscontroller.h"

#include <QFileInfo>

namespace reclens {

namespace {

std::vector<RankedItem> rankRow(const SequenceModel& model, const History& history, int k,
                                const History& bought) {
    if (history.empty())
        return {};
    return topKOf(CandidateFilterModel(model, bought).scoreAll({history}), k);
}

} // namespace

AnalysisController::AnalysisController(const WorkbenchState& state, JobRunner& jobs,
                                       QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_jobs(jobs) {}

void AnalysisController::resetForDataset() {
    ++m_recsRequest; // whatever is running belongs to the old dataset
    ++m_pinRequest;
    ++m_whatIfRequest;
    ++m_explainRequest;
    if (m_explainJob)
        m_explainJob->requestInterruption();
    m_customer = -1;
    m_target = -1;
    m_recs.reset();
    m_pinnedRecs.reset();
    m_pinnedModel.reset();
    m_pinnedCustomer = -1;
    m_bundle.reset();
    dropEditResults();
    dropTopKExplanations();
    resetSearch();
}

void AnalysisController::dropEditResults() {
    m_whatIf.reset();
    m_counterfactual.reset();
    m_whyAbove.reset();
}

void AnalysisController::dropModelResults() {
    m_bundle.reset();
    dropEditResults();
}

void AnalysisController::selectCustomer(UserIndex user) {
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

void AnalysisController::refreshRecommendations() {
    quint64 id = m_recsRequest = m_jobs.nextRequestId();
    ++m_explainRequest; // whatever explanation is running belongs to the old request
    if (m_explainJob)
        m_explainJob->requestInterruption();
    dropTopKExplanations();
    if (!m_state.model || !m_state.dataset || m_customer < 0) {
        Q_EMIT recommendationsChanged();
        return;
    }
    auto model = m_state.model;
    UserIndex u = m_customer;
    History h = m_state.historyOf(u);
    int k = m_state.topK();
    auto pinnedModel = m_pinnedModel;
    History bought = m_state.boughtBy(u);
    m_jobs.start(QStringLiteral("Recommending"), id,
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

void AnalysisController::setTarget(ItemIndex item) {
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

void AnalysisController::requestExplanation() {
    quint64 id = ++m_explainRequest;
    if (m_explainJob)
        m_explainJob->requestInterruption();
    if (!m_state.model || !m_state.dataset || !m_recs || m_recs->history.empty() || m_target < 0)
        return;
    auto model = m_state.model;
    auto ds = m_state.dataset;
    History h = m_recs->history;
    ItemIndex target = m_target;
    ExplainConfig config = m_state.explainConfig;
    History bought = m_state.boughtBy(m_customer);
    Q_EMIT explanationStarted();
    m_explainJob = m_jobs.start(
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

void AnalysisController::pinCustomer(UserIndex user, const QString& modelNote) {
    if (!m_state.model || !m_state.dataset || user < 0)
        return;
    quint64 id = m_pinRequest = m_jobs.nextRequestId();
    m_pinnedModel.reset();
    m_pinnedCustomer = user;
    m_pinnedLabel =
        QStringLiteral("customer %1")
            .arg(QString::fromStdString(m_state.dataset->users[static_cast<size_t>(user)].id));
    // Which model the pin was taken with: a saved one by its file, else the note given.
    if (!modelNote.isEmpty())
        m_pinnedLabel += QStringLiteral(" ") + modelNote;
    else if (QFileInfo(m_state.modelSource).isFile())
        m_pinnedLabel +=
            QStringLiteral(" (model %1)").arg(QFileInfo(m_state.modelSource).fileName());
    auto model = m_state.model;
    History h = m_state.historyOf(user);
    int k = m_state.topK();
    History bought = m_state.boughtBy(user);
    m_jobs.start(QStringLiteral("Pinning customer"), id,
                 [this, id, model, user, h, k, bought](Job&) {
                     CustomerRecs r{user, h, rankRow(*model, h, k, bought)};
                     return std::function<void()>([this, id, r] {
                         if (id != m_pinRequest)
                             return;
                         m_pinnedRecs = r;
                         Q_EMIT pinnedChanged();
                     });
                 });
}

void AnalysisController::pinCheckpoint(const QString& path) {
    if (!m_state.dataset)
        return;
    quint64 id = m_pinRequest = m_jobs.nextRequestId();
    auto ds = m_state.dataset;
    UserIndex u = m_customer;
    History h = m_state.historyOf(u);
    int k = m_state.topK();
    History bought = m_state.boughtBy(u);
    m_jobs.start(
        QStringLiteral("Pinning checkpoint"), id, [this, id, ds, path, u, h, k, bought](Job&) {
            auto loaded = SasRecModel::load(path.toStdString(), ds.get());
            if (!loaded)
                JobRunner::throwError(loaded.error());
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

void AnalysisController::clearPin() {
    ++m_pinRequest;
    m_pinnedModel.reset();
    m_pinnedCustomer = -1;
    m_pinnedRecs.reset();
    m_pinnedLabel.clear();
    Q_EMIT pinnedChanged();
}

} // namespace reclens
