#include "report/customersections.h"

#include "explain/explanationjson.h"
#include "explain/lxr.h"
#include "explain/methodnames.h"
#include "report/charts.h"
#include "report/reportformat.h"

#include <cmath>

namespace reclens::report::detail {

std::string historyLabel(const Dataset& ds, const History& history, std::size_t t) {
    return groupedInt(t + 1) + " \xc2\xb7 " + itemLabel(ds, history[t]);
}

void appendAttention(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b) {
    if (!b.attention)
        return;
    const AttentionExplanation& a = *b.attention;
    const auto T = static_cast<std::size_t>(a.length);
    if (T == 0 || T != b.history.size())
        return;
    doc.heading(3, "Attention");
    std::vector<std::string> cols;
    for (std::size_t t = 0; t < T; ++t)
        cols.push_back(historyLabel(ds, b.history, t));
    HeatmapSpec last;
    last.colLabels = cols;
    last.maxValue = 0.0;
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h) {
            last.rowLabels.push_back("layer " + groupedInt(l + 1) + " head " + groupedInt(h + 1));
            for (float w : a.lastRow[static_cast<std::size_t>(l * a.heads + h)]) {
                last.values.push_back(w);
                last.maxValue = std::max(last.maxValue, static_cast<double>(w));
            }
        }
    if (a.rollout.size() == T) {
        last.rowLabels.push_back("rollout (all layers)");
        for (float w : a.rollout) {
            last.values.push_back(w);
            last.maxValue = std::max(last.maxValue, static_cast<double>(w));
        }
    }
    last.colTitle = "history position (oldest first)";
    last.legendTitle = "weight";
    last.caption = "Attention the last position (the one that scores the next item) puts on "
                   "each history item, per layer and head, and the rollout across layers.";
    doc.add(heatmap(last));

    // The full causal map of the last layer, heads averaged: which items read which.
    if (T <= 60 && a.maps.length == a.length && a.maps.heads > 0) {
        HeatmapSpec full;
        full.rowLabels = cols;
        full.colLabels = cols;
        full.maxValue = 0.0;
        const int layer = a.maps.layers - 1;
        for (std::size_t q = 0; q < T; ++q)
            for (std::size_t k = 0; k < T; ++k) {
                if (k > q) {
                    full.values.push_back(NAN);
                    continue;
                }
                double sum = 0;
                for (int h = 0; h < a.maps.heads; ++h)
                    sum += a.maps.at(layer, h, static_cast<int>(q), static_cast<int>(k));
                full.values.push_back(sum / a.maps.heads);
                full.maxValue = std::max(full.maxValue, sum / a.maps.heads);
            }
        full.rowTitle = "query position";
        full.colTitle = "key position";
        full.legendTitle = "weight";
        full.caption = "Last layer, heads averaged: row = position reading, column = position "
                       "read. Grey cells are masked (a position never sees later items).";
        doc.add(heatmap(full));
    }
}

