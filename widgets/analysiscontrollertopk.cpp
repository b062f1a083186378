// AnalysisController, the top-K matrix: every recommendation of the current customer explained
// in one batched run (explainTopK). Same rules as the other analyses: a job off the UI thread,
// the result applied only if its request id is still the latest.

#include "analysiscontroller.h"

namespace reclens {

void AnalysisController::explainTopKAll() {
    const quint64 id = ++m_topKRequest;
    if (m_topKJob)
        m_topKJob->requestInterruption();
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
    m_topKJob = m_jobs.start(
        QStringLiteral("Explaining the top-K"), id,
        [=, this](Job& job) {
            auto r = std::make_shared<const std::vector<ExplanationBundle>>(
                explainTopK(CandidateFilterModel(*model, bought), *ds, h, config.k, config,
                            [&job] { return job.isInterruptionRequested(); }));
            if (r->empty() || r->front().cancelled)
                return std::function<void()>();
            return std::function<void()>([this, id, r] {
                if (id != m_topKRequest)
                    return; // another customer, model or request meanwhile
                m_topKBundles = r;
                Q_EMIT topKExplanationsChanged();
            });
        },
        /*announceCancel=*/false); // only a newer request cancels it
}

void AnalysisController::dropTopKExplanations() {
    ++m_topKRequest; // whatever is running belongs to the old customer or model
    if (m_topKJob)
        m_topKJob->requestInterruption();
    if (m_topKBundles) {
        m_topKBundles.reset();
        Q_EMIT topKExplanationsChanged();
    }
}

} // namespace reclens
