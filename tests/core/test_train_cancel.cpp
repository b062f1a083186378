// Cancelling training: the weights train() hands back (and the CLI then saves) are exactly
// those of the epoch its result names, never a partly trained epoch under an earlier label.
// Each case cancels half-way through an epoch and compares the returned model's scores with
// the scores taken from the live model at the end of the labelled epoch (onEpoch), or with the
// untrained model's when no epoch completed.

#include "test_model_fixtures.h"
#include "testfiles.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <map>

using namespace reclens;

namespace {

struct CancelRun {
    TrainResult result;
    std::vector<float> initialScores;
    std::map<int, std::vector<float>> epochScores; // epoch → scores right after it
    std::vector<float> returnedScores;
    ModelInfo info;
    std::string savedPath;
};

const std::vector<History> kProbe = {{0, 1, 2}, {5, 6}, {10, 11, 12, 13}, {}};

/// Trains on a small planted-rule dataset and cancels half-way through epoch `cancelEpoch`.
CancelRun trainAndCancel(int patience, int cancelEpoch, const std::string& name) {
    const Dataset ds = test::pairRuleDataset(40, 300, 8);
    TrainConfig tc;
    tc.model.maxLength = 12;
    tc.model.dim = 16;
    tc.epochs = 10;
    tc.batchSize = 32;
    tc.learningRate = 5e-3f;
    tc.threads = 1;
    tc.patience = patience;
    auto created = SasRecModel::create(ds, tc.model, tc.seed);
    EXPECT_TRUE(created.ok());
    SasRecModel model = std::move(created).value();

    CancelRun run;
    run.initialScores = model.scoreAll(kProbe);
    bool stop = false;
    TrainCallbacks cb;
    cb.onStep = [&](const StepStats& s) {
        EXPECT_GE(s.steps, 4) << "the epoch must be long enough to cancel half-way";
        if (s.epoch == cancelEpoch && s.step == s.steps / 2)
            stop = true; // some updates of this epoch are already applied
    };
    cb.onEpoch = [&](const EpochStats& s) {
        run.epochScores[s.epoch] = model.scoreAll(kProbe);
    };
    cb.shouldStop = [&] {
        return stop;
    };
    auto r = train(model, ds, tc, cb);
    EXPECT_TRUE(r.ok()) << r.error().message;
    run.result = *r;
    run.returnedScores = model.scoreAll(kProbe);
    run.info = model.info();
    run.savedPath =
        test::makeScratchDir("train-cancel/" + name, test::ScratchMode::Fresh) + "/model.ckpt";
    EXPECT_TRUE(model.save(run.savedPath).ok());
    return run;
}

std::vector<float> reloadedScores(const std::string& path) {
    auto m = SasRecModel::load(path);
    EXPECT_TRUE(m.ok());
    return m.ok() ? m->scoreAll(kProbe) : std::vector<float>{};
}

} // namespace

TEST(Trainer, CancelDuringFirstEpochSavesNoPartialWeights) {
    for (int patience : {0, 5}) {
        const CancelRun run = trainAndCancel(patience, 1, "first-" + std::to_string(patience));
        EXPECT_TRUE(run.result.cancelled);
        EXPECT_EQ(run.result.epochsRun, 0);
        EXPECT_EQ(run.result.weightsEpoch, 0) << "no epoch completed";
        EXPECT_TRUE(run.epochScores.empty());
        // The half epoch of updates is undone: the model is the untrained one, and says so.
        EXPECT_EQ(run.returnedScores, run.initialScores) << "patience " << patience;
        EXPECT_EQ(run.info.epochsTrained, 0);
        EXPECT_EQ(run.info.metrics.count("valid.ndcg@10"), 0u);
        EXPECT_EQ(reloadedScores(run.savedPath), run.initialScores);
    }
}

TEST(Trainer, CancelWithPatienceZeroKeepsTheLastCompleteEpoch) {
    for (int cancelEpoch : {2, 3}) {
        const CancelRun run = trainAndCancel(0, cancelEpoch, "zero-" + std::to_string(cancelEpoch));
        const int last = cancelEpoch - 1;
        EXPECT_TRUE(run.result.cancelled);
        EXPECT_EQ(run.result.epochsRun, last);
        EXPECT_EQ(run.result.weightsEpoch, last);
        ASSERT_EQ(run.epochScores.count(last), 1u);
        // Before the fix the half-trained epoch `cancelEpoch` was returned under epoch `last`.
        EXPECT_EQ(run.returnedScores, run.epochScores.at(last)) << "cancelled in " << cancelEpoch;
        EXPECT_NE(run.returnedScores, run.initialScores);
        EXPECT_EQ(reloadedScores(run.savedPath), run.epochScores.at(last));
        EXPECT_EQ(run.info.epochsTrained, last);
        EXPECT_DOUBLE_EQ(run.info.metrics.at("valid.ndcg@10"),
                         run.result.epochs.back().validNdcg10);
    }
}

TEST(Trainer, CancelWithEarlyStoppingKeepsTheBestCompleteEpoch) {
    const CancelRun run = trainAndCancel(5, 3, "best");
    EXPECT_TRUE(run.result.cancelled);
    EXPECT_EQ(run.result.epochsRun, 2);
    EXPECT_EQ(run.result.weightsEpoch, run.result.bestEpoch);
    ASSERT_GE(run.result.bestEpoch, 1);
    EXPECT_EQ(run.returnedScores, run.epochScores.at(run.result.bestEpoch));
    EXPECT_EQ(reloadedScores(run.savedPath), run.epochScores.at(run.result.bestEpoch));
    EXPECT_DOUBLE_EQ(run.info.metrics.at("valid.ndcg@10"), run.result.bestValidNdcg10);
}
