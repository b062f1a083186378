// AnalysisController, second part: the analyses that start from the explanation on screen
// (what-if edits, the minimal counterfactual, "why A above B"). Same rules as the first part:
// every result is applied only if its request is still the latest of its kind (one kind for
// the three: each replaces the others' result).

#include "analysiscontroller.h"

#include "explain/verification.h"

namespace reclens {

void AnalysisController::runWhatIf(const std::vector<HistoryEdit>& edits) {
    if (!m_state.model || !m_recs || m_target < 0)
        return;
    auto model = m_state.model;
    History h = m_recs->history;
    ItemIndex target = m_target;
    int k = m_state.explainConfig.whatIfK;
    History bought = m_state.boughtBy(m_customer); // fixed across the edits: ranks stay comparable
    m_jobs.startLatest(QStringLiteral("What-if"), m_whatIfRequest, [=, this](Job&) {
        const CandidateFilterModel candidates(*model, bought, target);
        WhatIfResult r = whatIf(candidates, h, edits, target, k);
        verifyWhatIf(candidates, r);
        return std::function<void()>([this, r] {
            m_whatIf = r;
            Q_EMIT whatIfChanged();
        });
    });
}

void AnalysisController::findMinimalExplanation() {
    if (!m_state.model || !m_recs || m_target < 0)
        return;
    auto model = m_state.model;
    auto ds = m_state.dataset;
    History h = m_recs->history;
    ItemIndex target = m_target;
    ExplainConfig config = m_state.explainConfig;
    std::vector<float> attribution;
    if (m_bundle && m_bundle->target == target)
        if (const Attribution* a = m_bundle->attribution("loo"))
            attribution = a->values;
    History bought = m_state.boughtBy(m_customer);
    m_jobs.startLatest(QStringLiteral("Minimal explanation"), m_whatIfRequest,
                       [=, this](Job&) mutable {
                           const CandidateFilterModel candidates(*model, bought, target);
                           if (attribution.size() != h.size()) {
                               // No explanation yet: leave-one-out effects are the search order.
                               ExplainConfig c = config;
                               c.methods = ExplainMethods::none();
                               c.methods.loo = true;
                               auto b = explain(candidates, *ds, h, target, c);
                               if (b.loo)
                                   attribution = b.loo->effect;
                           }
                           CounterfactualResult r =
                               minimalCounterfactual(candidates, h, target, attribution, config);
                           return std::function<void()>([this, r] {
                               m_counterfactual = r;
                               Q_EMIT counterfactualChanged();
                               Q_EMIT minimalExplanationReady();
                           });
                       });
}

void AnalysisController::whyAbove(ItemIndex a, ItemIndex b) {
    if (!m_state.model || !m_recs)
        return;
    auto model = m_state.model;
    History h = m_recs->history;
    ExplainConfig config = m_state.explainConfig;
    m_jobs.startLatest(QStringLiteral("Why A above B"), m_whatIfRequest, [=, this](Job&) {
        // Compares the raw scores of two products the user picked: no candidate filter.
        WhyAboveResult r = reclens::whyAbove(*model, h, a, b, config);
        return std::function<void()>([this, r] {
            m_whyAbove = r;
            Q_EMIT whyAboveChanged();
        });
    });
}

} // namespace reclens
