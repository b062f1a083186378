// The explanation engine on a real SASRec trained in the test (fixed seed, a few epochs):
// on sample_data/ the planted trigger must get the top attribution; on real data the deletion
// AUC of LOO and IG must beat random orders.

#include "data/importers.h"
#include "explain/explainmethods.h"
#include "model/sasrecmodel.h"
#include "test_model_fixtures.h"
#include "testdata.h"
#include "train/trainer.h"
#include "train/tuner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <random>

using namespace reclens;

namespace {

int argmax(const std::vector<float>& v) {
    return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

/// `tc` gives the regularisation: the planted test uses what plain `train` picks from the data
/// (train/tuner.h: on the dense sample shop dropout 0.2 and no weight decay), no hand-set value.
SasRecModel trainSmall(const Dataset& ds, int maxLength, int epochs, TrainConfig tc) {
    tc.model.maxLength = maxLength;
    tc.epochs = epochs;
    // One thread: on a shared 2-core machine OpenMP's spinning with 2 threads made training
    // and scoring 10-25x slower; results do not depend on the thread count.
    tc.threads = 1;
    tc.patience = epochs;
    tc.seed = 42;
    tc.validUsers = 500;
    auto model = SasRecModel::create(ds, tc.model, tc.seed);
    EXPECT_TRUE(model.ok()) << (model.ok() ? "" : model.error().message);
    TrainCallbacks cb;
    cb.onEpoch = [](const EpochStats& e) {
        std::cout << "epoch " << e.epoch << " loss " << e.loss << " valid ndcg@10 " << e.validNdcg10
                  << " (" << e.seconds << " s)\n"
                  << std::flush;
    };
    auto r = train(*model, ds, tc, cb);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return std::move(*model);
}

/// Sets torch's thread count for one test and restores it afterwards.
class ThreadScope {
public:
    explicit ThreadScope(int n)
        : m_previous(setComputeThreads(0)) {
        setComputeThreads(n);
    }
    ~ThreadScope() { setComputeThreads(m_previous); }

private:
    int m_previous;
};

struct PlantedCase {
    UserIndex user = -1;
    ItemIndex target = -1;
    int triggerPosition = -1;
};

} // namespace

TEST(ExplainSasRec, PlantedTriggerGetsTopAttributionFromLooIgAndShapley) {
    ThreadScope threads(1);
    const auto t0 = std::chrono::steady_clock::now();
    auto ds = loadDataset(test::sourcePath("sample_data"));
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    std::ifstream in(test::sourcePath("sample_data/ground_truth.json"));
    ASSERT_TRUE(in.good());
    const auto gt = nlohmann::json::parse(in);
    std::vector<PlantedCase> cases;
    for (const auto& c : gt.at("cases")) {
        PlantedCase pc;
        pc.user = ds->findUser(c.at("user").get<std::string>());
        pc.target = ds->findItem(c.at("target").get<std::string>());
        pc.triggerPosition = c.at("trigger_position").get<int>();
        ASSERT_GE(pc.user, 0);
        ASSERT_GE(pc.target, 0);
        // The case's target is the user's held-out test item; the trigger lies in its history.
        ASSERT_EQ(ds->targetFor(pc.user, EvalSplit::Test), pc.target);
        cases.push_back(pc);
    }
    ASSERT_GT(cases.size(), 500u);

    // 25 epochs: the default scores candidates with their category and brand vectors too, which
    // blurs the item -> item rules until the model has trained longer (measured LOO / IG: 0.85 /
    // 0.83 after 12 epochs, 0.93 / 0.95 after 20, 0.96 / 0.98 after 25).
    const SasRecModel model = trainSmall(*ds, 20, 25, dataDrivenDefaults(*ds));
    const double trainSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    ExplainConfig cfg;
    int looHits = 0, igHits = 0, shapHits = 0, shapCases = 0, igConverged = 0;
    // The summary's named cause (VerifiedFacts::causePosition) on every case the model ranks #1:
    // a wrong name is a false sentence shown to the user, so it must be the planted trigger; a
    // case where no cause is named counts as a miss for the rate.
    int topOneCases = 0, causeNamed = 0, causeRight = 0, wrongUnbacked = 0;
    ExplainConfig summaryCfg;
    summaryCfg.threads = 1;
    summaryCfg.methods = ExplainMethods::none();
    summaryCfg.methods.loo = summaryCfg.methods.shapley = summaryCfg.methods.counterfactual = true;
    // Time budget: LOO and IG on the first 300 cases, exact Shapley (4,096 coalitions each)
    // on every 20th of them.
    cases.resize(300);
    const size_t shapleyEvery = 20;
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        const History h = ds->historyFor(c.user, EvalSplit::Test);
        ASSERT_LT(c.triggerPosition, static_cast<int>(h.size()));
        ASSERT_EQ(h[static_cast<size_t>(c.triggerPosition)],
                  ds->findItem(gt.at("cases")[i].at("trigger").get<std::string>()));
        const auto loo = explainLeaveOneOut(model, h, c.target);
        looHits += argmax(loo.effect) == c.triggerPosition ? 1 : 0;
        if (loo.baseRank == 1) {
            const auto b = explain(model, *ds, h, c.target, summaryCfg);
            ++topOneCases;
            causeNamed += b.facts.causePosition >= 0 ? 1 : 0;
            causeRight += b.facts.causePosition == c.triggerPosition ? 1 : 0;
            if (b.facts.causePosition >= 0 && b.facts.causePosition != c.triggerPosition &&
                (b.facts.causeEvidence.find("occlusion") == std::string::npos ||
                 b.facts.causeEvidence.find("counterfactual") == std::string::npos))
                ++wrongUnbacked;
            if (b.facts.causePosition >= 0 && b.facts.causePosition != c.triggerPosition)
                std::cout << "named cause " << b.facts.causePosition << " ("
                          << b.facts.causeEvidence << "), trigger at " << c.triggerPosition
                          << " of " << h.size() << "\n";
        }
        const auto ig = explainIntegratedGradients(model, h, c.target, cfg);
        igHits += argmax(ig.values) == c.triggerPosition ? 1 : 0;
        igConverged += ig.converged ? 1 : 0;
        if (i % shapleyEvery == 0) {
            const auto s = explainShapley(model, h, c.target, cfg);
            EXPECT_LT(s.efficiencyGap, 1e-3f * std::max(1.0f, std::fabs(s.scoreAll)));
            shapHits += argmax(s.values) == c.triggerPosition ? 1 : 0;
            ++shapCases;
        }
    }
    const double n = static_cast<double>(cases.size());
    std::cout << "planted cases " << cases.size() << ": LOO top-1 " << looHits / n << ", IG "
              << igHits / n << " (converged " << igConverged / n << "), Shapley "
              << static_cast<double>(shapHits) / shapCases << " over " << shapCases
              << " cases; training " << trainSeconds << " s, total "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
              << " s\n";
    std::cout << "summary cause on the " << topOneCases << " cases ranked #1: named " << causeNamed
              << ", the planted trigger " << causeRight << " ("
              << static_cast<double>(causeRight) / std::max(1, topOneCases) << ")\n";
    ASSERT_GT(topOneCases, 150);
    // Measured 173 of 181 (0.956), 175 named; after the one-pass catalog softmax (the same
    // training, products summed in another order) 165 of 174 (0.948), 169 named. The summary
    // explains the model, not the data: a named purchase that is not the trigger is what this
    // model's ranking depends on, so each one must be backed by occlusion and the verified
    // counterfactual set both, and the bounds leave room for the model's few such cases.
    EXPECT_GE(static_cast<double>(causeRight) / topOneCases, 0.93);
    EXPECT_LE(causeNamed - causeRight, topOneCases / 30);
    EXPECT_EQ(wrongUnbacked, 0);
    EXPECT_GE(looHits / n, 0.90);
    EXPECT_GE(igHits / n, 0.90);
    EXPECT_GE(static_cast<double>(shapHits) / shapCases, 0.90);
    EXPECT_GE(igConverged / n, 0.95);
}

