#pragma once
// Internal: the per-recommendation sections of the customer report.

#include "explain/explanation.h"
#include "report/reportdocument.h"

namespace reclens::report::detail {

/// Short row label for history position t: "3 · WHITE HANGING HEART".
std::string historyLabel(const Dataset& ds, const History& history, std::size_t t);

void appendAttention(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b);
void appendSaliency(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b);
void appendFaithfulness(ReportDocument& doc, const ExplanationBundle& b);
void appendCounterfactual(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b);

} // namespace reclens::report::detail
