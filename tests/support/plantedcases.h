#pragma once
// The planted-rule measure of a synthetic shop (data/synth.h), shared by bench_tune and the
// tuner's tests so both count the same thing: the share of rule cases (customers whose held-out
// purchase a planted rule produced) whose target a model ranks #1.

#include "data/dataset.h"
#include "model/sequencemodel.h"

#include <string>
#include <vector>

namespace reclens::test {

struct PlantedCase {
    UserIndex user = -1;
    ItemIndex target = -1;
};

/// The cases of `dir`/ground_truth.json whose target is the customer's test item in `ds`;
/// empty when the file is missing (not a planted shop).
std::vector<PlantedCase> plantedCases(const Dataset& ds, const std::string& dir);

/// Share of `cases` whose target `model` ranks #1 after the history before it, among all
/// products or (excludeBought) among those the customer has not bought; -1 without cases.
double rankOneShare(const SequenceModel& model, const Dataset& ds,
                    const std::vector<PlantedCase>& cases, bool excludeBought);

} // namespace reclens::test
