// WorkbenchController, second part: the analyses that start from the explanation on screen
// (what-if edits, the minimal counterfactual, "why A above B") and the merchant view of one
// product. Split from workbenchcontroller.cpp to keep both files small; same class, same rules:
// every result is applied only if its request id is still the latest of its kind.

#include "workbenchcontroller.h"

#include "explain/verification.h"

namespace reclens {

void WorkbenchController::runWhatIf(const std::vector<HistoryEdit>& edits) {
    if (!m_model || !m_recs || m_target < 0)
        return;
    quint64 id = m_whatIfRequest = m_nextRequest++;
    auto model = m_model;
    History h = m_recs->history;
    ItemIndex target = m_target;
    int k = m_explainConfig.whatIfK;
    History bought = boughtBy(m_customer); // fixed across the edits: ranks stay comparable
    startJob(QStringLiteral("What-if"), id, [=, this](Job&) {
        const CandidateFilterModel candidates(*model, bought, target);
        WhatIfResult r = whatIf(candidates, h, edits, target, k);
        verifyWhatIf(candidates, r);
        return std::function<void()>([this, id, r] {
            if (id != m_whatIfRequest)
                return;
            m_whatIf = r;
            Q_EMIT whatIfChanged();
        });
    });
}

void WorkbenchController::findMinimalExplanation() {
    if (!m_model || !m_recs || m_target < 0)
        return;
    quint64 id = m_whatIfRequest = m_nextRequest++;
    auto model = m_model;
    auto ds = m_dataset;
    History h = m_recs->history;
    ItemIndex target = m_target;
    ExplainConfig config = m_explainConfig;
    std::vector<float> attribution;
    if (m_bundle && m_bundle->target == target)
        if (const Attribution* a = m_bundle->attribution("loo"))
            attribution = a->values;
    History bought = boughtBy(m_customer);
    startJob(QStringLiteral("Minimal explanation"), id, [=, this](Job&) mutable {
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
        CounterfactualResult r = minimalCounterfactual(candidates, h, target, attribution, config);
        return std::function<void()>([this, id, r] {
            if (id != m_whatIfRequest)
                return;
            m_counterfactual = r;
            Q_EMIT counterfactualChanged();
            Q_EMIT minimalExplanationReady();
        });
    });
}

void WorkbenchController::whyAbove(ItemIndex a, ItemIndex b) {
    if (!m_model || !m_recs)
        return;
    quint64 id = m_whatIfRequest = m_nextRequest++;
    auto model = m_model;
    History h = m_recs->history;
    ExplainConfig config = m_explainConfig;
    startJob(QStringLiteral("Why A above B"), id, [=, this](Job&) {
        // Compares the raw scores of two products the user picked: no candidate filter.
        WhyAboveResult r = reclens::whyAbove(*model, h, a, b, config);
        return std::function<void()>([this, id, r] {
            if (id != m_whatIfRequest)
                return;
            m_whyAbove = r;
            Q_EMIT whyAboveChanged();
        });
    });
}

void WorkbenchController::explainItem(ItemIndex item, int maxUsers) {
    MerchantConfig request;
    request.maxUsers = maxUsers;
    explainItem(item, request);
}

void WorkbenchController::explainItem(ItemIndex item, const MerchantConfig& request) {
    if (!m_model || !m_dataset || item < 0)
        return;
    quint64 id = m_merchantRequest = m_nextRequest++;
    if (m_merchantJob)
        m_merchantJob->requestInterruption();
    auto model = m_model;
    auto ds = m_dataset;
    MerchantConfig config = request;
    config.k = m_explainConfig.k;
    const bool exclude = excludeBoughtActive();
    m_merchantJob = startJob(QStringLiteral("Merchant explanation"), id, [=, this](Job& job) {
        // Each customer's own purchases leave the ranking; the analysed and compared stay.
        const CandidateFilterModel candidates =
            merchantCandidateModel(*model, item, config, exclude);
        auto r = std::make_shared<const MerchantExplanation>(reclens::explainItem(
            candidates, *ds, item, config,
            [&job](int done, int total) {
                job.reportProgress(total > 0 ? double(done) / total : -1.0, QString());
            },
            [&job] { return job.isInterruptionRequested(); }));
        if (r->cancelled)
            return std::function<void()>();
        return std::function<void()>([this, id, r] {
            if (id != m_merchantRequest)
                return;
            m_merchant = r;
            Q_EMIT merchantChanged();
        });
    });
    connect(m_merchantJob, &Job::progress, this,
            [this](double f, const QString&) { Q_EMIT merchantProgress(f); });
    connect(m_merchantJob, &Job::finished, this, [this] { Q_EMIT merchantProgress(1.0); });
}

void WorkbenchController::cancelMerchant() {
    ++m_merchantRequest;
    if (m_merchantJob)
        m_merchantJob->requestInterruption();
}

} // namespace reclens
