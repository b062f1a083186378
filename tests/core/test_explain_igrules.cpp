// The quadrature rules of integrated gradients on their own: weights that sum to 1 for every
// step count (Simpson with an odd count once summed to 8/9), and exactness for the polynomial
// degrees each rule is built for.

#include "explain/explainmethods.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace reclens;

namespace {

const IgRule kRules[] = {IgRule::Midpoint, IgRule::Trapezoid, IgRule::Simpson,
                         IgRule::GaussLegendre, IgRule::Adaptive};

double integrate(const IgQuadrature& q, int degree) {
    double s = 0;
    for (size_t k = 0; k < q.alphas.size(); ++k)
        s += q.weights[k] * (degree + 1) * std::pow(q.alphas[k], degree); // ∫₀¹ = 1
    return s;
}

/// A model whose IG integrand at α is 4α³ per position (exact attribution 1 each), so the IG
/// total is exactly the rule's integral of a cubic.
class CubicPathModel final : public SequenceModel {
public:
    int itemCount() const override { return 4; }
    int maxLength() const override { return 8; }
    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        return std::vector<float>(hs.size() * 4, 0.0f);
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
        pg.scoreBaseline = 0.0f;
        pg.scoreInput = static_cast<float>(h.size());
        for (double a : alphas) {
            pg.values.push_back({std::vector<float>(h.size(), static_cast<float>(4 * a * a * a))});
            pg.scores.push_back(static_cast<float>(h.size() * a * a * a * a));
        }
        return pg;
    }
};

} // namespace

TEST(IgRules, SimpsonOddIntervalCountWeightsSumToOne) {
    for (IgRule rule : kRules)
        for (int steps = 1; steps <= 64; ++steps) {
            const IgQuadrature q = igQuadrature(rule, steps);
            const double sum = std::accumulate(q.weights.begin(), q.weights.end(), 0.0);
            EXPECT_NEAR(sum, 1.0, 1e-12) << static_cast<int>(rule) << " with " << steps;
            EXPECT_EQ(q.alphas.size(), q.weights.size());
            EXPECT_GE(q.intervals, steps);
            for (double a : q.alphas) {
                EXPECT_GE(a, 0.0);
                EXPECT_LE(a, 1.0);
            }
            const bool simpson = rule == IgRule::Simpson || rule == IgRule::Adaptive;
            if (simpson) {
                EXPECT_EQ(q.intervals % 2, 0) << steps;
                EXPECT_EQ(q.intervals, steps + steps % 2);
            } else {
                EXPECT_EQ(q.intervals, steps); // only Simpson changes the count
            }
        }
}

TEST(IgRules, EachRuleIntegratesThePolynomialsItIsExactFor) {
    for (int steps = 1; steps <= 64; ++steps) {
        // Simpson: cubics, for odd requests too (rounded up to an even count).
        EXPECT_NEAR(integrate(igQuadrature(IgRule::Simpson, steps), 3), 1.0, 1e-12) << steps;
        EXPECT_NEAR(integrate(igQuadrature(IgRule::Adaptive, steps), 3), 1.0, 1e-12) << steps;
        // Trapezoid and midpoint: straight lines.
        EXPECT_NEAR(integrate(igQuadrature(IgRule::Trapezoid, steps), 1), 1.0, 1e-12) << steps;
        EXPECT_NEAR(integrate(igQuadrature(IgRule::Midpoint, steps), 1), 1.0, 1e-12) << steps;
        // Gauss–Legendre with n nodes: degree 2n − 1 (cubics from n = 2; up to degree 15 here,
        // where the powers stay far from rounding trouble).
        const int degree = std::min(2 * steps - 1, 15);
        EXPECT_NEAR(integrate(igQuadrature(IgRule::GaussLegendre, steps), degree), 1.0, 1e-10)
            << steps;
    }
    // And the rules that are not exact for a cubic really are not (the check can fail).
    EXPECT_GT(std::fabs(integrate(igQuadrature(IgRule::Trapezoid, 3), 3) - 1.0), 1e-3);
    EXPECT_GT(std::fabs(integrate(igQuadrature(IgRule::Midpoint, 3), 3) - 1.0), 1e-3);
}

TEST(IgRules, SimpsonOddStepCountIsReportedAsTheEvenCountUsed) {
    const CubicPathModel model;
    const History h = {0, 1, 2};
    for (int steps : {1, 3, 5, 7}) {
        const auto ig =
            integratedGradients(model, h, 0, IgBaseline::Padding, IgRule::Simpson, steps);
        EXPECT_EQ(ig.steps, steps + 1);
        for (float v : ig.attributions[0])
            EXPECT_NEAR(v, 1.0, 1e-6) << steps; // 8/9 before the fix
    }
    ExplainConfig cfg;
    cfg.igRule = IgRule::Simpson;
    cfg.igStartSteps = 3;
    cfg.igMaxSteps = 16;
    const IgExplanation ig = explainIntegratedGradients(model, h, 0, cfg);
    ASSERT_FALSE(ig.stepsTried.empty());
    EXPECT_EQ(ig.stepsTried.front(), 4);
    EXPECT_EQ(ig.stepsUsed, 4); // a cubic: Simpson converges at once
    EXPECT_TRUE(ig.converged);
    EXPECT_LT(ig.completenessError, 1e-6);
}