void appendSaliency(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b) {
    if (b.attributions.empty())
        return;
    doc.heading(3, "Saliency by method");
    BarPanelsSpec spec;
    for (std::size_t t = 0; t < b.history.size(); ++t)
        spec.labels.push_back(historyLabel(ds, b.history, t));
    Table table;
    table.caption = "Attribution of each history item, in logits (positive = pushes the "
                    "recommendation up; the gradient norm and attention rollout have no sign: "
                    "larger = more influence)";
    table.header = {"#", "Item"};
    table.align = {Align::Right, Align::Left};
    for (const Attribution& attr : b.attributions) {
        spec.panelTitles.push_back(methodDisplayName(attr.method));
        spec.values.emplace_back(attr.values.begin(), attr.values.end());
        table.header.push_back(methodDisplayName(attr.method));
        table.align.push_back(Align::Right);
    }
    for (std::size_t t = 0; t < b.history.size(); ++t) {
        std::vector<std::string> row = {groupedInt(t + 1), itemLabel(ds, b.history[t])};
        for (const Attribution& attr : b.attributions)
            row.push_back(t < attr.values.size() ? displayNumber(attr.values[t]) : "");
        table.rows.push_back(std::move(row));
    }
    spec.caption = "Each panel is scaled to its own largest |value|: methods have different "
                   "units, so compare the order and sign of items, not bar lengths across panels.";
    doc.add(signedBarPanels(spec));
    doc.add(std::move(table));
    std::string notes;
    if (b.ig)
        notes += std::string("Integrated gradients: baseline ") + igBaselineName(b.ig->baseline) +
                 ", " + groupedInt(b.ig->stepsUsed) + " steps, completeness error " +
                 percent(b.ig->completenessError, 2) + " (" +
                 displayNumber(b.ig->completenessAbsError) + " logits; " +
                 (b.ig->converged ? "converged by the "
                                  : "did NOT converge within the step cap by the ") +
                 (b.ig->absoluteCriterion ? "absolute" : "relative") + " criterion). ";
    if (b.shapley)
        notes += std::string("Shapley values: ") +
                 (b.shapley->exact ? "exact over "
                                   : "sampled (" + groupedInt(b.shapley->permutations) +
                                         " permutations) over ") +
                 groupedInt(b.shapley->players.size()) + " items, efficiency gap " +
                 displayNumber(b.shapley->efficiencyGap) +
                 (b.shapley->efficiencyIndependent
                      ? " (sum of the values against f(all) − f(none) from separate forward "
                        "passes)."
                      : " (against the table the values were computed from: zero by construction, "
                        "no evidence).");
    if (!notes.empty())
        doc.paragraph(notes, true);
}

void appendFaithfulness(ReportDocument& doc, const ExplanationBundle& b) {
    if (!b.faithfulness || b.faithfulness->methods.empty())
        return;
    const FaithfulnessReport& f = *b.faithfulness;
    doc.heading(3, "Faithfulness");
    Table t;
    t.caption = "How well each method's ranking predicts what removing items really does "
                "(\xe2\x86\x93 lower is better, \xe2\x86\x91 higher is better)";
    // LXR (Gurevitch et al. 2025) at the bundle's top-K: the share of removal steps after which
    // the target is still in the top-k, removing the method's most (POS) or least (NEG)
    // important items first.
    const int lxrK = f.lxr ? lxrNearestK(*f.lxr, b.k) : b.k;
    const int ki = f.lxr ? lxrKIndex(*f.lxr, lxrK) : -1;
    auto lxrCells = [&](const std::string& method) -> std::vector<std::string> {
        const LxrMethodCurves* m = f.lxr ? lxrCurvesOf(*f.lxr, method) : nullptr;
        const auto i = static_cast<std::size_t>(ki);
        if (!m || ki < 0 || i >= m->pos.areas.size() || i >= m->neg.areas.size())
            return {"", ""};
        return {displayNumber(m->pos.areas[i]), displayNumber(m->neg.areas[i])};
    };
    t.header = {"Method", "Deletion AUC \xe2\x86\x93", "Insertion AUC \xe2\x86\x91",
                "POS@" + groupedInt(lxrK) + " area \xe2\x86\x93",
                "NEG@" + groupedInt(lxrK) + " area \xe2\x86\x91"};
    const auto& fr = f.methods.front().fractions;
    for (float q : fr)
        t.header.push_back("Compr. @" + percent(q, 0));
    for (float q : fr)
        t.header.push_back("Suff. @" + percent(q, 0));
    t.align.assign(t.header.size(), Align::Right);
    t.align[0] = Align::Left;
    LineChartSpec del, ins;
    for (const MethodFaithfulness& m : f.methods) {
        std::vector<std::string> row = {methodDisplayName(m.method), displayNumber(m.deletionAuc),
                                        displayNumber(m.insertionAuc)};
        for (auto& c : lxrCells(m.method))
            row.push_back(std::move(c));
        for (std::size_t i = 0; i < fr.size(); ++i)
            row.push_back(i < m.comprehensiveness.size() ? displayNumber(m.comprehensiveness[i])
                                                         : "");
        for (std::size_t i = 0; i < fr.size(); ++i)
            row.push_back(i < m.sufficiency.size() ? displayNumber(m.sufficiency[i]) : "");
        t.rows.push_back(std::move(row));
        Series sd{methodDisplayName(m.method), {}, {}}, si{methodDisplayName(m.method), {}, {}};
        for (std::size_t i = 0; i < m.curveX.size(); ++i) {
            sd.x.push_back(m.curveX[i]);
            si.x.push_back(m.curveX[i]);
            sd.y.push_back(i < m.deletionScores.size() ? m.deletionScores[i] : NAN);
            si.y.push_back(i < m.insertionScores.size() ? m.insertionScores[i] : NAN);
        }
        del.series.push_back(std::move(sd));
        ins.series.push_back(std::move(si));
    }
    std::vector<std::string> random = {methodDisplayName("random"),
                                       displayNumber(f.randomDeletionAuc),
                                       displayNumber(f.randomInsertionAuc)};
    for (auto& c : lxrCells("random"))
        random.push_back(std::move(c));
    random.resize(t.header.size());
    t.rows.push_back(std::move(random));
    if (const auto pop = lxrCells("popularity"); !pop[0].empty()) {
        std::vector<std::string> row = {methodDisplayName("popularity"), "", "", pop[0], pop[1]};
        row.resize(t.header.size());
        t.rows.push_back(std::move(row));
    }
    doc.add(std::move(t));
    del.xTitle = "fraction of history removed (most important first)";
    del.yTitle = "target score";
    del.caption = "Deletion curves: a faithful method makes the score fall fast.";
    ins.xTitle = "fraction of history inserted (most important first)";
    ins.yTitle = "target score";
    ins.caption = "Insertion curves: a faithful method makes the score rise fast.";
    doc.add(lineChart(del));
    doc.add(lineChart(ins));
    if (!f.heads.empty()) {
        Table h;
        h.caption = "Agreement of each attention head with leave-one-out (Kendall \xcf\x84-b)";
        h.header = {"Layer", "Head", "\xcf\x84"};
        h.align = {Align::Right, Align::Right, Align::Right};
        for (const HeadAgreement& a : f.heads)
            h.rows.push_back(
                {groupedInt(a.layer + 1), groupedInt(a.head + 1), displayNumber(a.kendallTau)});
        doc.add(std::move(h));
    }
}

