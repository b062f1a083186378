#include "report/customerreport.h"

#include "project/feedbackjson.h"
#include "report/feedbacksection.h"

#include "explain/explanationjson.h"
#include "explain/lxr.h"
#include "report/customersections.h"
#include "report/reportformat.h"
#include "report/searchsection.h"

#include <algorithm>
#include <stdexcept>

namespace reclens::report {

Expected<CustomerReportData> computeCustomerReport(const SequenceModel& model, const Dataset& ds,
                                                   UserIndex user,
                                                   const CustomerReportConfig& config,
                                                   const std::function<bool()>& shouldStop) {
    if (user < 0 || static_cast<std::size_t>(user) >= ds.users.size())
        return makeError(ErrorCode::Unknown, "", 0, 0,
                         "user index " + std::to_string(user) + " is not in the dataset");
    const User& u = ds.users[static_cast<std::size_t>(user)];
    CustomerReportData data;
    data.userId = u.id;
    data.user = user;
    data.fullHistoryLength = static_cast<int>(u.sequence.size());
    data.history = clipHistory(u.sequence, model.maxLength());
    if (data.history.empty())
        return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                         "customer " + u.id + " has no history to explain");
    if (u.times.size() == u.sequence.size())
        data.times.assign(u.times.end() - static_cast<std::ptrdiff_t>(data.history.size()),
                          u.times.end());
    const int k = std::max(1, config.k);
    data.topK = topKOf(model.scoreAll({data.history}), k);
    ExplainConfig ec = config.explain;
    ec.k = k;
    const int n = std::min<int>(config.explainTop, static_cast<int>(data.topK.size()));
    for (int i = 0; i < n; ++i) {
        if (shouldStop && shouldStop()) {
            data.cancelled = true;
            break;
        }
        try {
            data.explanations.push_back(explain(model, ds, data.history,
                                                data.topK[static_cast<std::size_t>(i)].item, ec,
                                                shouldStop));
        } catch (const std::invalid_argument& e) {
            return makeError(ErrorCode::InvalidArgument, "", 0, 0, e.what());
        }
        if (data.explanations.back().cancelled) {
            data.cancelled = true;
            break;
        }
    }
    return data;
}

