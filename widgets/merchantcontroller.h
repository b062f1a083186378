#pragma once
// The merchant's requests about one product: who gets it in their top-K and why (the merchant
// explanation with segments, a compared product and a merchant what-if), and which searches
// rank it (merchantcontrollersearch.cpp: over an opened query log or queries made from the
// catalog). Reads the dataset, models and settings from the shared WorkbenchState; runs every
// request on the shared JobRunner; a superseded request's result is dropped.

#include "jobrunner.h"
#include "workbenchstate.h"

#include "explain/merchantexplanation.h"

#include <QObject>
#include <QString>

#include <memory>

namespace reclens {

struct QueryLog;
namespace search {
struct SearchMerchantExplanation;
}

class MerchantController : public QObject {
    Q_OBJECT
public:
    MerchantController(const WorkbenchState& state, JobRunner& jobs, QObject* parent = nullptr);

    std::shared_ptr<const MerchantExplanation> merchant() const { return m_merchant; }
    std::shared_ptr<const search::SearchMerchantExplanation> itemSearches() const {
        return m_itemSearches;
    }
    /// The log file, or a note that the queries are made from the catalog.
    QString queryLogSource() const;

    void explainItem(ItemIndex item, int maxUsers);
    /// The merchant view with a segment, a compared product and a what-if from `request`
    /// (its k and threads are the workbench's).
    void explainItem(ItemIndex item, const MerchantConfig& request);
    void cancelMerchant();
    /// The merchant side of search (search/searchmerchant.h) for `item` in a job: over the query
    /// log opened with openQueryLog(), or else over queries made from the catalog
    /// (search/makequeries.h). A newer request, another dataset or model supersedes it.
    void analyseItemSearches(ItemIndex item);
    void cancelItemSearches();
    /// Reads a search log CSV (data/querylog.h) matched against the open dataset, in a job.
    void openQueryLog(const QString& path);

    // --- for WorkbenchController's one rule (silent: the controller emits the signals) ---
    /// Another model or candidate filter: the merchant explanation is out of date.
    void dropMerchant() { m_merchant.reset(); }
    /// Another search model: its ranks made the item-search analysis; running ones are dropped.
    void dropItemSearches();
    /// Another dataset: both results, and the query log when it was matched to other data.
    void resetForDataset();

Q_SIGNALS:
    void merchantProgress(double fraction);
    void merchantChanged();
    void itemSearchesProgress(double fraction);
    void itemSearchesChanged();
    void queryLogChanged();

private:
    const WorkbenchState& m_state;
    JobRunner& m_jobs;
    std::shared_ptr<const MerchantExplanation> m_merchant;
    LatestRequest m_merchantRequest;
    std::shared_ptr<const QueryLog> m_queryLog; // null = queries made from the catalog
    std::shared_ptr<const search::SearchMerchantExplanation> m_itemSearches;
    LatestRequest m_itemSearchesRequest;
};

} // namespace reclens
