#pragma once
// What an import produced, without training anything: sizes, how much the importer cleaned up,
// how long the histories are and how often customers buy the same product again. The CLI's
// `info` prints it; a column mapping can be checked with it before a model is trained.

#include "data/dataset.h"

#include <cstdint>
#include <string>

namespace reclens {

struct DatasetStats {
    std::int64_t users = 0;
    std::int64_t items = 0;
    std::int64_t interactions = 0;
    std::int64_t categories = 0;
    std::int64_t brands = 0;
    std::int64_t itemsWithTitle = 0;
    std::int64_t itemsWithCategory = 0;
    /// Interactions whose item has a category: how much of what customers bought the catalog
    /// (or its column mapping) describes.
    std::int64_t interactionsWithCategory = 0;
    std::int64_t itemsNeverBought = 0; // in the catalog, in no customer's sequence
    std::int64_t usersWithTest = 0;    // customers with a held-out test target
    std::int64_t usersWithValid = 0;
    /// Share of interactions that repeat an item the same customer had bought before (0 when
    /// there are none): near 0 in shops where nobody buys a product twice, high in groceries.
    double repeatRate = 0.0;
    /// Sequence lengths (interactions per customer): smallest, quartiles, 90th percentile
    /// (nearest rank), largest and mean.
    std::int64_t lengthMin = 0, lengthP25 = 0, lengthMedian = 0, lengthP75 = 0, lengthP90 = 0,
                 lengthMax = 0;
    double lengthMean = 0.0;
    /// Customers whose sequence is longer than `longHistory` (default 50, the model's default
    /// maximum length: their oldest purchases are not seen by a default model).
    std::int64_t longHistory = 50;
    std::int64_t usersLongerThan = 0;
};

/// Auto excludes bought products when fewer than this share of purchases repeat an earlier
/// purchase of the same customer (DatasetStats::repeatRate): in such shops a recommendation of
/// something already bought is almost never right, while groceries (UCI Online Retail's repeat
/// rate is far above it) keep them.
inline constexpr double kExcludeBoughtRepeatThreshold = 0.02;

DatasetStats datasetStats(const Dataset& ds, std::int64_t longHistory = 50);

/// The clean-up note every import ends with (loadDataset adds it): the repeat-purchase rate and
/// what it means for "exclude already-bought products" set to auto (under 2 %: excluded;
/// the filter itself is explain/candidatefilter.h).
std::string repeatRateNote(double repeatRate);

} // namespace reclens
