#pragma once
// Training the search model: every training search (searchsplit.h) is one example - its
// history, its query words, its purchased item - with full-softmax cross-entropy over all
// items. Early stopping, checkpoints, cancellation and progress are the shared training loop's
// (core/train/trainloop.h); validation is NDCG@10 on the validation searches, full ranking.

#include "data/querylog.h"
#include "search/searchmodel.h"
#include "train/trainer.h"

namespace reclens::search {

Expected<TrainResult> trainSearch(SearchModel& model, const Dataset& ds, const QueryLog& log,
                                  const TrainConfig& config, const TrainCallbacks& callbacks = {});

/// The query of every log record as the model's word ids (index = record index).
std::vector<std::vector<text::WordId>> encodeLog(const SearchModel& model, const QueryLog& log);

} // namespace reclens::search
