// MerchantController: the merchant explanation of one product. The searches that rank it are
// in merchantcontrollersearch.cpp.

#include "merchantcontroller.h"

#include "data/querylog.h"
#include "search/searchmerchant.h"

namespace reclens {

MerchantController::MerchantController(const WorkbenchState& state, JobRunner& jobs,
                                       QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_jobs(jobs) {}

void MerchantController::resetForDataset() {
    m_merchantRequest.supersede(); // whatever is running belongs to the old dataset
    m_merchant.reset();
    dropItemSearches();
    if (m_queryLog && m_state.dataset &&
        m_queryLog->datasetFingerprint != m_state.dataset->fingerprint)
        m_queryLog.reset(); // matched against the previous dataset
}

void MerchantController::dropItemSearches() {
    m_itemSearchesRequest.supersede();
    m_itemSearches.reset();
}

void MerchantController::explainItem(ItemIndex item, int maxUsers) {
    MerchantConfig request;
    request.maxUsers = maxUsers;
    explainItem(item, request);
}

void MerchantController::explainItem(ItemIndex item, const MerchantConfig& request) {
    if (!m_state.model || !m_state.dataset || item < 0)
        return;
    auto model = m_state.model;
    auto ds = m_state.dataset;
    MerchantConfig config = request;
    config.k = m_state.explainConfig.k;
    const bool exclude = m_state.excludeBoughtActive();
    Job* started = m_jobs.startLatest(
        QStringLiteral("Merchant explanation"), m_merchantRequest, [=, this](Job& job) {
            // Each customer's own purchases leave the ranking; the analysed and compared stay.
            const CandidateFilterModel candidates =
                merchantCandidateModel(*model, item, config, exclude);
            auto r = std::make_shared<const MerchantExplanation>(reclens::explainItem(
                candidates, *ds, item, config, job.progressCallback(), job.stopCallback()));
            if (r->cancelled)
                return std::function<void()>();
            return std::function<void()>([this, r] {
                m_merchant = r;
                Q_EMIT merchantChanged();
            });
        });
    connect(started, &Job::progress, this,
            [this](double f, const QString&) { Q_EMIT merchantProgress(f); });
    connect(started, &Job::finished, this, [this] { Q_EMIT merchantProgress(1.0); });
}

void MerchantController::cancelMerchant() {
    m_merchantRequest.supersede();
}

} // namespace reclens
