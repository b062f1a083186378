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

/// A dataset with one planted next-item rule: item i is always followed by item (i+1) mod
/// `items`. Each user walks 4..10 steps from a random start; leave-one-out split, so every
/// validation and test target follows from the item before it.
Dataset pairRuleDataset(int items, int users, std::uint64_t seed);

} // namespace reclens::test
