#pragma once
// The per-customer step of the merchant view's driver analysis, shared by explain-item
// (explainItem, a sample of customers on one machine) and its cluster batch
// (batch/merchantbatch.h, every customer, sharded): for each history, the purchase whose
// removal lowers the product's score most (batched leave-one-out), re-checked by a fresh
// forward pass without that purchase.

#include "model/sequencemodel.h"

#include <vector>

namespace reclens {

struct StrongestDriver {
    ItemIndex item = -1;   // -1: no purchase lowers the score (or the history is empty)
    double scoreDrop = 0;  // score(history) - score(history without it), in logits
    bool verified = false; // without it alone the product falls out of the top-k
};

/// One entry per history, in order. All leave-one-out variants of the histories go through one
/// chunked scoreTargets call and the re-checks through one chunked scoreAll call, so callers
/// pass a few thousand short histories at a time.
std::vector<StrongestDriver> strongestDrivers(const SequenceModel& model,
                                              const std::vector<History>& histories, ItemIndex item,
                                              int k);

} // namespace reclens
