#pragma once
// The customer report: the history, the top-K, and for each chosen recommendation the
// attention heatmaps, saliency bars of every method, faithfulness scores, the minimal
// counterfactual with before/after ranks and the plain-language summary; then the model card.

#include "explain/explanation.h"
#include "project/project.h"
#include "report/modelcard.h"
#include "report/reportdocument.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace reclens::report {

struct CustomerReportConfig {
    int k = 10;            // length of the top-K list shown
    int explainTop = 3;    // how many of the top recommendations get a full explanation
    ExplainConfig explain; // method settings (explain.k is set to k)
};

/// What the engine produced for one customer; everything the builder shows comes from here.
struct CustomerReportData {
    std::string userId;
    UserIndex user = -1;
    History history;                             // as explained (last maxLength items)
    std::vector<std::int64_t> times;             // aligned with history; empty if unknown
    int fullHistoryLength = 0;                   // before cutting to the model's max length
    std::vector<RankedItem> topK;                // length k
    std::vector<ExplanationBundle> explanations; // for topK[0..explainTop)
    bool cancelled = false;
    /// Analysts' verdicts from the open project (any customer and target; the report keeps the
    /// rows about this customer's explained recommendations). Filled by the caller.
    std::vector<Feedback> feedback;
    /// Analysts' notes from the open project (the report keeps those about this customer).
    std::vector<Note> notes;
    /// The open project's note about the whole project (Project::note); "" = none.
    std::string projectNote;
};

/// Runs the engine for one customer: one scoreAll for the top-K, then explain() for each of
/// the first explainTop recommendations. An unknown user or an empty history gives an Error.
/// shouldStop is polled between explanations (result then has cancelled = true).
Expected<CustomerReportData> computeCustomerReport(const SequenceModel& model, const Dataset& ds,
                                                   UserIndex user,
                                                   const CustomerReportConfig& config,
                                                   const std::function<bool()>& shouldStop = {});

/// A finished report in every format-neutral form: the document (for HTML and PDF), the CSV
/// tables (each with csvName set) and the JSON object.
struct ReportOutput {
    std::string baseName; // file name stem, e.g. "customer-17850"
    ReportDocument document;
    std::vector<Table> csvTables;
    nlohmann::json json;
};

struct SearchReportData; // report/searchsection.h

/// `search`, when given, adds the search section (report/searchsection.h) before the model card,
/// its CSV tables and the JSON key "search".
ReportOutput buildCustomerReport(const Dataset& ds, const CustomerReportData& data,
                                 const ModelCard& card, const SearchReportData* search = nullptr);

} // namespace reclens::report
