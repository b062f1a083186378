// Integrated gradients from sampled real baselines (SPINRec, arXiv 2511.18047) on a small
// SASRec trained here: completeness per baseline checked against independent scoring calls,
// determinism for a seed, the average equal to the mean of separate single-baseline runs, and
// a model that cannot take a baseline history reporting IG as unavailable.

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "jsonschemalite.h"
#include "model/sasrecmodel.h"
#include "test_explain_toymodel.h"
#include "test_model_fixtures.h"
#include "testfiles.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

using namespace reclens;

namespace {

struct Trained {
    Dataset ds;
    std::unique_ptr<SasRecModel> model;
};

/// A tiny SASRec (dim 16, 2 epochs on a planted-rule dataset), trained once per test binary.
const Trained& trained() {
    static const Trained t = [] {
        Trained out;
        out.ds = test::pairRuleDataset(40, 200, 11);
        TrainConfig tc;
        tc.model.maxLength = 12;
        tc.model.dim = 16;
        tc.epochs = 2;
        tc.batchSize = 32;
        tc.learningRate = 5e-3f;
        tc.threads = 1;
        auto m = SasRecModel::create(out.ds, tc.model, tc.seed);
        EXPECT_TRUE(m.ok());
        out.model = std::make_unique<SasRecModel>(std::move(m).value());
        EXPECT_TRUE(train(*out.model, out.ds, tc).ok());
        return out;
    }();
    return t;
}

ExplainConfig sampledConfig(std::uint64_t seed) {
    ExplainConfig cfg;
    cfg.igBaseline = IgBaseline::Sampled;
    cfg.igBaselineSamples = 8;
    cfg.seed = seed;
    cfg.igBaselineExcludeUser = 0;
    return cfg;
}

ItemIndex topItem(const SequenceModel& model, const History& h) {
    const auto row = model.scoreAll({h});
    return static_cast<ItemIndex>(std::max_element(row.begin(), row.end()) - row.begin());
}

} // namespace

TEST(IgSampled, CompletenessHoldsPerSampledBaselineOnATrainedSasRec) {
    const Trained& t = trained();
    const History h = clipHistory(t.ds.users[0].sequence, t.model->maxLength());
    const ItemIndex target = topItem(*t.model, h);
    const ExplainConfig cfg = sampledConfig(42);
    const IgExplanation ig = explainIntegratedGradients(*t.model, h, target, cfg, t.ds);

    ASSERT_EQ(ig.sampled.size(), 8u);
    EXPECT_EQ(ig.baseline, IgBaseline::Sampled);
    const float fx = t.model->scoreTargets({h}, {target})[0]; // an independent scoring call
    EXPECT_NEAR(ig.scoreInput, fx, 1e-4f * std::max(1.0f, std::fabs(fx)));
    std::set<int> users;
    int fullLength = 0;
    for (const IgSampledBaseline& s : ig.sampled) {
        users.insert(s.user);
        EXPECT_NE(s.user, 0) << "the explained customer is excluded";
        EXPECT_LE(s.history.size(), h.size());
        ASSERT_EQ(s.values.size(), h.size());
        // Completeness of this baseline's run, recomputed here from its attributions.
        const double sum = std::accumulate(s.values.begin(), s.values.end(), 0.0);
        const double delta = static_cast<double>(fx) - s.scoreBaseline;
        EXPECT_TRUE(s.converged) << "baseline user " << s.user;
        EXPECT_LT(std::fabs(sum - delta), 0.01 * std::max(std::fabs(delta), 0.1) + 1e-4)
            << "baseline user " << s.user << ": Σ " << sum << " vs Δ " << delta;
        EXPECT_TRUE(s.completenessError < 0.01f ||
                    (s.absoluteCriterion && s.completenessAbsError < 1e-3f))
            << "baseline user " << s.user << ": " << s.completenessError;
        // A baseline as long as the history is the model's own input: f(baseline) from the path
        // pass must equal the model's score of that history.
        if (s.history.size() == h.size()) {
            ++fullLength;
            const float fb = t.model->scoreTargets({s.history}, {target})[0];
            EXPECT_NEAR(s.scoreBaseline, fb, 1e-4f * std::max(1.0f, std::fabs(fb)));
        }
    }
    EXPECT_EQ(users.size(), 8u) << "drawn without replacement";
    EXPECT_GT(fullLength, 0) << "the check of f(baseline) needs at least one full-length baseline";
}

TEST(IgSampled, SameSeedGivesTheSameBaselinesAndAttributions) {
    const Trained& t = trained();
    const History h = clipHistory(t.ds.users[3].sequence, t.model->maxLength());
    const ItemIndex target = topItem(*t.model, h);
    const IgExplanation a = explainIntegratedGradients(*t.model, h, target, sampledConfig(7), t.ds);
    const IgExplanation b = explainIntegratedGradients(*t.model, h, target, sampledConfig(7), t.ds);
    const IgExplanation c = explainIntegratedGradients(*t.model, h, target, sampledConfig(8), t.ds);
    ASSERT_EQ(a.sampled.size(), b.sampled.size());
    for (size_t i = 0; i < a.sampled.size(); ++i) {
        EXPECT_EQ(a.sampled[i].user, b.sampled[i].user);
        EXPECT_EQ(a.sampled[i].history, b.sampled[i].history);
    }
    EXPECT_EQ(a.values, b.values);
    std::vector<int> ua, uc;
    for (const auto& s : a.sampled)
        ua.push_back(s.user);
    for (const auto& s : c.sampled)
        uc.push_back(s.user);
    EXPECT_NE(ua, uc) << "another seed draws other customers";
}

