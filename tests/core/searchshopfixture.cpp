#include "searchshopfixture.h"

#include "data/importers.h"
#include "data/synthsearch.h"
#include "search/searchtrainer.h"
#include "testdata.h"

#include <gtest/gtest.h>

namespace reclens::test {

SearchShop loadPlantedSearchShop(const std::string& scratchName, const SearchSynthConfig& synth) {
    const auto dir = scratchDir(scratchName);
    EXPECT_TRUE(writeSearchShop(dir, synth).ok());
    ImportOptions o;
    o.format = DataFormat::Csv;
    auto ds = loadDataset(dir, o);
    EXPECT_TRUE(ds.ok()) << ds.error().message;
    auto log = loadQueryLog(dir + "/queries.csv", *ds);
    EXPECT_TRUE(log.ok()) << log.error().message;
    SearchShop out;
    out.dir = dir;
    out.ds = std::move(*ds);
    out.log = std::move(*log);
    return out;
}

SearchShop buildSearchShop(const SearchShopConfig& config) {
    SearchSynthConfig cfg;
    cfg.users = config.users;
    cfg.fillerItems = config.fillerItems;
    cfg.minLength = 6;
    cfg.maxLength = config.maxLength;
    cfg.minSearches = config.minSearches;
    cfg.maxSearches = config.maxSearches;
    SearchShop out = loadPlantedSearchShop(config.scratchName, cfg);
    const Dataset& ds = out.ds;
    ModelConfig mc;
    mc.dim = config.dim;
    mc.heads = config.heads;
    mc.layers = config.layers;
    mc.maxLength = config.maxLength;
    mc.dropout = config.dropout;
    auto model = search::SearchModel::create(ds, mc, {}, config.seed);
    EXPECT_TRUE(model.ok());
    TrainConfig tc;
    tc.epochs = config.epochs;
    tc.patience = 0;
    tc.batchSize = 64;
    tc.learningRate = 3e-3f;
    tc.threads = 1;
    EXPECT_TRUE(search::trainSearch(*model, ds, out.log, tc).ok());
    out.model.emplace(std::move(*model));
    return out;
}

} // namespace reclens::test
