#include "report/productfindings.h"

#include "report/reportformat.h"

namespace reclens::report {

namespace {

std::string withInterval(const std::string& value, bool sampled, const std::string& lo,
                         const std::string& hi) {
    return sampled ? value + " (95 % CI " + lo + " to " + hi + ")" : value;
}

std::string itemIdOf(const Dataset& ds, ItemIndex i) {
    return ds.items[static_cast<std::size_t>(i)].id;
}

std::string userIdOf(const Dataset& ds, UserIndex u) {
    return ds.users[static_cast<std::size_t>(u)].id;
}

} // namespace

std::string customersScoredText(const MerchantExplanation& m) {
    std::string segment;
    if (m.segment.active()) {
        segment =
            " in the segment (history length " + groupedInt(m.segment.minHistoryLength) + " to " +
            (m.segment.maxHistoryLength > 0 ? groupedInt(m.segment.maxHistoryLength)
                                            : std::string("any")) +
            (m.segment.category.empty() ? "" : ", bought category " + m.segment.category) + ")";
    }
    if (m.sampled)
        return "seeded sample of " + groupedInt(m.usersConsidered) + " of " +
               groupedInt(m.usersEligible) + " customers" + segment + ", seed " +
               std::to_string(m.seed);
    return "all " + groupedInt(m.usersConsidered) + " customers with a history" + segment +
           " (of " + groupedInt(m.totalUsers) + ")";
}

std::vector<std::pair<std::string, std::string>> exposureFigures(const MerchantExplanation& m) {
    const bool s = m.sampled;
    const std::string k = groupedInt(m.k);
    return {
        {"Customers scored", customersScoredText(m)},
        {"In their top-" + k,
         groupedInt(m.inTopK) + " customers, " +
             withInterval(percent(m.topKShare, 2), s, percent(m.topKShareCi.lo, 2),
                          percent(m.topKShareCi.hi, 2))},
        {"Share of all top-" + k + " slots",
         withInterval(percent(m.exposureShare, 3), s, percent(m.exposureShareCi.lo, 3),
                      percent(m.exposureShareCi.hi, 3))},
        {"Share of all purchases (popularity)", percent(m.popularityShare, 3)},
        {"Exposure / popularity", displayNumber(m.exposureLift)},
        {"Mean rank", withInterval(displayNumber(m.meanRank), s, displayNumber(m.meanRankCi.lo),
                                   displayNumber(m.meanRankCi.hi))},
        {"Rank: best / median", groupedInt(m.bestRank) + " / " + displayNumber(m.medianRank)},
    };
}

void addMerchantFindings(ReportDocument& doc, const Dataset& ds, const MerchantExplanation& m) {
    const std::string k = groupedInt(m.k);
    doc.heading(2, "Customers with it in their top-" + k);
    if (m.customers.empty()) {
        doc.paragraph("No customer scored has this product in the top-" + k + ".");
    } else {
        Table t;
        const std::size_t shown = std::min(m.customers.size(), kReportCustomersShown);
        t.caption = groupedInt(m.inTopK) + " customers have it in their top-" + k + "; the first " +
                    groupedInt(shown) + " by rank" +
                    (m.customersCapped
                         ? " (the full list is capped at " + groupedInt(m.customers.size()) + ")"
                         : "") +
                    ".";
        t.header = {"Customer", "Rank", "Purchases in history"};
        t.align = {Align::Left, Align::Right, Align::Right};
        for (std::size_t i = 0; i < shown; ++i) {
            const MerchantCustomer& c = m.customers[i];
            t.rows.push_back(
                {userIdOf(ds, c.user), groupedInt(c.rank), groupedInt(c.historyLength)});
        }
        doc.add(std::move(t));
    }
    if (m.comparison) {
        const MerchantComparison& c = *m.comparison;
        doc.heading(2, "Compared with " + itemIdOf(ds, c.other));
        const bool s = m.sampled;
        doc.add(KeyValues{
            "",
            {{"Other product",
              itemIdOf(ds, c.other) + " " + ds.items[static_cast<std::size_t>(c.other)].title},
             {"Other in their top-" + k,
              groupedInt(c.otherInTopK) + " customers, " +
                  withInterval(percent(c.otherTopKShare, 2), s, percent(c.otherTopKShareCi.lo, 2),
                               percent(c.otherTopKShareCi.hi, 2))},
             {"Other mean rank",
              withInterval(displayNumber(c.otherMeanRank), s, displayNumber(c.otherMeanRankCi.lo),
                           displayNumber(c.otherMeanRankCi.hi))},
             {"This product ranks higher for", groupedInt(c.itemAhead) + " customers"},
             {"The other ranks higher for", groupedInt(c.otherAhead) + " customers"},
             {"Tied", groupedInt(c.tied) + " customers"},
             {"Both in the top-" + k, groupedInt(c.bothInTopK) + " customers"}}});
        doc.paragraph("Both products are ranked from the same row for each customer, among the "
                      "same candidates (a product the customer already bought stays a candidate "
                      "for both).",
                      true);
    }
    if (m.whatIf) {
        const MerchantWhatIf& w = *m.whatIf;
        doc.heading(2, "What if they had bought " + itemIdOf(ds, w.added));
        doc.add(KeyValues{
            "",
            {{"Customers re-scored",
              groupedInt(w.users) +
                  (w.usersSampled ? " (seeded sample, seed " + std::to_string(m.seed) + ")" : "")},
             {"In their top-" + k,
              groupedInt(w.inTopKBefore) + " before, " + groupedInt(w.inTopKAfter) + " after"},
             {"Mean rank", displayNumber(w.meanRankBefore) + " before, " +
                               displayNumber(w.meanRankAfter) + " after"},
             {"Rank better / worse",
              groupedInt(w.improved) + " / " + groupedInt(w.worsened) + " customers"}}});
        doc.paragraph(itemIdOf(ds, w.added) + " is appended to each history and the customers are "
                                              "re-ranked with fresh forward passes.",
                      true);
    }
}

std::vector<Table> merchantFindingsCsv(const Dataset& ds, const MerchantExplanation& m) {
    std::vector<Table> out;
    Table customers;
    customers.csvName = "customers";
    customers.header = {"user_id", "rank", "history_length"};
    for (const MerchantCustomer& c : m.customers)
        customers.rows.push_back(
            {userIdOf(ds, c.user), std::to_string(c.rank), std::to_string(c.historyLength)});
    out.push_back(std::move(customers));
    // The same file set every time (resumable batches check for it): a part not computed is a
    // table with its header only.
    {
        Table ci;
        ci.csvName = "confidence";
        ci.header = {"figure", "value", "ci_low", "ci_high", "level"};
        auto row = [&](const char* name, double v, const ConfidenceInterval& c) {
            ci.rows.push_back({name, exactDouble(v), exactDouble(c.lo), exactDouble(c.hi), "0.95"});
        };
        row("top_k_share", m.topKShare, m.topKShareCi);
        row("exposure_share", m.exposureShare, m.exposureShareCi);
        row("mean_rank", m.meanRank, m.meanRankCi);
        if (m.comparison) {
            row("other_top_k_share", m.comparison->otherTopKShare, m.comparison->otherTopKShareCi);
            row("other_mean_rank", m.comparison->otherMeanRank, m.comparison->otherMeanRankCi);
        }
        if (!m.sampled)
            ci.rows.clear(); // exact figures: no interval
        out.push_back(std::move(ci));
    }
    Table comparison;
    comparison.csvName = "comparison";
    comparison.header = {
        "other_item_id", "other_in_top_k", "other_top_k_share", "other_mean_rank", "item_ahead",
        "other_ahead",   "tied",           "both_in_top_k"};
    if (m.comparison) {
        const MerchantComparison& c = *m.comparison;
        comparison.rows.push_back({itemIdOf(ds, c.other), std::to_string(c.otherInTopK),
                                   exactDouble(c.otherTopKShare), exactDouble(c.otherMeanRank),
                                   std::to_string(c.itemAhead), std::to_string(c.otherAhead),
                                   std::to_string(c.tied), std::to_string(c.bothInTopK)});
    }
    out.push_back(std::move(comparison));
    Table whatIf;
    whatIf.csvName = "what_if";
    whatIf.header = {"added_item_id",   "users",          "users_sampled",
                     "in_top_k_before", "in_top_k_after", "mean_rank_before",
                     "mean_rank_after", "improved",       "worsened"};
    if (m.whatIf) {
        const MerchantWhatIf& w = *m.whatIf;
        whatIf.rows.push_back({itemIdOf(ds, w.added), std::to_string(w.users),
                               w.usersSampled ? "true" : "false", std::to_string(w.inTopKBefore),
                               std::to_string(w.inTopKAfter), exactDouble(w.meanRankBefore),
                               exactDouble(w.meanRankAfter), std::to_string(w.improved),
                               std::to_string(w.worsened)});
    }
    out.push_back(std::move(whatIf));
    return out;
}

} // namespace reclens::report