namespace {

Table historyTable(const Dataset& ds, const CustomerReportData& d, bool exact) {
    Table t;
    t.caption = "Purchase history (oldest first; the model sees the last " +
                groupedInt(d.history.size()) + " of " + groupedInt(d.fullHistoryLength) + " items)";
    t.header = exact ? std::vector<std::string>{"position", "item_id", "title", "date"}
                     : std::vector<std::string>{"#", "Item id", "Title", "Date"};
    t.align = {Align::Right, Align::Left, Align::Left, Align::Left};
    for (std::size_t i = 0; i < d.history.size(); ++i) {
        ItemIndex it = d.history[i];
        t.rows.push_back({intCell(i + 1, exact), ds.items[static_cast<std::size_t>(it)].id,
                          ds.items[static_cast<std::size_t>(it)].title,
                          i < d.times.size() ? isoDate(d.times[i]) : ""});
    }
    if (exact)
        t.csvName = "history";
    return t;
}

Table topKTable(const Dataset& ds, const CustomerReportData& d, bool exact) {
    Table t;
    t.caption = "Top " + groupedInt(d.topK.size()) + " recommendations";
    t.header = exact ? std::vector<std::string>{"rank", "item_id", "title", "score"}
                     : std::vector<std::string>{"Rank", "Item id", "Title", "Score"};
    t.align = {Align::Right, Align::Left, Align::Left, Align::Right};
    for (const RankedItem& r : d.topK)
        t.rows.push_back({intCell(r.rank, exact), ds.items[static_cast<std::size_t>(r.item)].id,
                          ds.items[static_cast<std::size_t>(r.item)].title,
                          exact ? exactFloat(r.score) : displayNumber(r.score)});
    if (exact)
        t.csvName = "topk";
    return t;
}

std::vector<Table> csvTables(const Dataset& ds, const CustomerReportData& d) {
    std::vector<Table> out = {historyTable(ds, d, true), topKTable(ds, d, true)};
    std::vector<std::string> methods;
    for (const auto& b : d.explanations)
        for (const auto& a : b.attributions)
            if (std::find(methods.begin(), methods.end(), a.method) == methods.end())
                methods.push_back(a.method);
    Table attr;
    attr.csvName = "attributions";
    attr.header = {"target_rank", "target_item_id", "position", "item_id"};
    attr.header.insert(attr.header.end(), methods.begin(), methods.end());
    Table faith;
    faith.csvName = "faithfulness";
    faith.header = {"target_rank",       "target_item_id", "method",
                    "deletion_auc",      "insertion_auc",  "fractions",
                    "comprehensiveness", "sufficiency",    "lxr_k",
                    "pos_area",          "neg_area"};
    Table cf;
    cf.csvName = "counterfactual";
    cf.header = {"target_rank",       "target_item_id",  "found",          "verified",
                 "original_rank",     "new_rank",        "original_score", "new_score",
                 "removed_positions", "removed_item_ids"};
    auto joined = [](const auto& v, auto fmt) {
        std::string s;
        for (const auto& x : v) {
            if (!s.empty())
                s += ' ';
            s += fmt(x);
        }
        return s;
    };
    for (const auto& b : d.explanations) {
        const std::string rank = std::to_string(b.targetRank);
        const std::string target = ds.items[static_cast<std::size_t>(b.target)].id;
        for (std::size_t t = 0; t < b.history.size(); ++t) {
            std::vector<std::string> row = {rank, target, std::to_string(t + 1),
                                            ds.items[static_cast<std::size_t>(b.history[t])].id};
            for (const auto& m : methods) {
                const Attribution* a = b.attribution(m);
                row.push_back(a && t < a->values.size() ? exactFloat(a->values[t]) : "");
            }
            attr.rows.push_back(std::move(row));
        }
        if (b.faithfulness) {
            auto f = [](float x) {
                return exactFloat(x);
            };
            // LXR POS@k / NEG@k areas at the k nearest the bundle's top-K (empty without LXR).
            const auto& lxr = b.faithfulness->lxr;
            const int lxrK = lxr ? lxrNearestK(*lxr, b.k) : b.k;
            const int ki = lxr ? lxrKIndex(*lxr, lxrK) : -1;
            auto lxrCells = [&](const std::string& method) -> std::vector<std::string> {
                const LxrMethodCurves* c = lxr ? lxrCurvesOf(*lxr, method) : nullptr;
                const auto i = static_cast<std::size_t>(ki);
                if (!c || ki < 0 || i >= c->pos.areas.size() || i >= c->neg.areas.size())
                    return {"", "", ""};
                return {std::to_string(lxrK), exactFloat(c->pos.areas[i]),
                        exactFloat(c->neg.areas[i])};
            };
            auto withLxr = [&](std::vector<std::string> row, const std::string& method) {
                for (auto& c : lxrCells(method))
                    row.push_back(std::move(c));
                return row;
            };
            for (const auto& m : b.faithfulness->methods)
                faith.rows.push_back(
                    withLxr({rank, target, m.method, exactFloat(m.deletionAuc),
                             exactFloat(m.insertionAuc), joined(m.fractions, f),
                             joined(m.comprehensiveness, f), joined(m.sufficiency, f)},
                            m.method));
            faith.rows.push_back(
                withLxr({rank, target, "random", exactFloat(b.faithfulness->randomDeletionAuc),
                         exactFloat(b.faithfulness->randomInsertionAuc), "", "", ""},
                        "random"));
            if (lxr && lxrCurvesOf(*lxr, "popularity"))
                faith.rows.push_back(
                    withLxr({rank, target, "popularity", "", "", "", "", ""}, "popularity"));
        }
        if (b.counterfactual) {
            const auto& c = *b.counterfactual;
            cf.rows.push_back(
                {rank, target, c.found ? "true" : "false", c.verified ? "true" : "false",
                 std::to_string(c.originalRank), std::to_string(c.newRank),
                 exactFloat(b.targetScore), exactFloat(c.newScore),
                 joined(c.removedPositions, [](int p) { return std::to_string(p + 1); }),
                 joined(c.removedItems,
                        [&](ItemIndex i) { return ds.items[static_cast<std::size_t>(i)].id; })});
        }
    }
    out.push_back(std::move(attr));
    out.push_back(std::move(faith));
    out.push_back(std::move(cf));
    return out;
}

} // namespace