void appendCounterfactual(ReportDocument& doc, const Dataset& ds, const ExplanationBundle& b) {
    if (!b.counterfactual)
        return;
    const CounterfactualResult& c = *b.counterfactual;
    doc.heading(3, "Minimal counterfactual");
    if (!c.found) {
        doc.paragraph("No removal set within the search budget changes this recommendation" +
                      (c.message.empty() ? std::string(".") : ": " + c.message));
        return;
    }
    const std::string goal = c.goal == CounterfactualGoal::LeaveTopK
                                 ? "leave the top " + groupedInt(c.k)
                                 : "stop being the top recommendation";
    doc.paragraph("Removing the " + groupedInt(c.removedItems.size()) +
                  " item(s) below from the history is enough for \"" + itemLabel(ds, b.target) +
                  "\" to " + goal + ": its rank goes from " + groupedInt(c.originalRank) + " to " +
                  groupedInt(c.newRank) +
                  (c.verified ? " (verified by a separate forward pass of the edited history)."
                              : " (NOT confirmed by a separate forward pass: do not rely on it)."));
    Table t;
    t.caption = "Removed items";
    t.header = {"#", "Item id", "Title"};
    t.align = {Align::Right, Align::Left, Align::Left};
    for (std::size_t i = 0; i < c.removedPositions.size() && i < c.removedItems.size(); ++i) {
        ItemIndex it = c.removedItems[i];
        t.rows.push_back({groupedInt(c.removedPositions[i] + 1),
                          it >= 0 ? ds.items[static_cast<std::size_t>(it)].id : "",
                          itemLabel(ds, it)});
    }
    doc.add(std::move(t));
    KeyValues kv{"Before and after", {}};
    kv.items = {
        {"Rank before", groupedInt(c.originalRank)},
        {"Rank after", groupedInt(c.newRank)},
        {"Score before", displayNumber(b.targetScore)},
        {"Score after", displayNumber(c.newScore)},
        {"Now at its former rank",
         c.replacement >= 0 ? itemLabel(ds, c.replacement) : "\xe2\x80\x94"},
        {"Search cost",
         groupedInt(c.evaluations) + " of " + groupedInt(c.budget) + " forward passes"},
    };
    doc.add(std::move(kv));
}

} // namespace reclens::report::detail
