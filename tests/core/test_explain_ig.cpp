// Integrated gradients: completeness on a hand-made smooth model, the quadrature rules against
// integrands whose integral is known exactly, and the cost of refinement (nested rules reuse
// their earlier points).

#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "test_explain_toymodel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <random>

using namespace reclens;
using reclens::test::randomHistory;
using reclens::test::ToyModel;

namespace {

/// A model whose IG integrand is a known density g(α) on [0, 1] with ∫ g = 1: at path point α,
/// position t contributes (t + 1) · g(α), so position t's exact attribution is t + 1 and
/// f(α) = 1 + Σ (t + 1) · G(α) with G the integral of g. Counts the path points it is asked for.
class PathProfileModel : public SequenceModel {
public:
    int itemCount() const override { return 10; }
    int maxLength() const override { return 20; }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        return std::vector<float>(hs.size() * 10, 0.0f);
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>&) const override {
        return std::vector<float>(hs.size(), 0.0f);
    }
    AttentionMaps attention(const History&) const override { return {}; }
    EmbeddingGradients gradients(const History&, ItemIndex) const override { return {}; }
    PathGradients pathGradients(const History& h, ItemIndex, IgBaseline,
                                const std::vector<double>& alphas) const override {
        PathGradients pg;
        pg.length = static_cast<int>(h.size());
        pg.components = {"item"};
        pg.alphas = alphas;
        double total = 0;
        for (size_t t = 0; t < h.size(); ++t)
            total += static_cast<double>(t + 1);
        pg.scoreBaseline = 1.0f;
        pg.scoreInput = static_cast<float>(1.0 + total);
        for (double a : alphas) {
            std::vector<float> v;
            for (size_t t = 0; t < h.size(); ++t)
                v.push_back(static_cast<float>((t + 1) * density(a)));
            pg.values.push_back({v});
            pg.scores.push_back(static_cast<float>(1.0 + total * cumulative(a)));
        }
        m_points += static_cast<int>(alphas.size());
        return pg;
    }
    int points() const { return m_points; }

protected:
    virtual double density(double a) const = 0;
    virtual double cumulative(double a) const = 0;

private:
    mutable int m_points = 0;
};

/// g(α) = (degree + 1) α^degree: polynomial, so exactly integrable by a rule of that degree.
class PolynomialPathModel final : public PathProfileModel {
public:
    explicit PolynomialPathModel(int degree)
        : m_degree(degree) {}

protected:
    double density(double a) const override { return (m_degree + 1) * std::pow(a, m_degree); }
    double cumulative(double a) const override { return std::pow(a, m_degree + 1); }

private:
    int m_degree;
};

/// g(α) ∝ exp(−α / width): nearly all of the path's score change happens in a layer just above
/// α = 0, as in trained SASRec models with the padding baseline.
class BoundaryLayerPathModel final : public PathProfileModel {
public:
    explicit BoundaryLayerPathModel(double width)
        : m_width(width)
        , m_norm(-std::expm1(-1.0 / width)) {}

protected:
    double density(double a) const override { return std::exp(-a / m_width) / (m_width * m_norm); }
    double cumulative(double a) const override { return -std::expm1(-a / m_width) / m_norm; }

private:
    double m_width, m_norm;
};

} // namespace

TEST(ExplainIg, CompletenessBelowOnePercentWithStepsReported) {
    ToyModel model(30, 6, 20, 7, 3);
    std::mt19937_64 rng(1);
    for (IgRule rule : {IgRule::GaussLegendre, IgRule::Midpoint, IgRule::Trapezoid, IgRule::Simpson,
                        IgRule::Adaptive}) {
        for (int c = 0; c < 5; ++c) {
            const History h = randomHistory(rng, 30, 5 + c);
            const ItemIndex target = static_cast<ItemIndex>(c * 5);
            ExplainConfig cfg;
            cfg.igRule = rule;
            const IgExplanation ig = explainIntegratedGradients(model, h, target, cfg);
            ASSERT_EQ(ig.values.size(), h.size());
            EXPECT_EQ(ig.rule, rule);
            EXPECT_GE(ig.stepsUsed, 32);
            EXPECT_GE(ig.gradientEvaluations, ig.stepsUsed);
            EXPECT_TRUE(ig.converged) << igRuleName(rule) << " error " << ig.completenessError;
            const double sum = std::accumulate(ig.values.begin(), ig.values.end(), 0.0);
            const double delta = static_cast<double>(ig.scoreInput) - ig.scoreBaseline;
            EXPECT_LT(std::fabs(sum - delta), 0.01 * std::fabs(delta) + 1e-6);
            // f(x) really is the model's score of the history.
            EXPECT_NEAR(ig.scoreInput, model.scoreTargets({h}, {target})[0], 1e-4);
            ASSERT_EQ(ig.perComponent.size(), 2u);
        }
    }
}