ReportOutput buildCustomerReport(const Dataset& ds, const CustomerReportData& d,
                                 const ModelCard& card, const SearchReportData* search) {
    ReportOutput out;
    out.baseName = "customer-" + safeFileComponent(d.userId);
    ReportDocument& doc = out.document;
    doc.title = "Customer " + d.userId + ": why these recommendations";
    doc.subtitle =
        "RecLens explanation report \xc2\xb7 " + card.datasetName + " \xc2\xb7 " + card.generatedAt;
    KeyValues overview{"", {}};
    overview.items = {{"Customer", d.userId},
                      {"History", groupedInt(d.fullHistoryLength) + " items (model sees the last " +
                                      groupedInt(d.history.size()) + ")"},
                      {"Explained", groupedInt(d.explanations.size()) + " of the top " +
                                        groupedInt(d.topK.size()) + " recommendations"}};
    if (d.cancelled)
        overview.items.emplace_back("Status", "cancelled before all explanations were computed");
    doc.add(std::move(overview));
    // Page one: the verified sentence, the decisive purchases and the trust of each explained
    // recommendation, and the list; the history and the per-method details follow.
    if (!d.explanations.empty() && !d.explanations.front().summary.empty())
        doc.paragraph(d.explanations.front().summary);
    detail::appendAtAGlance(doc, ds, d.explanations);
    doc.heading(2, "Recommendations");
    doc.add(topKTable(ds, d, false));
    doc.pageBreak();
    doc.heading(2, "History");
    doc.add(historyTable(ds, d, false));

    for (const ExplanationBundle& b : d.explanations) {
        if (&b != &d.explanations.front()) // the first follows the history on its page
            doc.pageBreak();
        doc.heading(2,
                    "Recommendation #" + groupedInt(b.targetRank) + ": " + itemLabel(ds, b.target));
        KeyValues kv{"", {}};
        kv.items = {{"Item id", ds.items[static_cast<std::size_t>(b.target)].id},
                    {"Rank", groupedInt(b.targetRank)},
                    {"Score", displayNumber(b.targetScore)}};
        doc.add(std::move(kv));
        if (!b.summary.empty())
            doc.paragraph(b.summary);
        detail::appendSaliency(doc, ds, b);
        detail::appendAttention(doc, ds, b);
        detail::appendFaithfulness(doc, b);
        detail::appendCounterfactual(doc, ds, b);
        if (b.cancelled)
            doc.paragraph("This explanation was cancelled; later parts are missing.", true);
    }
    std::vector<std::string> explained;
    for (const ExplanationBundle& b : d.explanations)
        explained.push_back(ds.items[static_cast<std::size_t>(b.target)].id);
    const std::vector<Feedback> verdicts = feedbackAbout(d.feedback, d.userId, explained);
    const std::vector<Note> notes = notesAbout(d.notes, d.userId);
    if (search)
        appendSearchSection(doc, ds, *search);
    appendFeedbackSection(doc, ds, verdicts, notes, d.projectNote);
    doc.pageBreak();
    appendModelCard(doc, card, false);

    out.csvTables = csvTables(ds, d);
    if (!verdicts.empty())
        out.csvTables.push_back(feedbackTable(ds, verdicts, true));
    if (!notes.empty())
        out.csvTables.push_back(notesTable(ds, notes, true));
    if (search)
        for (auto& t : searchSectionTables(ds, *search))
            out.csvTables.push_back(std::move(t));
    nlohmann::json topk = nlohmann::json::array();
    for (const RankedItem& r : d.topK)
        topk.push_back({{"rank", r.rank},
                        {"item", ds.items[static_cast<std::size_t>(r.item)].id},
                        {"title", ds.items[static_cast<std::size_t>(r.item)].title},
                        {"score", r.score}});
    nlohmann::json expl = nlohmann::json::array();
    for (const ExplanationBundle& b : d.explanations)
        expl.push_back(explanationToJson(b, ds, d.userId));
    out.json = {{"report", "customer"},
                {"format_version", kReportFormatVersion},
                {"title", doc.title},
                {"user", d.userId},
                {"k", static_cast<int>(d.topK.size())},
                {"history_length", d.fullHistoryLength},
                {"top_k", std::move(topk)},
                {"explanations", std::move(expl)},
                {"cancelled", d.cancelled},
                {"model_card", modelCardToJson(card)}};
    if (!verdicts.empty())
        out.json["analyst_feedback"] = feedbackJson(verdicts, d.userId, explained);
    if (!notes.empty())
        out.json["analyst_notes"] = notesJson(notes);
    if (!d.projectNote.empty())
        out.json["project_note"] = d.projectNote;
    if (search)
        out.json["search"] = searchSectionJson(ds, *search, d.userId);
    return out;
}

} // namespace reclens::report
