// AnalysisController, the top-K matrix: every recommendation of the current customer explained
// in one batched run (explainTopK). Same rules as the other analyses: a job off the UI thread,
// the result applied only if its request id is still the latest.

#include "analysiscontroller.h"

namespace reclens {

void AnalysisController::explainTopKAll() {
    m_topKRequest.supersede();
    if (!m_state.model || !m_state.dataset || !m_recs || m_recs->history.empty())
        return;
    auto model = m_state.model;
    auto ds = m_state.dataset;
    History h = m_recs->history;
    ExplainConfig config = m_state.explainConfig;
    config.methods = ExplainMethods::none();
    // "Why this list" is played on Shapley's coalitions: no extra forward pass.
    config.methods.loo = config.methods.ig = config.methods.shapley = true;
    config.methods.listShapley = true;
    History bought = m_state.boughtBy(m_customer);
    Q_EMIT topKExplanationsStarted();
    m_jobs.startLatest(
        QStringLiteral("Explaining the top-K"), m_topKRequest,
        [=, this](Job& job) {
            auto r = std::make_shared<const std::vector<ExplanationBundle>>(
                explainTopK(CandidateFilterModel(*model, bought), *ds, h, config.k, config,
                            job.stopCallback()));
            if (r->empty() || r->front().cancelled)
                return std::function<void()>();
            // Dropped by startLatest after another customer, model or request.
            return std::function<void()>([this, r] {
                m_topKBundles = r;
                Q_EMIT topKExplanationsChanged();
            });
        },
        /*announceCancel=*/false); // only a newer request cancels it
}

void AnalysisController::dropTopKExplanations() {
    m_topKRequest.supersede(); // whatever is running belongs to the old customer or model
    if (m_topKBundles) {
        m_topKBundles.reset();
        Q_EMIT topKExplanationsChanged();
    }
}

} // namespace reclens