TEST(ExplainIg, TinyScoreDifferenceIsJudgedByTheAbsoluteError) {
    ToyModel model(30, 6, 20, 7, 3);
    std::mt19937_64 rng(12);
    const History h = randomHistory(rng, 30, 6);
    ExplainConfig cfg;
    cfg.igSmallDelta = 1e9; // every difference counts as tiny here
    const IgExplanation a = explainIntegratedGradients(model, h, 3, cfg);
    EXPECT_TRUE(a.absoluteCriterion);
    EXPECT_EQ(a.converged, a.completenessAbsError < cfg.igTolerance * cfg.igSmallDelta);
    EXPECT_EQ(a.stepsTried.size(), 1u); // no doubling once the criterion holds
    const double sum = std::accumulate(a.values.begin(), a.values.end(), 0.0);
    EXPECT_NEAR(a.completenessAbsError,
                std::fabs(sum - (static_cast<double>(a.scoreInput) - a.scoreBaseline)), 1e-4);
    cfg.igSmallDelta = 0; // never tiny: the relative criterion as before
    const IgExplanation r = explainIntegratedGradients(model, h, 3, cfg);
    EXPECT_FALSE(r.absoluteCriterion);
    EXPECT_EQ(r.converged, r.completenessError < cfg.igTolerance);
}

TEST(ExplainIg, GaussLegendreIsExactForPolynomialsUpToDegreeTwoNMinusOne) {
    // 32 nodes integrate degree 63 exactly; the midpoint rule with 32 points does not.
    const PolynomialPathModel model(63);
    const History h = {1, 2, 3, 4};
    for (int n : {1, 2, 5, 32}) {
        const auto gl = integratedGradients(PolynomialPathModel(2 * n - 1), h, 0,
                                            IgBaseline::Padding, IgRule::GaussLegendre, n);
        for (size_t t = 0; t < h.size(); ++t)
            EXPECT_NEAR(gl.attributions[0][t], static_cast<double>(t + 1), 2e-5 * (t + 1))
                << n << " nodes, position " << t;
    }
    const auto mid = integratedGradients(model, h, 0, IgBaseline::Padding, IgRule::Midpoint, 32);
    EXPECT_GT(std::fabs(mid.attributions[0][3] - 4.0), 0.1);
    // Simpson is exact for cubics, the trapezoid rule for straight lines.
    const auto simpson =
        integratedGradients(PolynomialPathModel(3), h, 0, IgBaseline::Padding, IgRule::Simpson, 2);
    const auto trapezoid = integratedGradients(PolynomialPathModel(1), h, 0, IgBaseline::Padding,
                                               IgRule::Trapezoid, 1);
    for (size_t t = 0; t < h.size(); ++t) {
        EXPECT_NEAR(simpson.attributions[0][t], static_cast<double>(t + 1), 1e-5);
        EXPECT_NEAR(trapezoid.attributions[0][t], static_cast<double>(t + 1), 1e-5);
    }
}

TEST(ExplainIg, NestedRulesReuseEveryEarlierPointWhenRefining) {
    const History h = {1, 2, 3};
    ExplainConfig cfg;
    cfg.igTolerance = 0; // never converges: runs 32, 64, 128 up to the cap
    cfg.igStartSteps = 32;
    cfg.igMaxSteps = 128;
    for (IgRule rule :
         {IgRule::Trapezoid, IgRule::Simpson, IgRule::Midpoint, IgRule::GaussLegendre}) {
        const PolynomialPathModel model(200);
        cfg.igRule = rule;
        const IgExplanation ig = explainIntegratedGradients(model, h, 0, cfg);
        EXPECT_EQ(ig.stepsTried, (std::vector<int>{32, 64, 128})) << igRuleName(rule);
        const bool nested = rule == IgRule::Trapezoid || rule == IgRule::Simpson;
        // Nested: the 129 points of the finest level; otherwise every level afresh.
        EXPECT_EQ(ig.gradientEvaluations, nested ? 129 : 32 + 64 + 128) << igRuleName(rule);
        EXPECT_EQ(model.points(), ig.gradientEvaluations) << igRuleName(rule);
        EXPECT_FALSE(ig.converged);
        // The most accurate try is reported, and a degree-200 integrand needs the finest.
        EXPECT_EQ(ig.stepsUsed, 128) << igRuleName(rule);
    }
}

