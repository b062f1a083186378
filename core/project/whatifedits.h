#pragma once
// What-if edits between the engine (HistoryEdit: item indices of the open dataset) and the
// project file (WhatIfEdit: item source ids), so stored edits survive a re-import that numbers
// the products differently, and a product no longer in the dataset is named, not guessed.

#include "data/dataset.h"
#include "explain/explanation.h"
#include "project/project.h"

#include <string>
#include <vector>

namespace reclens {

/// `edits` of customer `customerId` with their items as source ids. Items outside the dataset
/// are stored as "" (they cannot come from the workbench, which only inserts catalog items).
std::vector<WhatIfEdit> toWhatIfEdits(const Dataset& ds, const std::string& customerId,
                                      const std::vector<HistoryEdit>& edits);

/// The history `history` as the stored edits of one customer leave it. An edit whose product is
/// not in `ds` is dropped and its id appended to `missingItems`; positions an edit no longer
/// fits (after a dropped one) are clamped, a removal past the end is skipped. Never throws.
History applyWhatIfEdits(const Dataset& ds, const History& history,
                         const std::vector<WhatIfEdit>& edits,
                         std::vector<std::string>* missingItems = nullptr);

/// The edits of `customerId` in stored order.
std::vector<WhatIfEdit> whatIfEditsOf(const Project& project, const std::string& customerId);

/// Replaces every edit of `customerId` by `edits` (none = the customer has no what-if; their
/// `customer` fields are set to `customerId`); true when that changed the project.
bool replaceWhatIfEdits(Project& project, const std::string& customerId,
                        std::vector<WhatIfEdit> edits);

} // namespace reclens
