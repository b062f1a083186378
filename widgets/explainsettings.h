#pragma once
// The explanation settings the user can change (Edit → Explanation settings…) and how they are
// remembered in QSettings. Their allowed ranges and the refused combinations are core's
// (explain/explainconfigcheck.h, shared with the CLI); the dialog and the controller both go
// through here, so a value the dialog would refuse is also refused when it comes back from a
// hand-edited or damaged settings file.

#include "explain/explainconfigcheck.h"
#include "explain/explanation.h"

#include <QString>

class QSettings;

namespace reclens {

/// checkExplainConfig (core/explain/explainconfigcheck.h, the ranges in explainlimits) as a
/// QString: why `c` cannot be used, empty when it is fine.
QString explainConfigProblem(const ExplainConfig& c);

/// The QSettings key holding explainConfigToJson() as a compact JSON string.
QString explainSettingsKey();

/// Writes `c` to `settings` under explainSettingsKey().
void storeExplainConfig(QSettings& settings, const ExplainConfig& c);

/// The stored config, or ExplainConfig{} when nothing is stored. A value that is not JSON, has
/// a wrong type or fails explainConfigProblem() also gives the defaults, with the reason in
/// `problem` (left empty otherwise); nothing throws.
ExplainConfig loadExplainConfig(const QSettings& settings, QString* problem = nullptr);

} // namespace reclens
