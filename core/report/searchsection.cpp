// The search section of a customer report (report/searchsection.h).

#include "report/searchsection.h"

#include "explain/methodnames.h"
#include "report/charts.h"
#include "report/reportformat.h"
#include "search/searchexplainjson.h"
#include "search/searchmerchant.h"

#include <algorithm>
#include <stdexcept>

namespace reclens::report {

namespace {

/// Row label of joint player p: "3 · ITEM TITLE" for a purchase, "word \"sanding\"" for a word.
std::string playerLabel(const Dataset& ds, const search::SearchExplanation& e, std::size_t p) {
    if (static_cast<int>(p) >= e.purchaseCount) {
        const auto& t = e.queryTerms[p - static_cast<std::size_t>(e.purchaseCount)];
        return "word \"" + t.token + "\"" + (t.known ? "" : " (unknown)");
    }
    return groupedInt(p + 1) + " \xc2\xb7 " + itemLabel(ds, e.bundle.history[p]);
}

std::string playersText(const Dataset& ds, const search::SearchExplanation& e,
                        const std::vector<int>& positions) {
    std::string s;
    for (int p : positions)
        s += (s.empty() ? "" : ", ") + playerLabel(ds, e, static_cast<std::size_t>(p));
    return s;
}

std::string counterfactualText(const Dataset& ds, const search::SearchExplanation& e,
                               const std::optional<search::KindCounterfactual>& c,
                               const std::string& kind) {
    if (!c)
        return "Removing " + kind + ": not computed (none in this search, or the method is off).";
    if (!c->result.found)
        return "Removing " + kind + ": no set found that drops the result out of the top " +
               groupedInt(e.bundle.k) +
               (c->result.message.empty() ? "" : " (" + c->result.message + ")") + ".";
    return "Removing " + kind + " " + playersText(ds, e, c->result.removedPositions) +
           " drops it from #" + groupedInt(c->result.originalRank) + " to #" +
           groupedInt(c->freshRank) +
           (c->result.verified ? " (verified by a fresh forward pass)."
                               : " (NOT confirmed by the fresh forward pass).");
}

void appendExplanation(ReportDocument& doc, const Dataset& ds, const search::SearchExplanation& e) {
    const ExplanationBundle& b = e.bundle;
    doc.heading(3, "Why #" + groupedInt(b.targetRank) + ": " + itemLabel(ds, b.target));
    if (!e.summary.empty())
        doc.paragraph(e.summary);
    const search::SearchSplit& s = e.split;
    std::string lexical;
    for (const auto& m : e.lexicalMatches)
        lexical += (lexical.empty() ? "" : ", ") + m;
    doc.add(
        KeyValues{"The split: query words against purchases",
                  {{"Query and purchases",
                    "#" + groupedInt(s.rank) + " (score " + displayNumber(s.score) + ")"},
                   {"Query only (no purchases)", "#" + groupedInt(s.queryOnlyRank) + " (score " +
                                                     displayNumber(s.queryOnlyScore) + ")"},
                   {"Purchases only (no query)", "#" + groupedInt(s.historyOnlyRank) + " (score " +
                                                     displayNumber(s.historyOnlyScore) + ")"},
                   {"Personalisation gate", displayNumber(s.gate) + " (0 = query only)"},
                   {"Query words in its title or category", lexical.empty() ? "none" : lexical}}});
    if (!b.attributions.empty()) {
        BarPanelsSpec spec;
        Table table;
        table.caption = "Attribution of each purchase and query word, in logits (positive = "
                        "pushes the result up)";
        table.header = {"Player"};
        table.align = {Align::Left};
        for (std::size_t p = 0; p < b.history.size(); ++p)
            spec.labels.push_back(playerLabel(ds, e, p));
        for (const Attribution& a : b.attributions) {
            spec.panelTitles.push_back(methodDisplayName(a.method));
            spec.values.emplace_back(a.values.begin(), a.values.end());
            table.header.push_back(methodDisplayName(a.method));
            table.align.push_back(Align::Right);
        }
        for (std::size_t p = 0; p < b.history.size(); ++p) {
            std::vector<std::string> row = {spec.labels[p]};
            for (const Attribution& a : b.attributions)
                row.push_back(p < a.values.size() ? displayNumber(a.values[p]) : "");
            table.rows.push_back(std::move(row));
        }
        spec.caption = "Purchases and query words are players of the same methods. Each panel "
                       "is scaled to its own largest |value|.";
        doc.add(signedBarPanels(spec));
        doc.add(std::move(table));
    }
    doc.paragraph(counterfactualText(ds, e, e.counterfactualPurchases, "purchases"));
    doc.paragraph(counterfactualText(ds, e, e.counterfactualQuery, "query words"));
    if (b.ig)
        doc.paragraph("Integrated gradients completeness error " +
                          percent(b.ig->completenessError, 2) + " over the joint players.",
                      true);
}

} // namespace

Expected<SearchReportData> computeSearchReport(const search::SearchModel& model, const Dataset& ds,
                                               UserIndex user,
                                               const std::vector<std::string>& queries, int k,
                                               const ExplainConfig& config, ModelCard searchCard,
                                               const std::function<bool()>& shouldStop) {
    if (user < 0 || static_cast<std::size_t>(user) >= ds.users.size())
        return makeError(ErrorCode::Unknown, "", 0, 0,
                         "user index " + std::to_string(user) + " is not in the dataset");
    SearchReportData d;
    d.searchModel = std::move(searchCard);
    const History history =
        clipHistory(ds.users[static_cast<std::size_t>(user)].sequence, model.maxLength());
    ExplainConfig ec = config;
    ec.k = std::max(1, k);
    for (const std::string& q : queries) {
        if (shouldStop && shouldStop()) {
            d.cancelled = true;
            break;
        }
        const auto words = model.encodeQuery(q).ids;
        if (history.empty() && words.empty())
            continue; // nothing to rank by
        SearchQueryReport r;
        r.query = q;
        const auto s = model.scoreAll({{history, words}, {{}, words}});
        const auto n = static_cast<std::size_t>(s.itemCount);
        r.gate = s.gates[0];
        const std::vector<float> personal(s.scores.begin(),
                                          s.scores.begin() + static_cast<std::ptrdiff_t>(n));
        for (const RankedItem& it : topKOf(personal, ec.k))
            r.results.push_back({it.rank, it.item, it.score,
                                 search::strictRankInRow(s.scores.data() + n, n, it.item)});
        try {
            r.top = search::explainSearchResult(model, ds, history, q, -1, ec, shouldStop);
        } catch (const std::invalid_argument& e) {
            return makeError(ErrorCode::InvalidArgument, "", 0, 0, e.what());
        }
        if (r.top->bundle.cancelled) {
            d.cancelled = true;
            r.top.reset();
        }
        d.queries.push_back(std::move(r));
        if (d.cancelled)
            break;
    }
    return d;
}

void appendSearchSection(ReportDocument& doc, const Dataset& ds, const SearchReportData& d) {
    for (const SearchQueryReport& q : d.queries) {
        doc.pageBreak();
        doc.heading(2, "Search: \"" + q.query + "\"");
        Table t;
        t.caption = "Personalised results for this customer; the last column is the rank the "
                    "same query gives with an empty history (no personalisation). Gate " +
                    displayNumber(q.gate) + ".";
        t.header = {"Rank", "Item id", "Title", "Score", "Rank without personalisation"};
        t.align = {Align::Right, Align::Left, Align::Left, Align::Right, Align::Right};
        for (const SearchResultRow& r : q.results)
            t.rows.push_back({groupedInt(r.rank), ds.items[static_cast<std::size_t>(r.item)].id,
                              ds.items[static_cast<std::size_t>(r.item)].title,
                              displayNumber(r.score), groupedInt(r.rankWithoutHistory)});
        doc.add(std::move(t));
        if (q.top)
            appendExplanation(doc, ds, *q.top);
    }
    if (d.queries.empty())
        doc.paragraph("Search: no query could be ranked (no words and no purchases).", true);
    if (d.cancelled)
        doc.paragraph("The search section was cancelled; later queries are missing.", true);
    doc.paragraph("Search model: " + d.searchModel.checkpointPath + " (SHA-256 " +
                      d.searchModel.checkpointSha256 + ").",
                  true);
}

std::vector<Table> searchSectionTables(const Dataset& ds, const SearchReportData& d) {
    Table results{"",
                  {"query", "rank", "item_id", "score", "rank_without_history", "gate"},
                  {},
                  {},
                  "search_results"};
    Table attr{"",
               {"query", "target_item_id", "position", "kind", "player"},
               {},
               {},
               "search_attributions"};
    Table cf{"",
             {"query", "target_item_id", "kind", "found", "verified", "original_rank", "new_rank",
              "fresh_rank", "removed_positions"},
             {},
             {},
             "search_counterfactuals"};
    std::vector<std::string> methods;
    for (const auto& q : d.queries)
        if (q.top)
            for (const auto& a : q.top->bundle.attributions)
                if (std::find(methods.begin(), methods.end(), a.method) == methods.end())
                    methods.push_back(a.method);
    attr.header.insert(attr.header.end(), methods.begin(), methods.end());
    for (const auto& q : d.queries) {
        for (const auto& r : q.results)
            results.rows.push_back(
                {q.query, std::to_string(r.rank), ds.items[static_cast<std::size_t>(r.item)].id,
                 exactFloat(r.score), std::to_string(r.rankWithoutHistory), exactFloat(q.gate)});
        if (!q.top)
            continue;
        const auto& e = *q.top;
        const std::string target = ds.items[static_cast<std::size_t>(e.bundle.target)].id;
        for (std::size_t p = 0; p < e.bundle.history.size(); ++p) {
            const bool word = static_cast<int>(p) >= e.purchaseCount;
            std::vector<std::string> row = {
                q.query, target, std::to_string(p + 1), word ? "word" : "purchase",
                word ? e.queryTerms[p - static_cast<std::size_t>(e.purchaseCount)].token
                     : ds.items[static_cast<std::size_t>(e.bundle.history[p])].id};
            for (const auto& m : methods) {
                const Attribution* a = e.bundle.attribution(m);
                row.push_back(a && p < a->values.size() ? exactFloat(a->values[p]) : "");
            }
            attr.rows.push_back(std::move(row));
        }
        for (const auto& [kind, c] : {std::pair{"purchases", &e.counterfactualPurchases},
                                      std::pair{"query_words", &e.counterfactualQuery}}) {
            if (!*c)
                continue;
            const auto& r = (*c)->result;
            std::string removed;
            for (int p : r.removedPositions)
                removed += (removed.empty() ? "" : " ") + std::to_string(p + 1);
            cf.rows.push_back({q.query, target, kind, r.found ? "true" : "false",
                               r.verified ? "true" : "false", std::to_string(r.originalRank),
                               std::to_string(r.newRank), std::to_string((*c)->freshRank),
                               removed});
        }
    }
    return {std::move(results), std::move(attr), std::move(cf)};
}

nlohmann::json searchSectionJson(const Dataset& ds, const SearchReportData& d,
                                 const std::string& userId) {
    nlohmann::json queries = nlohmann::json::array();
    for (const auto& q : d.queries) {
        nlohmann::json results = nlohmann::json::array();
        for (const auto& r : q.results)
            results.push_back({{"rank", r.rank},
                               {"item", ds.items[static_cast<std::size_t>(r.item)].id},
                               {"title", ds.items[static_cast<std::size_t>(r.item)].title},
                               {"score", r.score},
                               {"rank_without_history", r.rankWithoutHistory}});
        queries.push_back(
            {{"query", q.query},
             {"gate", q.gate},
             {"results", results},
             {"explanation", q.top ? search::searchExplanationToJson(*q.top, ds, userId)
                                   : nlohmann::json(nullptr)}});
    }
    return {{"model_card", modelCardToJson(d.searchModel)},
            {"queries", queries},
            {"cancelled", d.cancelled}};
}

} // namespace reclens::report
