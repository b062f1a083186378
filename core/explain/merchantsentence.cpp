// The plain-language sentence beside the merchant view's numbers. Every number in it is a field
// of the MerchantExplanation; nothing is estimated here.

#include "common/numberformat.h"
#include "explain/merchantexplanation.h"

#include <cstdio>
#include <string>

namespace reclens {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string percent(double share) {
    return fixed(100.0 * share, share < 0.001 ? 3 : (share < 0.1 ? 2 : 1)) + " %";
}

} // namespace

std::string merchantSummarySentence(const MerchantExplanation& m, const Dataset& ds) {
    const std::string topK = "top " + groupedInt(m.k);
    std::string s;
    if (m.usersConsidered == 0)
        return "No customer was scored, so there is nothing to say about this product yet.";
    if (m.inTopK == 0) {
        s = "It is not in the " + topK + " of any customer (mean rank " + fixed(m.meanRank, 1) +
            ")";
    } else {
        s = "Ranks in the " + topK + " for " + percent(m.topKShare) + " of customers";
    }
    if (m.sampled)
        s += " (95 % CI " + percent(m.topKShareCi.lo) + " to " + percent(m.topKShareCi.hi) +
             ", seeded sample of " + groupedInt(m.usersConsidered) + " of " +
             groupedInt(m.usersEligible) + " customers, seed " + std::to_string(m.seed) + ")";
    if (m.popularityShare <= 0) {
        s += "; it was never bought, so there is no purchase share to compare with";
    } else if (m.inTopK > 0) {
        const double lift = m.exposureLift;
        s += ", " + fixed(lift, lift < 0.1 ? 3 : 2) + " times its share of purchases (" +
             (lift >= 1.0 ? "more exposed than bought" : "less exposed than bought") + ")";
    }
    if (!m.drivers.empty()) {
        const DriverStat& d = m.drivers.front();
        const Item& it = ds.items[static_cast<size_t>(d.item)];
        s += "; mostly pushed there by " + (it.title.empty() ? it.id : it.title) +
             " (the strongest purchase for " + groupedInt(d.users) + " of " +
             groupedInt(m.driverUsers) +
             " customers analysed; removing it alone drops it out for " +
             groupedInt(d.verifiedDrops) + ")";
    }
    return s + ".";
}

} // namespace reclens
