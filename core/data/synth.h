#pragma once
// A synthetic shop with planted rules, so that tests can check that an explanation finds the
// real cause of a recommendation.

#include "common/expected.h"

#include <cstdint>
#include <string>

namespace reclens {

struct SynthConfig {
    int users = 600;          // number of customers
    int items = 120;          // catalog size (including trigger/target pairs)
    int rules = 8;            // planted "trigger → target" rules
    int minLength = 6;        // shortest history (items)
    int maxLength = 20;       // longest history (items)
    std::uint64_t seed = 7;   // same seed ⇒ byte-identical output
};

/// Writes `interactions.csv` (user,item,timestamp), `catalog.csv`
/// (item,title,category,brand,price) and `ground_truth.json` (the planted rules and, for each
/// user whose last item was produced by a rule, the trigger position) into `outDir`.
Status writeSyntheticShop(const std::string& outDir, const SynthConfig& config);

} // namespace reclens