namespace {

struct DeletionAucs {
    double loo = 0, ig = 0, random = 0;
    int users = 0;
};

/// Mean normalised deletion AUC of LOO, IG and random orders for the top-1 of `users` random
/// customers (full sequence, cut to the model's maximum length).
DeletionAucs meanDeletionAucs(const SequenceModel& model, const Dataset& ds, int users) {
    std::vector<UserIndex> order;
    for (size_t u = 0; u < ds.users.size(); ++u)
        if (ds.users[u].sequence.size() >= 3)
            order.push_back(static_cast<UserIndex>(u));
    std::mt19937_64 rng(11);
    std::shuffle(order.begin(), order.end(), rng);
    ExplainConfig cfg;
    cfg.faithfulnessRandomOrders = 4;
    cfg.igMaxSteps = 64; // the property is about the ordering; completeness is tested elsewhere
    DeletionAucs out;
    for (UserIndex u : order) {
        if (out.users >= users)
            break;
        const History h = clipHistory(ds.users[static_cast<size_t>(u)].sequence, model.maxLength());
        const ItemIndex target = topKOf(model.scoreAll({h}), 1)[0].item;
        const auto loo = explainLeaveOneOut(model, h, target);
        const auto ig = explainIntegratedGradients(model, h, target, cfg);
        const auto f = evaluateFaithfulness(
            model, h, target, {{"loo", loo.effect}, {"ig", ig.values}}, nullptr, nullptr, cfg);
        out.loo += f.methods[0].deletionAuc;
        out.ig += f.methods[1].deletionAuc;
        out.random += f.randomDeletionAuc;
        ++out.users;
    }
    out.loo /= out.users;
    out.ig /= out.users;
    out.random /= out.users;
    return out;
}

void checkRealData(const std::string& sub, int maxLength, int epochs) {
    ThreadScope threads(1);
    const auto t0 = std::chrono::steady_clock::now();
    const std::string path = test::realDataPath(sub);
    ASSERT_FALSE(path.empty());
    auto ds = loadDataset(path);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    TrainConfig light;
    light.model.dropout = 0.2f; // 2 epochs: the 0.5 default learns too little to attribute
    const SasRecModel model = trainSmall(*ds, maxLength, epochs, light);
    const double trainSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto a = meanDeletionAucs(model, *ds, 200);
    std::cout << sub << ": mean deletion AUC over " << a.users << " users: LOO " << a.loo << ", IG "
              << a.ig << ", random " << a.random << " (training " << trainSeconds << " s, total "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
              << " s)\n";
    EXPECT_EQ(a.users, 200);
    EXPECT_LT(a.loo, a.random);
    EXPECT_LT(a.ig, a.random);
}

} // namespace

