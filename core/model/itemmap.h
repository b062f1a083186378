#pragma once
// The item map of a model trained outside RecLens: a CSV `index,item` that says which dataset
// item id each model index (1..N; 0 is padding) stands for. Torch-free.

#include "common/expected.h"
#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reclens {

/// How a model's item indices meet a dataset's items. Nothing is guessed: a dataset item the
/// map does not name is unknown to the model (it scores kUnknownItemScore and is fed to the
/// model as padding), a map row whose item is not in the dataset is never recommended.
struct ItemMapping {
    std::vector<std::int64_t> modelIndexOfItem; // per dataset item: 1..N, or 0 = unknown
    int modelItems = 0;                         // N, the model's item_count()
    int mappedItems = 0;                        // dataset items the model knows
    int datasetItemsUnknownToModel = 0;
    int modelItemsUnknownToDataset = 0; // model indices 1..N without a dataset item
    /// "412 of 420 dataset items mapped; 8 dataset items unknown to the model; ..."
    std::string summary() const;
};

/// The score a model gives to a dataset item it does not know: far below any real logit, yet
/// finite so score differences stay numbers.
constexpr float kUnknownItemScore = -1.0e30f;

/// Reads `path` (RFC 4180, header `index,item`, any delimiter the CSV reader detects) for a
/// model of `modelItems` items. Errors name the file and line: a missing column, an index that
/// is not an integer in 1..modelItems, an index or item given twice, or a map that names no
/// item of `ds` at all (Mismatch).
Expected<ItemMapping> loadItemMap(const std::string& path, int modelItems, const Dataset& ds);

/// The identity map of a RecLens model (index i + 1 is ds.items[i]), written atomically.
Status writeItemMap(const std::string& path, const Dataset& ds);

} // namespace reclens
