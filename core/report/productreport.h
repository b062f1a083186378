#pragma once
// The product (merchant) report: how often an item reaches customers' top-K, at which ranks,
// which history items drive it there, and its exposure against its popularity; then the model
// card.

#include "explain/merchantexplanation.h"
#include "report/customerreport.h"
#include "report/modelcard.h"

#include <functional>
#include <memory>

namespace reclens::report {

/// Top-K appearances of every item over all users, for the exposure-vs-popularity chart.
/// Computed once per batch of product reports.
struct CatalogExposure {
    int k = 10;
    int users = 0;                 // users with a non-empty history that were scored
    std::vector<int> topKCount;    // per item: users whose top-K contains it
    std::vector<int> interactions; // per item: interactions in the dataset
};

/// One scoreAll row per user (full sequence cut to the model's max length), batched.
/// progress(done, total) after each batch; on shouldStop an Error (Cancelled) is returned.
Expected<CatalogExposure> computeCatalogExposure(const SequenceModel& model, const Dataset& ds,
                                                 int k, int batchSize = 256,
                                                 const std::function<void(int, int)>& progress = {},
                                                 const std::function<bool()>& shouldStop = {});

struct ProductReportData {
    std::string itemId;
    MerchantExplanation merchant;
    std::shared_ptr<const CatalogExposure> catalog; // may be null: no exposure chart
};

/// `projectNote`: the open project's note (Project::note), shown under "Analyst feedback and
/// notes" and as JSON "project_note"; "" = none.
ReportOutput buildProductReport(const Dataset& ds, const ProductReportData& data,
                                const ModelCard& card, const std::string& projectNote = {});

} // namespace reclens::report
