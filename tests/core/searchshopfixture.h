#pragma once
// The planted search shop (data/synthsearch.h) with a briefly trained tiny search model, shared
// by the core search tests. Each test file keeps its own sizes and seed (what it asserts was
// calibrated on them); the building is one mechanism here. Core only: no Qt (the widget tests'
// tests/widgets/tinysearchmodel.* trains on the bundled sample instead).

#include "data/dataset.h"
#include "data/querylog.h"
#include "data/synthsearch.h"
#include "search/searchmodel.h"

#include <cstdint>
#include <optional>
#include <string>

namespace reclens::test {

struct SearchShopConfig {
    std::string scratchName; // folder under the test scratch dir for the shop's files
    int users = 90;          // customers of the planted shop
    int fillerItems = 50;    // products beyond the planted ones
    int heads = 1;           // attention heads of the model (dim 16, 1 layer, max length 8)
    std::uint64_t seed = 3;  // model initialisation
    int epochs = 2;          // training epochs
    // Beyond the small default (the planted-attribution test trains a model that learns the rule):
    int maxLength = 8;    // purchases per customer (at least 6) and history the model reads
    int minSearches = 2;  // planted searches per customer (synth --queries)
    int maxSearches = 3;  //
    int dim = 16;         // embedding size
    int layers = 1;       // attention blocks
    float dropout = 0.0f; // embedding dropout while training
};

struct SearchShop {
    std::string dir; // the shop's files, search_ground_truth.json included
    Dataset ds;
    QueryLog log;
    std::optional<search::SearchModel> model;
};

/// Writes the planted shop `synth` under the scratch folder `scratchName` and loads it and its
/// query log (no model); failures are reported as gtest failures.
SearchShop loadPlantedSearchShop(const std::string& scratchName, const SearchSynthConfig& synth);

/// The shop of `config` (6..maxLength purchases per customer) and its model, trained on one thread;
/// failures are reported as gtest failures.
SearchShop buildSearchShop(const SearchShopConfig& config);

} // namespace reclens::test
