// Checkpoint headers (ModelInfo JSON, also the "model" of every report's model card) follow the
// project's one key convention, snake_case, and headers written before it (camelCase keys)
// still open with every field.

#include "model/modeljson.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

using namespace reclens;

namespace {

/// Every object key at any depth of `j` that is not lower case, digits, '_', '.' or '@'
/// (metric names such as "valid.ndcg@10" keep their cut-off). Values are not keys.
void collectBadKeys(const nlohmann::json& j, std::string& bad) {
    if (j.is_array())
        for (const auto& v : j)
            collectBadKeys(v, bad);
    if (!j.is_object())
        return;
    for (const auto& [key, value] : j.items()) {
        for (char c : key)
            if (!(std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                  c == '@')) {
                bad += key + " ";
                break;
            }
        collectBadKeys(value, bad);
    }
}

/// A header as RecLens wrote it before the keys became snake_case: every camelCase key.
const char* kLegacyHeader = R"({
  "task": "search",
  "config": {"maxLength": 30, "dim": 32, "useCategory": false, "useBrand": true,
             "outputFeatures": true},
  "training": {"model": {"maxLength": 30}, "batchSize": 64, "learningRate": 0.002,
               "weightDecay": 0.25, "labelSmoothing": 0.5, "validUsers": 500,
               "excludeBought": true},
  "datasetName": "scientific", "datasetFingerprint": "abc123", "datasetSource": "/d/s.csv",
  "itemCount": 7, "categoryCount": 3, "brandCount": 2, "parameterCount": 999,
  "parametersByModule": [{"module": "itemEmb", "parameters": 224}],
  "metrics": {"test.ndcg@10": 0.125},
  "trainSeconds": 12.5, "epochsTrained": 6, "bestEpoch": 4,
  "history": [{"epoch": 1, "validHr10": 0.5, "validNdcg10": 0.25, "itemsPerSecond": 800}],
  "tuning": {"tuned": true, "budgetMinutes": 1.5, "maxTrialEpochs": 9, "budgetExhausted": true,
             "chosenTrial": 3, "trials": [{"id": 3, "validNdcg10": 0.75, "learningRate": 0.004,
                                           "weightDecay": 0.5}]},
  "search": {"maxQueryWords": 5, "maxItemWords": 11, "minWordCount": 4},
  "createdAt": "2026-11-01T00:00:00Z", "reclensVersion": "0.1.0"
})";

void expectLegacyFields(const ModelInfo& m) {
    EXPECT_EQ(m.task, "search");
    EXPECT_EQ(m.config.maxLength, 30);
    EXPECT_EQ(m.config.dim, 32);
    EXPECT_FALSE(m.config.useCategory);
    EXPECT_TRUE(m.config.useBrand);
    EXPECT_TRUE(m.config.outputFeatures);
    EXPECT_EQ(m.training.model.maxLength, 30);
    EXPECT_EQ(m.training.batchSize, 64);
    EXPECT_FLOAT_EQ(m.training.learningRate, 0.002f);
    EXPECT_FLOAT_EQ(m.training.weightDecay, 0.25f);
    EXPECT_FLOAT_EQ(m.training.labelSmoothing, 0.5f);
    EXPECT_EQ(m.training.validUsers, 500);
    EXPECT_TRUE(m.training.excludeBought);
    EXPECT_EQ(m.datasetName, "scientific");
    EXPECT_EQ(m.datasetFingerprint, "abc123");
    EXPECT_EQ(m.datasetSource, "/d/s.csv");
    EXPECT_EQ(m.itemCount, 7);
    EXPECT_EQ(m.categoryCount, 3);
    EXPECT_EQ(m.brandCount, 2);
    EXPECT_EQ(m.parameterCount, 999);
    ASSERT_EQ(m.parametersByModule.size(), size_t{1});
    EXPECT_EQ(m.parametersByModule[0].second, 224);
    EXPECT_EQ(m.metrics.at("test.ndcg@10"), 0.125);
    EXPECT_EQ(m.trainSeconds, 12.5);
    EXPECT_EQ(m.epochsTrained, 6);
    EXPECT_EQ(m.bestEpoch, 4);
    ASSERT_EQ(m.history.size(), size_t{1});
    EXPECT_EQ(m.history[0].validHr10, 0.5);
    EXPECT_EQ(m.history[0].validNdcg10, 0.25);
    EXPECT_EQ(m.history[0].itemsPerSecond, 800.0);
    EXPECT_TRUE(m.tuning.tuned);
    EXPECT_EQ(m.tuning.budgetMinutes, 1.5);
    EXPECT_EQ(m.tuning.maxTrialEpochs, 9);
    EXPECT_TRUE(m.tuning.budgetExhausted);
    EXPECT_EQ(m.tuning.chosenTrial, 3);
    ASSERT_EQ(m.tuning.trials.size(), size_t{1});
    EXPECT_EQ(m.tuning.trials[0].validNdcg10, 0.75);
    EXPECT_FLOAT_EQ(m.tuning.trials[0].learningRate, 0.004f);
    EXPECT_FLOAT_EQ(m.tuning.trials[0].weightDecay, 0.5f);
    EXPECT_EQ(m.search.maxQueryWords, 5);
    EXPECT_EQ(m.search.maxItemWords, 11);
    EXPECT_EQ(m.search.minWordCount, 4);
    EXPECT_EQ(m.createdAt, "2026-11-01T00:00:00Z");
    EXPECT_EQ(m.reclensVersion, "0.1.0");
}

} // namespace

TEST(ModelJsonKeys, OldCamelCaseHeaderStillReadsEveryField) {
    auto legacy = parseModelInfo(kLegacyHeader, "old.rlm");
    ASSERT_TRUE(legacy.ok()) << legacy.error().message;
    expectLegacyFields(*legacy);
}

TEST(ModelJsonKeys, HeaderIsWrittenInSnakeCaseAndReadsBackTheSame) {
    auto legacy = parseModelInfo(kLegacyHeader, "old.rlm");
    ASSERT_TRUE(legacy.ok()) << legacy.error().message;
    const nlohmann::json written = *legacy;
    std::string bad;
    collectBadKeys(written, bad);
    EXPECT_EQ(bad, "") << written.dump(1);
    EXPECT_TRUE(written.contains("best_epoch"));
    EXPECT_FALSE(written.contains("bestEpoch"));
    // The snake_case header carries every field the old one did.
    auto again = parseModelInfo(written.dump(), "new.rlm");
    ASSERT_TRUE(again.ok()) << again.error().message;
    expectLegacyFields(*again);
}

TEST(ModelJsonKeys, SnakeCaseKeyWinsOverTheLegacyOneAndBadValuesNameIt) {
    auto both = parseModelInfo(R"({"best_epoch": 7, "bestEpoch": 2})", "both.rlm");
    ASSERT_TRUE(both.ok()) << both.error().message;
    EXPECT_EQ(both->bestEpoch, 7);
    auto bad = parseModelInfo(R"({"config": {"max_length": 1e300}})", "bad.rlm");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("max_length"), std::string::npos) << bad.error().message;
}
