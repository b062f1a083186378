#include "report/productreport.h"

#include "explain/explanationjson.h"
#include "explain/merchantjson.h"
#include "report/charts.h"
#include "report/feedbacksection.h"
#include "report/productfindings.h"
#include "report/reportformat.h"

#include <algorithm>
#include <cmath>

namespace reclens::report {

Expected<CatalogExposure> computeCatalogExposure(const SequenceModel& model, const Dataset& ds,
                                                 int k, int batchSize,
                                                 const std::function<void(int, int)>& progress,
                                                 const std::function<bool()>& shouldStop) {
    CatalogExposure out;
    out.k = std::max(1, k);
    out.topKCount.assign(static_cast<std::size_t>(model.itemCount()), 0);
    out.interactions.assign(ds.items.size(), 0);
    std::vector<History> histories;
    for (const User& u : ds.users) {
        for (ItemIndex i : u.sequence)
            ++out.interactions[static_cast<std::size_t>(i)];
        if (!u.sequence.empty())
            histories.push_back(clipHistory(u.sequence, model.maxLength()));
    }
    out.users = static_cast<int>(histories.size());
    const std::size_t batch = static_cast<std::size_t>(std::max(1, batchSize));
    const std::size_t n = static_cast<std::size_t>(model.itemCount());
    for (std::size_t start = 0; start < histories.size(); start += batch) {
        if (shouldStop && shouldStop())
            return makeError(ErrorCode::Cancelled, "", 0, 0, "exposure computation cancelled");
        std::vector<History> chunk(histories.begin() + static_cast<std::ptrdiff_t>(start),
                                   histories.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                           start + batch, histories.size())));
        std::vector<float> scores = model.scoreAll(chunk);
        for (std::size_t r = 0; r < chunk.size(); ++r) {
            std::vector<float> row(scores.begin() + static_cast<std::ptrdiff_t>(r * n),
                                   scores.begin() + static_cast<std::ptrdiff_t>((r + 1) * n));
            for (const RankedItem& top : topKOf(row, out.k))
                ++out.topKCount[static_cast<std::size_t>(top.item)];
        }
        if (progress)
            progress(static_cast<int>(std::min(start + batch, histories.size())), out.users);
    }
    return out;
}

namespace {

std::string rankBinLabel(const std::vector<int>& edges, std::size_t i) {
    int lo = edges[i];
    if (i + 1 >= edges.size())
        return groupedInt(lo) + "+";
    int hi = edges[i + 1] - 1;
    return lo == hi ? groupedInt(lo) : groupedInt(lo) + "\xe2\x80\x93" + groupedInt(hi);
}

Table namedCountTable(const std::vector<NamedCount>& v, const std::string& what, bool exact) {
    Table t;
    t.caption = what == "category" ? "Driver categories" : "Driver brands";
    t.header = exact ? std::vector<std::string>{what, "users", "mean_score_drop"}
                     : std::vector<std::string>{what == "category" ? "Category" : "Brand", "Users",
                                                "Mean score drop"};
    t.align = {Align::Left, Align::Right, Align::Right};
    for (const NamedCount& c : v)
        t.rows.push_back({c.name, intCell(c.users, exact),
                          exact ? exactFloat(c.meanScoreDrop) : displayNumber(c.meanScoreDrop)});
    if (exact)
        t.csvName = what == "category" ? "driver_categories" : "driver_brands";
    return t;
}

Table driverTable(const Dataset& ds, const MerchantExplanation& m, bool exact) {
    Table t;
    t.caption = "History items that drive it into the top-" + std::to_string(m.k);
    t.header = exact ? std::vector<std::string>{"item_id", "title", "users", "verified_drops",
                                                "mean_score_drop"}
                     : std::vector<std::string>{"Item id", "Title", "Users (strongest driver)",
                                                "Removal alone drops it", "Mean score drop"};
    t.align = {Align::Left, Align::Left, Align::Right, Align::Right, Align::Right};
    for (const DriverStat& d : m.drivers)
        t.rows.push_back({ds.items[static_cast<std::size_t>(d.item)].id,
                          ds.items[static_cast<std::size_t>(d.item)].title, intCell(d.users, exact),
                          intCell(d.verifiedDrops, exact),
                          exact ? exactFloat(d.meanScoreDrop) : displayNumber(d.meanScoreDrop)});
    if (exact)
        t.csvName = "drivers";
    return t;
}

} // namespace

