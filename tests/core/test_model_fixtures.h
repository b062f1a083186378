#pragma once
// Small hand-built datasets for the model, training and evaluation tests. They fill the
// Dataset fields directly (no importer), so these tests depend on nothing but core/model.

#include "data/dataset.h"

#include <cstdint>
#include <string>

namespace reclens::test {

/// `users` users with random histories of 4..12 items over `items` items (3 categories,
/// 2 brands), leave-one-out split, fingerprint derived from `seed`.
Dataset randomDataset(int items, int users, std::uint64_t seed, const std::string& name = "random");

/// A dataset where item (2k) is always followed by item (2k+1) — a next-item rule a model
/// learns in a few epochs. Histories alternate such pairs; leave-one-out split, so every
/// test target is the partner of the item before it.
Dataset pairRuleDataset(int items, int users, std::uint64_t seed);

} // namespace reclens::test
