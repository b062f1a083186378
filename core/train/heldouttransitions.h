#pragma once
// Validation on held-out transitions, for the tuner's trials. Plain validation predicts one
// purchase per customer (the second-to-last); a search that compares dozens of configurations
// on it reads mostly noise, and on a shop whose sequential patterns sit mid-history it barely
// sees them (a planted shop puts its rule cases on the test purchase, so the validation purchase
// is almost never a rule's target: BENCHMARKS.md, "Held-out transitions"). Here each
// customer's last few training purchases are left out of training as well and every one of
// them, with the validation purchase, is a validation target predicted from the purchases
// before it. No target is trained on; the test purchase stays untouched.

#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace reclens {

struct HeldOutTransitions {
    int positions = 0; // training purchases left out per customer (fewer for short histories)
    /// Per customer of the source dataset: how many purchases at the end of its training
    /// prefix are left out of training.
    std::vector<std::int32_t> cut;
    /// The validation set: one pseudo-customer per held-out purchase (and per validation
    /// purchase), whose sequence ends with it as the validation target. Same catalog.
    Dataset valid;
    std::int64_t transitions = 0; // validation targets in `valid`
};

/// Leaves out up to `positions` purchases at the end of each training prefix of `ds`, at most a
/// third of the prefix beyond its first two purchases. positions = 0 holds
/// out nothing and leaves `valid` empty; train() then validates on the validation purchases.
HeldOutTransitions makeHeldOutTransitions(const Dataset& ds, int positions);

} // namespace reclens
