// The tuner (train/tuner.h): reproducible for a seed, within its budget, cancellable, and its
// record survives a checkpoint round trip. Tiny data and models: a few seconds in all.

#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"
#include "testfiles.h"
#include "train/tuner.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace reclens;

namespace {

TuneConfig tinyTune() {
    TuneConfig c;
    c.base.threads = 1;
    c.base.batchSize = 64;
    c.base.epochs = 5;
    c.base.patience = 2;
    c.base.validUsers = 100;
    c.base.seed = 11;
    c.maxTrialEpochs = 3; // eta 3: brackets of 3 configs (1 epoch, best to 3) and 2 (3 epochs)
    c.dims = {16};
    c.budgetMinutes = 3.0;
    return c;
}

} // namespace

TEST(Tuner, SameSeedSameTrialsAndChoice) {
    const Dataset ds = test::pairRuleDataset(30, 160, 4);
    const TuneConfig cfg = tinyTune();
    auto a = tune(ds, cfg);
    auto b = tune(ds, cfg);
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(b.ok());
    EXPECT_FALSE(a->record.budgetExhausted);
    ASSERT_EQ(a->record.trials.size(), b->record.trials.size());
    ASSERT_GE(a->record.trials.size(), 5u);
    for (size_t i = 0; i < a->record.trials.size(); ++i) {
        const TrialRecord &x = a->record.trials[i], &y = b->record.trials[i];
        EXPECT_EQ(x.id, y.id);
        EXPECT_EQ(x.epochs, y.epochs);
        EXPECT_EQ(x.model.dropout, y.model.dropout);
        EXPECT_EQ(x.learningRate, y.learningRate);
        EXPECT_EQ(x.model.maxLength, y.model.maxLength);
        EXPECT_DOUBLE_EQ(x.validNdcg10, y.validNdcg10);
    }
    EXPECT_EQ(a->record.chosenTrial, b->record.chosenTrial);
    EXPECT_EQ(a->model->scoreAll({{1, 2, 3}}), b->model->scoreAll({{1, 2, 3}}));
    // Successive halving really halves: rung 0 of the first bracket has 3 trials, rung 1 one.
    int rung0 = 0, rung1 = 0;
    for (const auto& t : a->record.trials)
        if (t.bracket == 1)
            (t.rung == 0 ? rung0 : rung1) += 1;
    EXPECT_EQ(rung0, 3);
    EXPECT_EQ(rung1, 1);
    // A different seed draws other configurations.
    TuneConfig other = cfg;
    other.base.seed = 12;
    other.finishBest = false;
    auto c = tune(ds, other);
    ASSERT_TRUE(c.ok());
    bool differs = false;
    for (size_t i = 1; i < std::min(c->record.trials.size(), a->record.trials.size()); ++i)
        differs |= c->record.trials[i].learningRate != a->record.trials[i].learningRate ||
                   c->record.trials[i].model.dropout != a->record.trials[i].model.dropout;
    EXPECT_TRUE(differs);
}

TEST(Tuner, StopsAtItsBudget) {
    const Dataset ds =
        test::randomDataset(100, 300, 5); // an epoch well under 2 s even instrumented
    TuneConfig cfg = tinyTune();
    cfg.dims = {32};
    cfg.maxTrialEpochs = 27;
    cfg.budgetMinutes = 2.0 / 60.0; // two seconds: far less than the schedule needs
    const auto t0 = std::chrono::steady_clock::now();
    auto r = tune(ds, cfg);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->record.budgetExhausted);
    EXPECT_LT(seconds, 2.0 + 2.0); // at most one step and a validation pass over
    EXPECT_GE(r->record.trials.size(), 1u);
}

TEST(Tuner, CancelEndsTheSearchAfterTheCurrentTrial) {
    const Dataset ds = test::pairRuleDataset(30, 160, 4);
    std::atomic_bool cancel{false};
    TuneCallbacks cb;
    int seen = 0;
    cb.onTrial = [&](const TrialRecord&) {
        ++seen;
        cancel = true;
    };
    cb.shouldStop = [&] {
        return cancel.load();
    };
    auto r = tune(ds, tinyTune(), cb);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->cancelled);
    EXPECT_EQ(seen, 1);
    EXPECT_EQ(r->record.trials.size(), 1u);
    EXPECT_EQ(r->record.chosenTrial, 0);
}

TEST(Tuner, RecordSurvivesTheCheckpoint) {
    const Dataset ds = test::pairRuleDataset(30, 160, 4);
    TuneConfig cfg = tinyTune();
    cfg.finishBest = false;
    auto r = tune(ds, cfg);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const std::string dir = test::makeScratchDir("tuner_record", test::ScratchMode::Fresh);
    const std::string path = dir + "/tuned.ckpt";
    ASSERT_TRUE(r->model->save(path).ok());
    auto back = SasRecModel::load(path, &ds);
    ASSERT_TRUE(back.ok()) << back.error().message;
    const TuningRecord& t = back->info().tuning;
    EXPECT_TRUE(t.tuned);
    EXPECT_EQ(t.chosenTrial, r->record.chosenTrial);
    ASSERT_EQ(t.trials.size(), r->record.trials.size());
    EXPECT_EQ(t.trials.back().model.maxLength, r->record.trials.back().model.maxLength);
    EXPECT_DOUBLE_EQ(t.budgetMinutes, cfg.budgetMinutes);
    EXPECT_EQ(back->info().training.learningRate, r->chosen.learningRate);
}