TEST(ExplainSasRec, DeletionAucOfLooAndIgBeatsRandomOnAmazonScientific) {
    checkRealData("amazon-scientific-unisrec", 50, 2);
}

TEST(ExplainSasRec, DeletionAucOfLooAndIgBeatsRandomOnUciOnlineRetail) {
    // UCI customers average ~90 purchases, so one epoch trains on ~390 k positions and costs over
    // a minute on CI; one epoch at 20 positions keeps the test about attributions, not training.
    checkRealData("uci-online-retail", 20, 1);
}

namespace {

SasRecModel untrainedModel(const Dataset& ds, int maxLength) {
    ModelConfig cfg;
    cfg.maxLength = maxLength;
    cfg.useCategory = true;
    cfg.useBrand = true;
    auto m = SasRecModel::create(ds, cfg, 5);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
    return std::move(m).value();
}

History randomItems(std::mt19937_64& rng, int items, int length) {
    std::uniform_int_distribution<int> d(0, items - 1);
    History h;
    for (int i = 0; i < length; ++i)
        h.push_back(d(rng));
    return h;
}

} // namespace

// Scoring runs only the last position through the final block (the explanation engine's
// hot path); it must agree with the full forward pass that computes every position.
TEST(ExplainSasRec, LastPositionOnlyForwardEqualsFullForward) {
    const auto ds = test::randomDataset(300, 20, 2);
    const SasRecModel model = untrainedModel(ds, 50);
    const size_t n = static_cast<size_t>(model.itemCount());
    std::mt19937_64 rng(17);
    for (int len : {1, 2, 7, 30, 50, 64}) {
        const History h = randomItems(rng, 300, len);
        const auto full = model.scoreAllPositions(h); // [min(len, 50) × n], full forward
        const auto last = model.scoreAll({h});
        ASSERT_EQ(full.size(), static_cast<size_t>(std::min(len, 50)) * n);
        const float* fullLast = full.data() + full.size() - n;
        for (size_t i = 0; i < n; ++i)
            ASSERT_NEAR(last[i], fullLast[i], 1e-4f * std::max(1.0f, std::fabs(fullLast[i])))
                << "length " << len << " item " << i;
        const ItemIndex target = static_cast<ItemIndex>(len * 7 % 300);
        EXPECT_NEAR(model.scoreTargets({h}, {target})[0], fullLast[target], 1e-4f);
        // The autograd path (gradients, IG) uses the same last-position forward.
        EXPECT_NEAR(model.gradients(h, target).score, fullLast[target], 1e-4f);
    }
}

// Batches are sorted by length and cut into chunks padded only to their own longest row; the
// scores must not depend on that grouping.
TEST(ExplainSasRec, LengthPackedBatchEqualsEachHistoryAlone) {
    const auto ds = test::randomDataset(200, 20, 3);
    const SasRecModel model = untrainedModel(ds, 40);
    std::mt19937_64 rng(23);
    std::uniform_int_distribution<int> len(0, 55); // beyond maxLength too: clipped
    std::vector<History> batch;
    std::vector<ItemIndex> targets;
    for (int i = 0; i < 400; ++i) { // several chunks of different padded lengths
        batch.push_back(randomItems(rng, 200, len(rng)));
        targets.push_back(static_cast<ItemIndex>(i % 200));
    }
    const auto packed = model.scoreTargets(batch, targets);
    const auto all = model.scoreAll(batch);
    const size_t n = static_cast<size_t>(model.itemCount());
    ASSERT_EQ(packed.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        const auto alone = model.scoreAll({batch[i]});
        EXPECT_NEAR(packed[i], alone[static_cast<size_t>(targets[i])], 1e-4f) << "row " << i;
        for (size_t j = 0; j < n; j += 37)
            ASSERT_NEAR(all[i * n + j], alone[j], 1e-4f) << "row " << i << " item " << j;
    }
}
