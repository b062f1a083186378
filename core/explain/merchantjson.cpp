// MerchantExplanation → JSON (the only place; what `reclens-cli explain-item --json` prints).
// Keys are snake_case and documented in docs/explanation-schema.json; extend, never rename.

#include "explain/merchantjson.h"

#include "explain/itemrefjson.h"

namespace reclens {

using explainjson::itemRef;
using nlohmann::json;

namespace {

json intervalJson(const ConfidenceInterval& ci) {
    return json::array({ci.lo, ci.hi});
}

// The merchant view's segment, top-K customers, confidence intervals, comparison and what-if.
void addMerchantDetailsJson(json& out, const MerchantExplanation& m, const Dataset& ds) {
    out["users_eligible"] = m.usersEligible;
    out["seed"] = m.seed;
    out["segment"] = {{"min_history_length", m.segment.minHistoryLength},
                      {"max_history_length", m.segment.maxHistoryLength},
                      {"category", m.segment.category}};
    json customers = json::array();
    for (const MerchantCustomer& c : m.customers)
        customers.push_back({{"user", ds.users[static_cast<size_t>(c.user)].id},
                             {"rank", c.rank},
                             {"history_length", c.historyLength}});
    out["customers"] = customers;
    out["customers_capped"] = m.customersCapped;
    out["confidence"] = m.sampled ? json{{"level", 0.95},
                                         {"top_k_share", intervalJson(m.topKShareCi)},
                                         {"exposure_share", intervalJson(m.exposureShareCi)},
                                         {"mean_rank", intervalJson(m.meanRankCi)}}
                                  : json(nullptr);
    if (m.comparison) {
        const MerchantComparison& c = *m.comparison;
        out["comparison"] = {
            {"other", itemRef(ds, c.other)},
            {"other_in_top_k", c.otherInTopK},
            {"other_top_k_share", c.otherTopKShare},
            {"other_mean_rank", c.otherMeanRank},
            {"other_top_k_share_ci", m.sampled ? intervalJson(c.otherTopKShareCi) : json(nullptr)},
            {"other_mean_rank_ci", m.sampled ? intervalJson(c.otherMeanRankCi) : json(nullptr)},
            {"item_ahead", c.itemAhead},
            {"other_ahead", c.otherAhead},
            {"tied", c.tied},
            {"both_in_top_k", c.bothInTopK}};
    } else {
        out["comparison"] = nullptr;
    }
    if (m.whatIf) {
        const MerchantWhatIf& w = *m.whatIf;
        out["what_if"] = {{"added", itemRef(ds, w.added)},
                          {"users", w.users},
                          {"users_sampled", w.usersSampled},
                          {"in_top_k_before", w.inTopKBefore},
                          {"in_top_k_after", w.inTopKAfter},
                          {"mean_rank_before", w.meanRankBefore},
                          {"mean_rank_after", w.meanRankAfter},
                          {"improved", w.improved},
                          {"worsened", w.worsened}};
    } else {
        out["what_if"] = nullptr;
    }
    out["summary_sentence"] = merchantSummarySentence(m, ds);
}

} // namespace

json merchantToJson(const MerchantExplanation& m, const Dataset& ds) {
    json bins = json::array();
    for (size_t i = 0; i < m.rankBinEdges.size(); ++i)
        bins.push_back({{"from", m.rankBinEdges[i]},
                        {"to", i + 1 < m.rankBinEdges.size() ? json(m.rankBinEdges[i + 1] - 1)
                                                             : json(nullptr)},
                        {"users", m.rankHistogram[i]}});
    json drivers = json::array();
    for (const auto& d : m.drivers) {
        json j = itemRef(ds, d.item);
        j["users"] = d.users;
        j["verified_drops"] = d.verifiedDrops;
        j["mean_score_drop"] = d.meanScoreDrop;
        drivers.push_back(j);
    }
    auto named = [](const std::vector<NamedCount>& v) {
        json a = json::array();
        for (const auto& n : v)
            a.push_back(
                {{"name", n.name}, {"users", n.users}, {"mean_score_drop", n.meanScoreDrop}});
        return a;
    };
    json out = {{"item", itemRef(ds, m.item)},
                {"k", m.k},
                {"users_total", m.totalUsers},
                {"users_considered", m.usersConsidered},
                {"sampled", m.sampled},
                {"in_top_k", m.inTopK},
                {"top_k_share", m.topKShare},
                {"rank_histogram", bins},
                {"mean_rank", m.meanRank},
                {"median_rank", m.medianRank},
                {"best_rank", m.bestRank},
                {"exposure_share", m.exposureShare},
                {"popularity_share", m.popularityShare},
                {"exposure_lift", m.exposureLift},
                {"driver_users", m.driverUsers},
                {"driver_users_sampled", m.driverUsersSampled},
                {"drivers", drivers},
                {"driver_categories", named(m.driverCategories)},
                {"driver_brands", named(m.driverBrands)},
                {"cancelled", m.cancelled},
                {"seconds", m.seconds}};
    addMerchantDetailsJson(out, m, ds);
    return out;
}

} // namespace reclens
