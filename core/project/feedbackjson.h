#pragma once
// Analyst feedback and notes in JSON reports: the rows about the explained customer and targets.

#include "project/project.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace reclens {

/// The rows of `feedback` about `customer` and any of `targets`, stored order, as
/// [{customer, target, method, rating, comment, time}] (docs/report-schema.json
/// "analyst_feedback"); an empty array when there are none.
nlohmann::json feedbackJson(const std::vector<Feedback>& feedback, const std::string& customer,
                            const std::vector<std::string>& targets);

/// `notes` (already chosen by the caller) as [{customer, target, text, time}]
/// (docs/report-schema.json "analyst_notes").
nlohmann::json notesJson(const std::vector<Note>& notes);

} // namespace reclens
