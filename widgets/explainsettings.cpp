#include "explainsettings.h"

#include "explain/explanationjson.h"

#include <QCoreApplication>
#include <QSettings>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace reclens {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("ExplainSettings", text);
}

bool inRange(int v, IntRange r) {
    return v >= r.lo && v <= r.hi;
}

QString outOfRange(const char* what, long long v, IntRange r) {
    return tr("%1 must be between %2 and %3 (is %4).").arg(tr(what)).arg(r.lo).arg(r.hi).arg(v);
}

/// explainConfigFromJson converts numbers with a plain static_cast, which is undefined for a
/// double outside int and silently wraps large integers; a damaged settings file must not get
/// that far. The two real-valued keys are range-checked by explainConfigProblem afterwards.
QString numbersProblem(const nlohmann::json& j) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it->is_number() || it.key() == "ig_tolerance" || it.key() == "ig_small_delta")
            continue;
        const double d = it->get<double>();
        if (!(d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max()) ||
            d != std::floor(d))
            return tr("'%1' is not a whole number in range.").arg(QString::fromStdString(it.key()));
    }
    return {};
}

} // namespace

QString explainConfigProblem(const ExplainConfig& c) {
    namespace L = explainlimits;
    if (!inRange(c.k, L::k))
        return outOfRange("Top-K", c.k, L::k);
    if (!inRange(c.whatIfK, L::whatIfK))
        return outOfRange("What-if list length", c.whatIfK, L::whatIfK);
    if (!inRange(c.igStartSteps, L::igSteps))
        return outOfRange("IG start steps", c.igStartSteps, L::igSteps);
    if (!inRange(c.igMaxSteps, L::igSteps))
        return outOfRange("IG max steps", c.igMaxSteps, L::igSteps);
    if (!inRange(c.igBaselineSamples, L::igBaselineSamples))
        return outOfRange("IG sampled baselines", c.igBaselineSamples, L::igBaselineSamples);
    const double tolPercent = c.igTolerance * 100.0;
    if (!(tolPercent >= L::igTolerancePercentLo - 1e-12 &&
          tolPercent <= L::igTolerancePercentHi + 1e-12))
        return tr("IG tolerance must be between %1 % and %2 %.")
            .arg(L::igTolerancePercentLo)
            .arg(L::igTolerancePercentHi);
    if (!(std::isfinite(c.igSmallDelta) && c.igSmallDelta > 0.0))
        return tr("IG small-difference threshold must be a positive number.");
    if (!inRange(c.shapleyExactLimit, L::shapleyExactLimit))
        return outOfRange("Shapley exact limit", c.shapleyExactLimit, L::shapleyExactLimit);
    if (!inRange(c.shapleyPermutations, L::shapleyPermutations))
        return outOfRange("Shapley permutations", c.shapleyPermutations, L::shapleyPermutations);
    if (!inRange(c.counterfactualBudget, L::counterfactualBudget))
        return outOfRange("Counterfactual budget", c.counterfactualBudget, L::counterfactualBudget);
    if (!inRange(c.counterfactualMaxRemovals, L::counterfactualMaxRemovals))
        return outOfRange("Counterfactual max removals", c.counterfactualMaxRemovals,
                          L::counterfactualMaxRemovals);
    if (!inRange(c.faithfulnessCurvePoints, L::faithfulnessCurvePoints))
        return outOfRange("Faithfulness curve points", c.faithfulnessCurvePoints,
                          L::faithfulnessCurvePoints);
    if (!inRange(c.faithfulnessRandomOrders, L::faithfulnessRandomOrders))
        return outOfRange("Faithfulness random orders", c.faithfulnessRandomOrders,
                          L::faithfulnessRandomOrders);
    if (c.seed > static_cast<std::uint64_t>(L::seed.hi))
        return tr("Seed must be between 0 and %1.").arg(L::seed.hi);

    // Combinations the engine would accept but that cannot mean what the user wants.
    if (c.igMaxSteps < c.igStartSteps)
        return tr("IG max steps (%1) must be at least the start steps (%2): steps only double "
                  "upwards from the start.")
            .arg(c.igMaxSteps)
            .arg(c.igStartSteps);
    // Simpson's weights 1, 4, 2, …, 4, 1 pair the intervals; the engine would round an odd
    // count up, so say so here rather than run a count the user did not choose.
    if (c.igRule == IgRule::Simpson && c.igStartSteps % 2 == 1)
        return tr("Simpson's rule needs an even number of start steps (it pairs the intervals): "
                  "use %1 instead of %2.")
            .arg(c.igStartSteps + 1)
            .arg(c.igStartSteps);
    if (c.shapleyExactOnLastItems && c.shapleyExactLimit == 0)
        return tr("“Exact over the last items” needs a Shapley exact limit of at least 1: "
                  "with 0 there are no items to be exact over.");
    if (c.counterfactualMaxRemovals > c.counterfactualBudget)
        return tr("Counterfactual max removals (%1) cannot exceed the budget (%2): every removal "
                  "costs at least one forward pass.")
            .arg(c.counterfactualMaxRemovals)
            .arg(c.counterfactualBudget);
    return {};
}

QString explainSettingsKey() {
    return QStringLiteral("explain/config");
}

void storeExplainConfig(QSettings& settings, const ExplainConfig& c) {
    settings.setValue(explainSettingsKey(), QString::fromStdString(explainConfigToJson(c).dump()));
}

ExplainConfig loadExplainConfig(const QSettings& settings, QString* problem) {
    auto fail = [problem](const QString& why) {
        if (problem)
            *problem = tr("Stored explanation settings ignored (%1); using the defaults.").arg(why);
        return ExplainConfig{};
    };
    if (problem)
        problem->clear();
    const QVariant stored = settings.value(explainSettingsKey());
    if (!stored.isValid())
        return ExplainConfig{};
    const std::string text = stored.toString().toStdString();
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return fail(tr("not JSON"));
    if (!j.is_object())
        return fail(tr("not a JSON object"));
    if (QString why = numbersProblem(j); !why.isEmpty())
        return fail(why);
    ExplainConfig c;
    try {
        c = explainConfigFromJson(j);
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    if (QString why = explainConfigProblem(c); !why.isEmpty())
        return fail(why);
    return c;
}

} // namespace reclens
