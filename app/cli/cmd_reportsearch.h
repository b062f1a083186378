#pragma once
// report --search-model: the search section of customer reports (report/searchsection.h) for
// the queries given by --query or, per customer, their logged queries in --queries.

#include "cliargs.h"
#include "data/querylog.h"
#include "report/customerreport.h"
#include "report/searchsection.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace reclens::cli {

extern const char* const kReportSearchHelp;

/// --search-model, --query, --queries (and the log column options), --search-queries.
std::vector<OptionSpec> reportSearchOptionSpecs();

struct ReportSearch {
    std::shared_ptr<const search::SearchModel> model; // null = no search section
    std::optional<report::ModelCard> card;
    std::vector<std::string> queries; // --query, repeatable (the same for every customer), or
    std::optional<QueryLog> log;      // --queries: each customer's own logged queries
    int perCustomer = 3;              // logged queries per customer (most recent first)
    std::string fingerprintText;

    bool on() const { return model != nullptr; }
    /// What decides the section's content, for the batch fingerprint ("" when off).
    std::string fingerprint() const { return fingerprintText; }
    /// The queries of customer `user`: each --query in the order given, or their distinct
    /// logged queries, latest first.
    std::vector<std::string> queriesOf(UserIndex user) const;
    Expected<report::SearchReportData> compute(const Dataset& ds, UserIndex user,
                                               const report::CustomerReportConfig& config,
                                               const std::function<bool()>& shouldStop) const;
};

/// Reads the search options: none given leaves `out` off; --query / --queries without
/// --search-model, or with product reports, are usage errors. Returns an exit code (ExitOk or
/// the failure already reported on stderr).
int loadReportSearch(const Args& args, const Dataset& ds, bool products, ReportSearch& out);

} // namespace reclens::cli
