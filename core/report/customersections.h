#pragma once
// Internal: the per-recommendation sections of the customer report.

#include "explain/explanation.h"
#include "report/reportdocument.h"

namespace reclens::report::detail {

/// Short row label for history position t: "3 · WHITE HANGING HEART".
std::string historyLabel(const Dataset& ds, const History& history, std::size_t t);

/// The first-page table: per explained recommendation its decisive purchases (the verified
/// counterfactual set, else the most faithful method's top two) and its most faithful method.
void appendAtAGlance(ReportDocument& doc, const Dataset& ds,
                     const std::vector<ExplanationBundle>& explanations);

void appendAttention(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b);
void appendSaliency(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b);
void appendFaithfulness(ReportDocument& doc, const ExplanationBundle& b);
void appendCounterfactual(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b);

} // namespace reclens::report::detail
