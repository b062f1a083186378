// Held-out transitions (train/heldouttransitions.h), the tuner's trial validation: every held-out
// purchase is a validation target exactly once, predicted from the real purchases before it; the
// test purchase never is; and train() does not train on any held-out purchase (its positions
// per epoch are counted independently from the sequences here).

#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"
#include "train/heldouttransitions.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace reclens;

TEST(HeldOutTransitions, EachHeldOutPurchaseIsATargetOnceAndTheTestPurchaseNever) {
    const Dataset ds = test::randomDataset(60, 80, 5);
    const int positions = 3;
    const HeldOutTransitions h = makeHeldOutTransitions(ds, positions);
    ASSERT_EQ(h.cut.size(), ds.users.size());
    std::set<std::pair<std::string, int>> expected; // (customer, position) of every target
    for (std::size_t u = 0; u < ds.users.size(); ++u) {
        const User& user = ds.users[u];
        if (user.validPos < 0) {
            EXPECT_EQ(h.cut[u], 0);
            continue;
        }
        // At most a third of the training prefix beyond two purchases, and as many as asked.
        EXPECT_EQ(h.cut[u], std::min(positions, std::max(0, (user.validPos - 2) / 3)));
        for (int p = user.validPos - h.cut[u]; p <= user.validPos; ++p)
            expected.insert({user.id, p});
    }
    ASSERT_EQ(static_cast<std::size_t>(h.transitions), expected.size());
    ASSERT_EQ(h.valid.users.size(), expected.size());
    EXPECT_EQ(h.valid.items.size(), ds.items.size());
    std::map<std::string, std::size_t> byId; // the fixture does not build Dataset's lookup
    for (std::size_t u = 0; u < ds.users.size(); ++u)
        byId[ds.users[u].id] = u;
    std::set<std::pair<std::string, int>> seen;
    for (UserIndex v = 0; v < static_cast<UserIndex>(h.valid.users.size()); ++v) {
        const User& pseudo = h.valid.users[static_cast<std::size_t>(v)];
        const std::string id = pseudo.id.substr(0, pseudo.id.rfind('#'));
        ASSERT_EQ(byId.count(id), 1u) << pseudo.id;
        const User& real = ds.users[byId.at(id)];
        const int p = pseudo.validPos;
        EXPECT_TRUE(seen.insert({id, p}).second) << "target twice: " << pseudo.id;
        EXPECT_NE(p, real.testPos);
        EXPECT_EQ(h.valid.targetFor(v, EvalSplit::Valid), real.sequence[static_cast<size_t>(p)]);
        const auto history = h.valid.historyFor(v, EvalSplit::Valid);
        EXPECT_EQ(history,
                  std::vector<ItemIndex>(real.sequence.begin(), real.sequence.begin() + p));
        EXPECT_EQ(h.valid.targetFor(v, EvalSplit::Test), -1);
    }
    EXPECT_EQ(seen, expected);
    // positions = 0: nothing left out of training, no held-out targets.
    const HeldOutTransitions none = makeHeldOutTransitions(ds, 0);
    EXPECT_EQ(std::count(none.cut.begin(), none.cut.end(), 0),
              static_cast<std::ptrdiff_t>(ds.users.size()));
    EXPECT_EQ(none.transitions, 0);
}

TEST(HeldOutTransitions, TrainingLeavesTheHeldOutPurchasesOut) {
    const Dataset ds = test::randomDataset(60, 80, 6);
    const HeldOutTransitions h = makeHeldOutTransitions(ds, 4);
    // Targets one epoch trains on, from the sequences: every training purchase after the first.
    std::int64_t all = 0, kept = 0;
    for (std::size_t u = 0; u < ds.users.size(); ++u) {
        const auto n =
            static_cast<std::int64_t>(ds.trainingSequence(static_cast<UserIndex>(u)).size());
        all += std::max<std::int64_t>(0, n - 1);
        kept += std::max<std::int64_t>(0, n - h.cut[u] - 1);
    }
    ASSERT_LT(kept, all);
    auto positionsOfOneEpoch = [&](const HeldOutTransitions* heldOut) {
        ModelConfig mc;
        mc.dim = 16;
        mc.heads = 2;
        mc.maxLength = 8; // several windows per long history: none may add or lose a target
        auto m = SasRecModel::create(ds, mc, 3);
        EXPECT_TRUE(m.ok());
        TrainConfig tc;
        tc.epochs = 1;
        tc.threads = 1;
        tc.batchSize = 16;
        std::int64_t positions = 0;
        TrainCallbacks cb;
        cb.onStep = [&](const StepStats& s) {
            positions += s.positions;
        };
        auto r = train(*m, ds, tc, cb, heldOut);
        EXPECT_TRUE(r.ok());
        return positions;
    };
    EXPECT_EQ(positionsOfOneEpoch(nullptr), all);
    EXPECT_EQ(positionsOfOneEpoch(&h), kept);
    // Made from another dataset: refused, not misapplied.
    const HeldOutTransitions other = makeHeldOutTransitions(test::randomDataset(60, 50, 7), 4);
    auto m = SasRecModel::create(ds, ModelConfig{}, 3);
    ASSERT_TRUE(m.ok());
    TrainConfig tc;
    tc.epochs = 1;
    EXPECT_FALSE(train(*m, ds, tc, {}, &other).ok());
}
