// Checkpoints: exact round trip, damaged files are errors (never crashes), and a model is
// never silently applied to another dataset.

#include "model/modeljson.h"
#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"
#include "testdata.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace reclens;

namespace {

SasRecModel smallModel(const Dataset& ds) {
    ModelConfig cfg;
    cfg.maxLength = 10;
    cfg.dim = 16;
    cfg.useCategory = true;
    auto m = SasRecModel::create(ds, cfg, 11);
    EXPECT_TRUE(m.ok());
    return std::move(m).value();
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeAll(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST(Checkpoint, RoundTripGivesIdenticalScoresAndInfo) {
    auto ds = test::randomDataset(40, 10, 21);
    auto model = smallModel(ds);
    model.mutableInfo().metrics["test.ndcg@10"] = 0.125;
    model.mutableInfo().trainSeconds = 3.5;
    const std::string path = test::scratchDir("ckpt") + "/m.ckpt";
    ASSERT_TRUE(model.save(path).ok());
    auto loaded = SasRecModel::load(path, &ds);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const std::vector<History> hs = {{1, 2, 3}, {}, {39, 0, 12, 7, 7}};
    EXPECT_EQ(loaded->scoreAll(hs), model.scoreAll(hs));
    EXPECT_EQ(loaded->info().metrics.at("test.ndcg@10"), 0.125);
    EXPECT_EQ(loaded->info().trainSeconds, 3.5);
    EXPECT_EQ(loaded->info().datasetFingerprint, ds.fingerprint);
    EXPECT_EQ(loaded->info().config.useCategory, true);
    EXPECT_EQ(loaded->info().config.outputFeatures, true);
    EXPECT_EQ(loaded->info().parameterCount, model.info().parameterCount);
    EXPECT_EQ(loaded->attention({1, 2}).weights, model.attention({1, 2}).weights);
}

TEST(Checkpoint, TruncatedOrCorruptFilesAreErrors) {
    auto ds = test::randomDataset(40, 10, 22);
    auto model = smallModel(ds);
    const std::string dir = test::scratchDir("bad");
    const std::string good = dir + "/good.ckpt";
    ASSERT_TRUE(model.save(good).ok());
    const std::string bytes = readAll(good);
    ASSERT_GT(bytes.size(), size_t{1000});

    for (size_t cut : {size_t{0}, size_t{5}, size_t{30}, bytes.size() / 2, bytes.size() - 1}) {
        writeAll(dir + "/cut.ckpt", bytes.substr(0, cut));
        auto r = SasRecModel::load(dir + "/cut.ckpt");
        ASSERT_FALSE(r.ok()) << "truncated at " << cut;
        EXPECT_NE(r.error().message.find("cut.ckpt"), std::string::npos);
    }
    for (size_t at : {size_t{9}, size_t{50}, bytes.size() / 2, bytes.size() - 3}) {
        std::string flipped = bytes;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x5a);
        writeAll(dir + "/flip.ckpt", flipped);
        auto r = SasRecModel::load(dir + "/flip.ckpt");
        ASSERT_FALSE(r.ok()) << "flipped byte " << at;
    }
    writeAll(dir + "/text.ckpt", "hello, this is not a model\n");
    auto r = SasRecModel::load(dir + "/text.ckpt");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Schema);
    auto missing = SasRecModel::load(dir + "/nope.ckpt");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
}

TEST(Checkpoint, ModelOfAnotherDatasetIsRefused) {
    auto ds = test::randomDataset(40, 10, 23, "shop-a");
    auto other = test::randomDataset(40, 10, 24, "shop-b");
    auto model = smallModel(ds);
    const std::string path = test::scratchDir("mismatch") + "/m.ckpt";
    ASSERT_TRUE(model.save(path).ok());
    auto r = SasRecModel::load(path, &other);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Mismatch);
    EXPECT_NE(r.error().message.find("shop-a"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("shop-b"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(ds.fingerprint), std::string::npos);
}

TEST(Checkpoint, FailedSaveLeavesThePreviousFileIntact) {
    auto ds = test::randomDataset(40, 10, 25);
    auto model = smallModel(ds);
    const std::string dir = test::scratchDir("atomic");
    auto st = model.save(dir + "/no-such-dir/m.ckpt");
    EXPECT_FALSE(st.ok());
    ASSERT_TRUE(model.save(dir + "/m.ckpt").ok());
    EXPECT_TRUE(SasRecModel::load(dir + "/m.ckpt").ok());
}

TEST(Checkpoint, HeaderWithoutOutputFeaturesReadsAsHistoryOnlySideFeatures) {
    // Checkpoints written before candidates were scored with side features have no such key;
    // they must keep scoring candidates by item embedding alone.
    auto legacy = parseModelInfo(R"({"config": {"maxLength": 10, "useCategory": true}})", "old");
    ASSERT_TRUE(legacy.ok()) << legacy.error().message;
    EXPECT_TRUE(legacy->config.useCategory);
    EXPECT_FALSE(legacy->config.outputFeatures);
    auto current = parseModelInfo(R"({"config": {"outputFeatures": true}})", "new");
    ASSERT_TRUE(current.ok()) << current.error().message;
    EXPECT_TRUE(current->config.outputFeatures);
}

TEST(Checkpoint, TrainedModelKeepsItsEpochHistoryThroughSaveAndLoad) {
    // The Project view draws a checkpoint's curves from this history when it is opened.
    auto ds = test::randomDataset(40, 60, 31);
    TrainConfig tc;
    tc.model.maxLength = 10;
    tc.model.dim = 16;
    tc.epochs = 3;
    tc.patience = 0; // all three epochs run, whatever validation does
    tc.batchSize = 32;
    tc.threads = 1;
    auto created = SasRecModel::create(ds, tc.model, tc.seed);
    ASSERT_TRUE(created.ok());
    SasRecModel model = std::move(created).value();
    auto result = train(model, ds, tc);
    ASSERT_TRUE(result.ok()) << result.error().message;
    const auto& h = model.info().history;
    ASSERT_EQ(h.size(), result->epochs.size());
    ASSERT_EQ(h.size(), size_t{3});
    for (size_t i = 0; i < h.size(); ++i) {
        const EpochStats& e = result->epochs[i];
        EXPECT_EQ(h[i].epoch, e.epoch);
        EXPECT_EQ(h[i].loss, e.loss);
        EXPECT_EQ(h[i].validHr10, e.validHr10);
        EXPECT_EQ(h[i].validNdcg10, e.validNdcg10);
        EXPECT_EQ(h[i].seconds, e.seconds);
        EXPECT_EQ(h[i].itemsPerSecond, e.itemsPerSecond);
    }
    const std::string path = test::scratchDir("history") + "/m.ckpt";
    ASSERT_TRUE(model.save(path).ok());
    auto loaded = SasRecModel::load(path, &ds);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const auto& lh = loaded->info().history;
    ASSERT_EQ(lh.size(), h.size());
    for (size_t i = 0; i < h.size(); ++i) {
        // JSON keeps doubles exactly (shortest round-trip form).
        EXPECT_EQ(lh[i].epoch, h[i].epoch);
        EXPECT_EQ(lh[i].loss, h[i].loss);
        EXPECT_EQ(lh[i].validHr10, h[i].validHr10);
        EXPECT_EQ(lh[i].validNdcg10, h[i].validNdcg10);
        EXPECT_EQ(lh[i].seconds, h[i].seconds);
        EXPECT_EQ(lh[i].itemsPerSecond, h[i].itemsPerSecond);
    }
}

TEST(Checkpoint, HeaderHistoryIsOptionalAndOutOfRangeEntriesAreErrors) {
    // Checkpoints from before the history was recorded have no key: no curves, no error.
    auto old = parseModelInfo(R"({"epochsTrained": 4})", "old");
    ASSERT_TRUE(old.ok()) << old.error().message;
    EXPECT_TRUE(old->history.empty());
    auto good = parseModelInfo(
        R"({"history": [{"epoch": 1, "loss": 2.5, "validHr10": 0.25, "validNdcg10": 0.125,
                         "seconds": 1.5, "itemsPerSecond": 900}, {"epoch": 2}]})",
        "good");
    ASSERT_TRUE(good.ok()) << good.error().message;
    ASSERT_EQ(good->history.size(), size_t{2});
    EXPECT_EQ(good->history[0].loss, 2.5);
    EXPECT_EQ(good->history[0].itemsPerSecond, 900.0);
    EXPECT_EQ(good->history[1].epoch, 2);
    EXPECT_EQ(good->history[1].loss, 0.0);
    for (const char* bad :
         {R"({"history": 5})", R"({"history": ["epoch 1"]})", R"({"history": [{"epoch": 1e300}]})",
          R"({"history": [{"epoch": 4294967297}]})", R"({"history": [{"loss": "low"}]})"}) {
        auto r = parseModelInfo(bad, "bad.rlm");
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::Schema) << bad;
        EXPECT_NE(r.error().message.find("bad.rlm"), std::string::npos) << r.error().message;
    }
}