TEST(ExplainIg, AdaptiveSplitsOnlyWhereTheIntegrandIsHard) {
    // A layer of width 1e-4 above α = 0: Gauss–Legendre with 32 nodes (first node ~1.3e-3)
    // misses much of it and doubling re-evaluates the whole path each time; the adaptive rule
    // refines the panel at 0 only.
    const History h = {1, 2, 3, 4};
    ExplainConfig cfg;
    cfg.igMaxSteps = 1024;
    std::map<IgRule, IgExplanation> out;
    for (IgRule rule : {IgRule::GaussLegendre, IgRule::Adaptive}) {
        const BoundaryLayerPathModel model(1e-4);
        cfg.igRule = rule;
        out[rule] = explainIntegratedGradients(model, h, 0, cfg);
        EXPECT_TRUE(out[rule].converged) << igRuleName(rule);
        EXPECT_EQ(model.points(), out[rule].gradientEvaluations) << igRuleName(rule);
        for (size_t t = 0; t < h.size(); ++t) // exact attribution of position t is t + 1
            EXPECT_NEAR(out[rule].values[t], t + 1.0, 0.02 * (t + 1)) << igRuleName(rule);
    }
    const IgExplanation& a = out[IgRule::Adaptive];
    EXPECT_EQ(a.stepsTried.front(), cfg.igStartSteps);
    EXPECT_GT(a.stepsTried.size(), 2u) << "32 Gauss–Legendre nodes do not resolve the layer";
    EXPECT_GT(out[IgRule::GaussLegendre].stepsTried.size(), 1u);
    EXPECT_LT(a.gradientEvaluations, out[IgRule::GaussLegendre].gradientEvaluations / 2);
    // A smooth integrand converges at the first, Gauss–Legendre try: no panel is evaluated.
    const PolynomialPathModel smooth(20);
    cfg.igRule = IgRule::Adaptive;
    const IgExplanation s = explainIntegratedGradients(smooth, h, 0, cfg);
    EXPECT_EQ(s.stepsTried, (std::vector<int>{cfg.igStartSteps}));
    EXPECT_EQ(smooth.points(), cfg.igStartSteps);
}

TEST(ExplainIg, AdaptiveWithoutPointScoresRefinesUniformly) {
    // A model that gives no f(α) (PathGradients::scores empty) cannot guide the split: every
    // panel is split, so the intervals double at each try.
    class NoScores final : public SequenceModel {
    public:
        const BoundaryLayerPathModel inner{1e-3};
        int itemCount() const override { return inner.itemCount(); }
        int maxLength() const override { return inner.maxLength(); }
        std::vector<float> scoreAll(const std::vector<History>& hs) const override {
            return inner.scoreAll(hs);
        }
        std::vector<float> scoreTargets(const std::vector<History>& hs,
                                        const std::vector<ItemIndex>& t) const override {
            return inner.scoreTargets(hs, t);
        }
        AttentionMaps attention(const History&) const override { return {}; }
        EmbeddingGradients gradients(const History&, ItemIndex) const override { return {}; }
        PathGradients pathGradients(const History& h, ItemIndex target, IgBaseline b,
                                    const std::vector<double>& alphas) const override {
            PathGradients pg = inner.pathGradients(h, target, b, alphas);
            pg.scores.clear();
            return pg;
        }
    } model;
    const History h = {1, 2, 3};
    ExplainConfig cfg;
    cfg.igRule = IgRule::Adaptive;
    const IgExplanation a = explainIntegratedGradients(model, h, 0, cfg);
    EXPECT_TRUE(a.converged);
    // Try 1 is Gauss–Legendre over the whole path, then the panels.
    ASSERT_GT(a.stepsTried.size(), 2u);
    for (size_t i = 2; i < a.stepsTried.size(); ++i)
        EXPECT_EQ(a.stepsTried[i], 2 * a.stepsTried[i - 1]) << "try " << i;
    // With the scores the same integrand costs no more.
    const IgExplanation guided =
        explainIntegratedGradients(BoundaryLayerPathModel(1e-3), h, 0, cfg);
    EXPECT_TRUE(guided.converged);
    EXPECT_LE(guided.gradientEvaluations, a.gradientEvaluations);
}

TEST(ExplainIg, AdaptiveStartingWithOnePanelStillChecksItsScoreChange) {
    // Fewer than 8 start steps: the only panel is the open one at α = 0, whose f(1) must be
    // evaluated for its local error (no neighbour provides it).
    ToyModel model(30, 6, 20, 7, 3);
    std::mt19937_64 rng(5);
    const History h = randomHistory(rng, 30, 8);
    ExplainConfig cfg;
    cfg.igRule = IgRule::Adaptive;
    cfg.igStartSteps = 4;
    const IgExplanation ig = explainIntegratedGradients(model, h, 2, cfg);
    EXPECT_EQ(ig.stepsTried.front(), 4);
    EXPECT_TRUE(ig.converged) << ig.completenessError;
    const double sum = std::accumulate(ig.values.begin(), ig.values.end(), 0.0);
    EXPECT_LT(std::fabs(sum - (static_cast<double>(ig.scoreInput) - ig.scoreBaseline)),
              0.01 * std::fabs(static_cast<double>(ig.scoreInput) - ig.scoreBaseline) + 1e-6);
}
