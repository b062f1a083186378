#pragma once
// The search section of a customer report: for each given query, the customer's personalised
// results (rank, product, score, rank without personalisation) and the explanation of the top
// result (query-word and purchase attributions, the split into query only / purchases only, the
// verified counterfactuals of each kind, the engine's sentence). One more part of the one
// report document, so HTML, PDF, JSON and CSV show it the same way.

#include "common/expected.h"
#include "report/modelcard.h"
#include "report/reportdocument.h"
#include "search/searchexplain.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace reclens::report {

struct SearchResultRow {
    int rank = 0;
    ItemIndex item = -1;
    float score = 0.0f;
    int rankWithoutHistory = 0; // strict rank with an empty history (no personalisation)
};

struct SearchQueryReport {
    std::string query;
    std::vector<SearchResultRow> results;
    float gate = 0.0f;
    std::optional<search::SearchExplanation> top; // the top result explained (absent: cancelled)
};

struct SearchReportData {
    ModelCard searchModel; // the search checkpoint (its path, SHA-256, config)
    std::vector<SearchQueryReport> queries;
    bool cancelled = false;
};

/// Ranks every product for each query with the customer's full history (their last maxLength
/// purchases) and explains the top result with explainSearchResult. An unknown user gives an
/// Error; a query that tokenizes to nothing for a customer without purchases is skipped.
/// shouldStop is polled between queries.
Expected<SearchReportData> computeSearchReport(const search::SearchModel& model, const Dataset& ds,
                                               UserIndex user,
                                               const std::vector<std::string>& queries, int k,
                                               const ExplainConfig& config, ModelCard searchCard,
                                               const std::function<bool()>& shouldStop = {});

/// Headings, tables, a bar chart and paragraphs of the section, appended to `doc`.
void appendSearchSection(ReportDocument& doc, const Dataset& ds, const SearchReportData& d);
/// CSV tables search_results, search_attributions and search_counterfactuals.
std::vector<Table> searchSectionTables(const Dataset& ds, const SearchReportData& d);
/// {"model_card", "queries": [{"query", "gate", "results": [{"rank", "item", "title", "score",
/// "rank_without_history"}], "explanation": explain --query's object or null}], "cancelled"}.
nlohmann::json searchSectionJson(const Dataset& ds, const SearchReportData& d,
                                 const std::string& userId);

} // namespace reclens::report