TEST(IgSampled, AverageEqualsTheMeanOfSeparatePerBaselineRuns) {
    const Trained& t = trained();
    const History h = clipHistory(t.ds.users[5].sequence, t.model->maxLength());
    const ItemIndex target = topItem(*t.model, h);
    ExplainConfig cfg = sampledConfig(42);
    cfg.igBaselineSamples = 4;
    const IgExplanation avg = explainIntegratedGradients(*t.model, h, target, cfg, t.ds);
    ASSERT_EQ(avg.sampled.size(), 4u);
    std::vector<double> mean(h.size(), 0.0);
    double meanBaseline = 0;
    for (const IgSampledBaseline& s : avg.sampled) {
        IgSampledBaseline alone;
        alone.user = s.user;
        alone.history = s.history;
        const IgExplanation one = explainIntegratedGradientsFrom(*t.model, h, target, cfg, {alone});
        ASSERT_EQ(one.values.size(), h.size());
        EXPECT_EQ(one.values, s.values) << "the same run, reported per baseline";
        for (size_t p = 0; p < h.size(); ++p)
            mean[p] += one.values[p] / 4.0;
        meanBaseline += one.scoreBaseline / 4.0;
    }
    for (size_t p = 0; p < h.size(); ++p)
        EXPECT_NEAR(avg.values[p], mean[p], 1e-5 * std::max(1.0, std::fabs(mean[p]))) << p;
    EXPECT_NEAR(avg.scoreBaseline, meanBaseline, 1e-5 * std::max(1.0, std::fabs(meanBaseline)));
    EXPECT_EQ(avg.gradientEvaluations, std::accumulate(avg.sampled.begin(), avg.sampled.end(), 0,
                                                       [](int n, const IgSampledBaseline& s) {
                                                           return n + s.gradientEvaluations;
                                                       }));
}

TEST(IgSampled, BundleJsonListsEachBaselineAndMatchesTheSchema) {
    const Trained& t = trained();
    const History h = clipHistory(t.ds.users[2].sequence, t.model->maxLength());
    ExplainConfig cfg = sampledConfig(42);
    cfg.igBaselineSamples = 3;
    cfg.methods = ExplainMethods::none();
    cfg.methods.ig = true;
    const ExplanationBundle b = explain(*t.model, t.ds, h, -1, cfg);
    ASSERT_TRUE(b.ig);
    const auto j = explanationToJson(b, t.ds, t.ds.users[2].id);
    EXPECT_EQ(j["ig"]["baseline"], "sampled");
    EXPECT_EQ(j["ig"]["baseline_combination"], "mean");
    EXPECT_EQ(j["ig"]["completeness_scores"], "path_forward_pass");
    ASSERT_EQ(j["ig"]["sampled_baselines"].size(), 3u);
    for (const auto& s : j["ig"]["sampled_baselines"]) {
        EXPECT_NE(s["user"], t.ds.users[2].id) << "not the explained customer's own history";
        EXPECT_EQ(s["attributions"].size(), h.size());
    }
    const test::SchemaLite schema(
        nlohmann::json::parse(test::readFile(test::sourcePath("docs/explanation-schema.json"))));
    const auto errors = schema.validate(j);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
}

TEST(IgSampled, ModelWithoutHistoryBaselinesReportsIgUnavailableNotACrash) {
    const Dataset ds = test::randomDataset(30, 20, 4);
    const test::ToyModel toy(30, 8, 12, 5);
    ASSERT_FALSE(toy.supportsHistoryBaselines());
    ExplainConfig cfg = sampledConfig(42);
    cfg.methods = ExplainMethods::none();
    cfg.methods.ig = true;
    cfg.methods.features = true;
    cfg.methods.loo = true;
    const History h = clipHistory(ds.users[1].sequence, toy.maxLength());
    const ExplanationBundle b = explain(toy, ds, h, -1, cfg);
    EXPECT_FALSE(b.ig);
    EXPECT_FALSE(b.features);
    ASSERT_EQ(b.unavailable.count("ig"), 1u);
    EXPECT_NE(b.unavailable.at("ig").find("sampled baseline"), std::string::npos);
    EXPECT_EQ(b.attribution("ig"), nullptr);
    EXPECT_NE(b.attribution("loo"), nullptr) << "the other methods still run";
    const auto j = explanationToJson(b, ds, ds.users[1].id);
    EXPECT_TRUE(j["ig"].is_null());
    EXPECT_EQ(j["unavailable"]["ig"], b.unavailable.at("ig"));
    // Asked directly, the engine refuses with the same reason instead of crashing.
    EXPECT_THROW(explainIntegratedGradients(toy, h, 0, cfg, ds), std::invalid_argument);
}