ReportOutput buildProductReport(const Dataset& ds, const ProductReportData& data,
                                const ModelCard& card, const std::string& projectNote) {
    const MerchantExplanation& m = data.merchant;
    const Item& item = ds.items[static_cast<std::size_t>(m.item)];
    ReportOutput out;
    out.baseName = "product-" + safeFileComponent(item.id);
    ReportDocument& doc = out.document;
    doc.title = "Product " + item.id + (item.title.empty() ? "" : ": " + item.title);
    doc.subtitle =
        "RecLens merchant report \xc2\xb7 " + card.datasetName + " \xc2\xb7 " + card.generatedAt;

    // What a merchant reads first: one sentence built only from the figures below.
    doc.paragraph(merchantSummarySentence(m, ds));

    KeyValues about{"Product", {{"Item id", item.id}, {"Title", item.title}}};
    if (!item.category.empty())
        about.items.emplace_back("Category", item.category);
    if (!item.brand.empty())
        about.items.emplace_back("Brand", item.brand);
    if (std::isfinite(item.price))
        about.items.emplace_back("Price", displayNumber(item.price));
    doc.add(std::move(about));

    doc.heading(2, "Exposure");
    KeyValues ex{"", exposureFigures(m)};
    if (m.cancelled)
        ex.items.emplace_back("Status", "cancelled: numbers cover the customers done so far");
    doc.add(std::move(ex));

    HistogramSpec h;
    Table hist;
    hist.csvName = "rank_histogram";
    hist.header = {"rank_from", "rank_to", "users"};
    // Bins that start beyond the catalog cannot hold anyone; leave them out.
    const auto bins = static_cast<std::size_t>(
        std::count_if(m.rankBinEdges.begin(), m.rankBinEdges.end(),
                      [&](int e) { return static_cast<std::size_t>(e) <= ds.items.size(); }));
    for (std::size_t i = 0; i < bins && i < m.rankHistogram.size(); ++i) {
        h.binEdges.push_back(m.rankBinEdges[i]);
        h.counts.push_back(m.rankHistogram[i]);
        hist.rows.push_back({std::to_string(m.rankBinEdges[i]),
                             i + 1 < bins ? std::to_string(m.rankBinEdges[i + 1] - 1)
                                          : std::to_string(ds.items.size()),
                             std::to_string(m.rankHistogram[i])});
    }
    if (!h.binEdges.empty()) {
        h.binEdges.push_back(static_cast<double>(ds.items.size()) + 1);
        h.integerBins = true;
        h.xTitle = "rank of this product in the customer's list";
        h.yTitle = "customers";
        h.caption = "Where this product ranks across customers (bins widen with the rank).";
        doc.add(histogram(h));
        Table shown;
        shown.header = {"Rank", "Customers"};
        shown.align = {Align::Left, Align::Right};
        const std::vector<int> edges(m.rankBinEdges.begin(),
                                     m.rankBinEdges.begin() + static_cast<std::ptrdiff_t>(bins));
        for (std::size_t i = 0; i < bins && i < m.rankHistogram.size(); ++i)
            shown.rows.push_back({rankBinLabel(edges, i), groupedInt(m.rankHistogram[i])});
        doc.add(std::move(shown));
    }

    doc.heading(2, "Drivers");
    if (m.drivers.empty()) {
        doc.paragraph("No customer has this product in the top-" + std::to_string(m.k) +
                      ", so there are no drivers to show.");
    } else {
        BarSpec bars;
        for (const DriverStat& d : m.drivers) {
            bars.labels.push_back(itemLabel(ds, d.item));
            bars.values.push_back(d.meanScoreDrop);
        }
        bars.valueTitle = "mean score drop when removed";
        bars.caption = "How much the product's score falls, on average, when the driver is "
                       "removed from the history of the customers it drives.";
        doc.add(signedBars(bars));
        doc.add(driverTable(ds, m, false));
        if (!m.driverCategories.empty())
            doc.add(namedCountTable(m.driverCategories, "category", false));
        if (!m.driverBrands.empty())
            doc.add(namedCountTable(m.driverBrands, "brand", false));
    }

    addMerchantFindings(doc, ds, m);

    if (data.catalog && data.catalog->topKCount.size() == ds.items.size()) {
        doc.heading(2, "Exposure against popularity");
        const CatalogExposure& c = *data.catalog;
        ScatterSpec s;
        int zero = 0;
        for (std::size_t i = 0; i < ds.items.size(); ++i) {
            s.x.push_back(c.interactions[i]);
            s.y.push_back(c.topKCount[i]);
            zero += c.topKCount[i] == 0;
            s.tooltips.push_back(itemLabel(ds, static_cast<ItemIndex>(i)));
        }
        s.logX = s.logY = true;
        s.highlight = {static_cast<std::size_t>(m.item)};
        s.highlightLabels = {itemLabel(ds, m.item)};
        s.xTitle = "purchases in the data (log)";
        s.yTitle = "customers with it in top-" + std::to_string(c.k) + " (log)";
        s.caption = "Every product over all " + groupedInt(c.users) +
                    " customers; this one is highlighted. " + groupedInt(zero) +
                    " products never reach a top-" + std::to_string(c.k) +
                    " and are not drawn (log axis).";
        doc.add(scatter(s));
    }
    appendFeedbackSection(doc, ds, {}, {}, projectNote);
    doc.pageBreak();
    appendModelCard(doc, card, true, &ds);

    Table summary;
    summary.csvName = "exposure";
    summary.header = {"item_id",          "k",
                      "users_considered", "in_top_k",
                      "top_k_share",      "exposure_share",
                      "popularity_share", "exposure_lift",
                      "mean_rank",        "median_rank",
                      "best_rank",        "sampled",
                      "users_eligible",   "seed",
                      "summary_sentence"};
    summary.rows.push_back(
        {item.id, std::to_string(m.k), std::to_string(m.usersConsidered), std::to_string(m.inTopK),
         exactDouble(m.topKShare), exactDouble(m.exposureShare), exactDouble(m.popularityShare),
         exactDouble(m.exposureLift), exactDouble(m.meanRank), exactDouble(m.medianRank),
         std::to_string(m.bestRank), m.sampled ? "true" : "false", std::to_string(m.usersEligible),
         std::to_string(m.seed), merchantSummarySentence(m, ds)});
    out.csvTables = {std::move(summary), std::move(hist), driverTable(ds, m, true),
                     namedCountTable(m.driverCategories, "category", true),
                     namedCountTable(m.driverBrands, "brand", true)};
    for (Table& t : merchantFindingsCsv(ds, m))
        out.csvTables.push_back(std::move(t));
    out.json = {{"report", "product"},
                {"format_version", kReportFormatVersion},
                {"title", doc.title},
                {"item", item.id},
                {"merchant", merchantToJson(m, ds)},
                {"model_card", modelCardToJson(card, &ds)}};
    if (!projectNote.empty())
        out.json["project_note"] = projectNote;
    if (data.catalog)
        out.json["catalog_exposure"] = {
            {"k", data.catalog->k},
            {"users", data.catalog->users},
            {"in_top_k", data.catalog->topKCount[static_cast<std::size_t>(m.item)]}};
    return out;
}

} // namespace reclens::report
