// MerchantController, search part: which searches rank a product (search/searchmerchant.h),
// over a search log opened by the user or over queries made from the catalog. Same rules as
// the merchant explanation: a job off the UI thread, a superseded result dropped.

#include "merchantcontroller.h"

#include "data/querylog.h"
#include "search/makequeries.h"
#include "search/searchmerchant.h"
#include "search/searchmodel.h"

namespace reclens {

QString MerchantController::queryLogSource() const {
    return m_queryLog ? QString::fromStdString(m_queryLog->sourcePath)
                      : QStringLiteral("queries made from the catalog");
}

void MerchantController::openQueryLog(const QString& path) {
    if (!m_state.dataset)
        return;
    auto ds = m_state.dataset;
    m_jobs.start(QStringLiteral("Reading the query log"), m_jobs.nextRequestId(),
                 [this, ds, path](Job&) {
                     auto log = loadQueryLog(path.toStdString(), *ds);
                     if (!log)
                         JobRunner::throwError(log.error());
                     auto shared = std::make_shared<const QueryLog>(std::move(*log));
                     return std::function<void()>([this, ds, shared] {
                         if (ds != m_state.dataset)
                             return; // another dataset meanwhile
                         m_queryLog = shared;
                         m_itemSearchesRequest.supersede();
                         m_itemSearches.reset();
                         Q_EMIT queryLogChanged();
                         Q_EMIT itemSearchesChanged();
                     });
                 });
}

void MerchantController::analyseItemSearches(ItemIndex item) {
    m_itemSearchesRequest.supersede();
    if (!m_state.searchModel || !m_state.dataset || item < 0)
        return;
    auto model = m_state.searchModel;
    auto ds = m_state.dataset;
    auto log = m_queryLog;
    search::SearchMerchantConfig config;
    config.k = m_state.explainConfig.k;
    Job* started = m_jobs.startLatest(
        QStringLiteral("Merchant queries"), m_itemSearchesRequest, [=, this](Job& job) {
            QueryLog made;
            if (!log) { // no log opened: one query per purchase, as make-queries writes
                made.sourcePath = "(made from the catalog)";
                made.datasetFingerprint = ds->fingerprint;
                made.records = search::makeQueries(*ds).records;
            }
            auto r = std::make_shared<const search::SearchMerchantExplanation>(
                search::explainItemSearches(*model, *ds, log ? *log : made, item, config,
                                            job.progressCallback(), job.stopCallback()));
            if (r->cancelled)
                return std::function<void()>();
            // Dropped by startLatest when another product, model or dataset came meanwhile.
            return std::function<void()>([this, r] {
                m_itemSearches = r;
                Q_EMIT itemSearchesChanged();
            });
        });
    connect(started, &Job::progress, this,
            [this](double f, const QString&) { Q_EMIT itemSearchesProgress(f); });
    connect(started, &Job::finished, this, [this] { Q_EMIT itemSearchesProgress(1.0); });
}

void MerchantController::cancelItemSearches() {
    m_itemSearchesRequest.supersede();
}

} // namespace reclens
