// AnalysisController: the customer and target on screen, their top-K, the explanation, and
// the resets WorkbenchController calls when the state changes. The pinned comparison is in
// analysiscontrollerpin.cpp; what-if, counterfactual and "why A above B" in
// analysiscontrollerwhatif.cpp.

#include "analysiscontroller.h"

namespace reclens {

std::vector<RankedItem> AnalysisController::rankRow(const SequenceModel& model,
                                                    const History& history, int k,
                                                    const History& bought) {
    if (history.empty())
        return {};
    return topKOf(CandidateFilterModel(model, bought).scoreAll({history}), k);
}

AnalysisController::AnalysisController(const WorkbenchState& state, JobRunner& jobs,
                                       QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_jobs(jobs) {}

void AnalysisController::resetForDataset() {
    // Whatever is running belongs to the old dataset.
    m_recsRequest.supersede();
    m_pinRequest.supersede();
    m_whatIfRequest.supersede();
    m_explainRequest.supersede();
    m_customer = -1;
    m_target = -1;
    m_recs.reset();
    m_pinnedRecs.reset();
    m_pinnedModel.reset();
    m_pinnedCustomerModel.reset();
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
    m_recsRequest.supersede();
    m_explainRequest.supersede(); // whatever explanation is running belongs to the old request
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
    // Dropped by startLatest when the user picked someone else meanwhile.
    m_jobs.startLatest(QStringLiteral("Recommending"), m_recsRequest,
                       [this, model, u, h, k, pinnedModel, bought](Job&) {
                           CustomerRecs r{u, h, rankRow(*model, h, k, bought)};
                           std::optional<CustomerRecs> pinned;
                           if (pinnedModel)
                               pinned = CustomerRecs{u, h, rankRow(*pinnedModel, h, k, bought)};
                           return std::function<void()>([this, r, pinned] {
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
    m_explainRequest.supersede();
    if (!m_state.model || !m_state.dataset || !m_recs || m_recs->history.empty() || m_target < 0)
        return;
    auto model = m_state.model;
    auto ds = m_state.dataset;
    History h = m_recs->history;
    ItemIndex target = m_target;
    ExplainConfig config = m_state.explainConfig;
    History bought = m_state.boughtBy(m_customer);
    Q_EMIT explanationStarted();
    m_jobs.startLatest(
        QStringLiteral("Explaining"), m_explainRequest,
        [=, this](Job& job) {
            // A target picked outside the list (e.g. from the history) stays a candidate.
            const CandidateFilterModel candidates(*model, bought, target);
            auto bundle = std::make_shared<const ExplanationBundle>(
                explain(candidates, *ds, h, target, config, job.stopCallback()));
            if (bundle->cancelled)
                return std::function<void()>();
            // Dropped by startLatest when another customer or target was chosen meanwhile.
            return std::function<void()>([this, bundle] {
                m_bundle = bundle;
                if (bundle->counterfactual)
                    m_counterfactual = bundle->counterfactual;
                Q_EMIT explanationChanged();
                Q_EMIT counterfactualChanged();
            });
        },
        /*announceCancel=*/false); // only a newer request (customer, target, settings) cancels it
}

} // namespace reclens
