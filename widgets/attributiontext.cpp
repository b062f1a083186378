#include "attributiontext.h"

#include "glossary.h"

#include "explain/explanationjson.h"
#include "explain/methodnames.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <algorithm>

namespace reclens {

namespace {

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1) {
    return QCoreApplication::translate("AttributionText", text, disambiguation, n);
}

QString ruleLabel(IgRule r) {
    switch (r) {
    case IgRule::GaussLegendre:
        return tr("Gauss–Legendre");
    case IgRule::Midpoint:
        return tr("midpoint");
    case IgRule::Trapezoid:
        return tr("trapezoid");
    case IgRule::Simpson:
        return tr("Simpson");
    case IgRule::Adaptive:
        return tr("adaptive");
    }
    return QString::fromLatin1(igRuleName(r));
}

/// The bundle's timing keys in the order the engine runs them, with short labels.
struct Timed {
    const char* key;
    const char* label;
};
const Timed kTimed[] = {{"rank", QT_TR_NOOP("rank")},
                        {"attention", QT_TR_NOOP("attention")},
                        {"grad", QT_TR_NOOP("gradients")},
                        {"ig", QT_TR_NOOP("IG")},
                        {"features", QT_TR_NOOP("features")},
                        {"loo", QT_TR_NOOP("leave-one-out")},
                        {"shapley", QT_TR_NOOP("Shapley")},
                        {"whatif", QT_TR_NOOP("what-if")},
                        {"counterfactual", QT_TR_NOOP("counterfactual")},
                        {"faithfulness", QT_TR_NOOP("faithfulness")},
                        {"verification", QT_TR_NOOP("fresh-pass checks")}};

} // namespace

QString igDetails(const IgExplanation& ig) {
    QStringList tried;
    for (int n : ig.stepsTried)
        tried << QString::number(n);
    QString triedText;
    if (ig.baseline == IgBaseline::Sampled) { // stepsTried holds each baseline's run
        triedText = tr(" (the most any sampled baseline's run needed)");
    } else if (ig.rule == IgRule::Adaptive && tried.size() > 1) { // first try: Gauss–Legendre
        const QString first = tried.takeFirst();
        triedText = tr(" (Gauss–Legendre %1, then panels %2)")
                        .arg(first, tried.join(QStringLiteral(" → ")));
    } else if (tried.size() > 1) {
        triedText = tr(" (tried %1)").arg(tried.join(QStringLiteral(" → ")));
    }
    QString text = tr("%1 rule, %2 steps%3, %4 gradient evaluations; completeness error %5 % "
                      "(%6 logits, against f(x) − f(baseline) from the path's own forward pass).")
                       .arg(ruleLabel(ig.rule))
                       .arg(ig.stepsUsed)
                       .arg(triedText)
                       .arg(QLocale().toString(ig.gradientEvaluations))
                       .arg(100.0 * ig.completenessError, 0, 'f', 3)
                       .arg(ig.completenessAbsError, 0, 'g', 2);
    // Which criterion decided, so a tolerance is never implied where it was not met.
    const QString criterion = ig.absoluteCriterion ? tr("absolute") : tr("relative");
    if (ig.converged && ig.absoluteCriterion)
        text += tr(" Converged by the absolute criterion: f(x) and f(baseline) differ so little "
                   "that the absolute error was judged, not the percentage.");
    else if (ig.converged)
        text += tr(" Converged by the relative criterion.");
    else
        text += tr(" It has not converged within the step cap: the %1 error stayed above the "
                   "tolerance.")
                    .arg(criterion);
    if (ig.baseline == IgBaseline::Sampled && !ig.sampled.empty()) {
        int converged = 0;
        float worst = 0;
        for (const IgSampledBaseline& s : ig.sampled) {
            converged += s.converged ? 1 : 0;
            worst = std::max(worst, s.completenessError);
        }
        text += tr(" Baseline: %n other customer(s)' histories (SPINRec), attributions averaged; "
                   "%1 of them converged, worst completeness error %2 %.",
                   nullptr, static_cast<int>(ig.sampled.size()))
                    .arg(converged)
                    .arg(100.0 * worst, 0, 'f', 3);
    }
    return text;
}

QString explanationCost(const ExplanationBundle& b) {
    QStringList parts;
    for (const Timed& t : kTimed) {
        auto it = b.timingsMs.find(t.key);
        if (it != b.timingsMs.end())
            parts << QStringLiteral("%1 %2").arg(tr(t.label)).arg(it->second, 0, 'f', 0);
    }
    auto total = b.timingsMs.find("total");
    return tr("<b>Cost</b>: %1 distinct histories scored · %2 ms in all (%3 ms)")
        .arg(QLocale().toString(static_cast<qulonglong>(b.historiesScored)))
        .arg(total != b.timingsMs.end() ? total->second : 0.0, 0, 'f', 0)
        .arg(parts.join(QStringLiteral(", ")));
}

QString methodLabel(const std::string& m) {
    // The same names as the reports (explain/methodnames.h).
    return QString::fromStdString(methodDisplayName(m));
}

QString shortMethodLabel(const std::string& m) {
    if (m == "grad")
        return tr("|Grad|");
    if (m == "occlusion")
        return tr("Occl.");
    if (m == "grad_x_input")
        return tr("Grad×in");
    if (m == "ig")
        return tr("IG");
    if (m == "loo")
        return tr("LOO");
    if (m == "shapley")
        return tr("Shapley");
    if (m == "attention_rollout")
        return tr("Rollout");
    return QString::fromStdString(m);
}

QString methodTooltip(const std::string& m) {
    // The Guide's definition (glossary.cpp), so the tooltip and the Guide never disagree.
    const GlossaryEntry* e = glossaryEntry(m);
    return e ? e->text : QString();
}

} // namespace reclens
