#pragma once
// The merchant view: one product across many customers (explainItem, merchant.cpp) — how
// often it reaches their top-K, which purchases drive it there, a comparison with a second
// product, a merchant what-if and 95 % intervals when customers are sampled. Torch-free plain
// structs like explain/explanation.h. JSON: explain/merchantjson.h.

#include "data/dataset.h"
#include "explain/candidatefilter.h"
#include "model/sequencemodel.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace reclens {

/// Which customers the merchant view considers; applied before any sampling. The dataset
/// has no customer attributes (no country), so segments are by history and purchases only.
struct MerchantSegment {
    int minHistoryLength = 0; // purchases in the customer's history (before the max-length cut)
    int maxHistoryLength = 0; // 0 = no upper bound
    std::string category;     // only customers who bought an item of this category; "" = any
    bool active() const {
        return minHistoryLength > 0 || maxHistoryLength > 0 || !category.empty();
    }
};

struct MerchantConfig {
    int k = 10;                  // "in the top-K"
    int maxUsers = 0;            // 0 = all users; otherwise a seeded random sample of this size
    bool trainingPrefix = false; // false = each user's full sequence (cut to max length)
    int topDrivers = 10;         // length of the driver lists
    std::uint64_t seed = 42;
    int batchSize = 256; // histories per model call
    int threads = 0;     // cores for the batches (0 = all); each with one LibTorch intra-op thread
    int maxDriverUsers = 1000; // top-K users analysed for drivers (seeded sample beyond this)
    /// Budget of history positions the driver analysis may score: a user of history length n
    /// costs n·(n + 1) (the history and its n leave-one-out variants). Users are taken in a
    /// seeded random order until the budget is spent (at least one user). With 2 M, Amazon
    /// Scientific (~7 items per history) analyses 1,000 users and UCI Online Retail (up to 200)
    /// a few hundred; 0 = no budget.
    std::int64_t maxDriverPositions = 2'000'000;
    MerchantSegment segment;    // customers considered (before sampling)
    int maxCustomers = 5000;    // cap of the listed top-K customers, best ranks kept (0 = no cap)
    ItemIndex compareWith = -1; // a second product ranked from the same rows (-1 = none)
    ItemIndex whatIfAdd = -1;   // product appended to the customers' histories (-1 = none)
    int whatIfMaxUsers = 2000;  // customers re-scored for the what-if (seeded sample beyond)
};

struct DriverStat {
    ItemIndex item = -1;
    int users = 0;         // users for whom it is the strongest LOO driver of the item
    int verifiedDrops = 0; // of those, users where removing it alone drops the item out of top-K
    float meanScoreDrop = 0.0f;
};

struct NamedCount {
    std::string name;
    int users = 0;
    float meanScoreDrop = 0.0f;
};

/// One customer with the product in the top-K.
struct MerchantCustomer {
    UserIndex user = -1;
    int rank = 0;          // 1-based rank of the product for this customer
    int historyLength = 0; // purchases in the history (before the max-length cut)
};

/// A 95 % confidence interval [lo, hi] of a figure estimated from a sample of customers.
struct ConfidenceInterval {
    double lo = 0.0;
    double hi = 0.0;
    bool contains(double v) const { return v >= lo && v <= hi; }
};

/// The analysed product against a second one, ranked from the same rows for the same customers.
struct MerchantComparison {
    ItemIndex other = -1;
    int otherInTopK = 0;
    double otherTopKShare = 0.0;
    double otherMeanRank = 0.0;
    ConfidenceInterval otherTopKShareCi; // when sampled
    ConfidenceInterval otherMeanRankCi;  // when sampled
    int itemAhead = 0;                   // customers ranking the analysed product above the other
    int otherAhead = 0;                  // customers ranking the other above the analysed product
    int tied = 0;
    int bothInTopK = 0;
};

/// "If these customers had bought X": X appended to each history, then fresh forward passes.
struct MerchantWhatIf {
    ItemIndex added = -1;
    int users = 0;             // customers re-scored
    bool usersSampled = false; // users < customers considered (whatIfMaxUsers, seeded)
    int inTopKBefore = 0;
    int inTopKAfter = 0;
    double meanRankBefore = 0.0;
    double meanRankAfter = 0.0;
    int improved = 0; // customers whose rank of the product got better
    int worsened = 0;
};

struct MerchantExplanation {
    ItemIndex item = -1;
    int k = 10;
    int totalUsers = 0;      // users in the dataset
    int usersConsidered = 0; // users with a non-empty history that were scored
    bool sampled = false;
    int inTopK = 0;
    double topKShare = 0.0;         // inTopK / usersConsidered
    std::vector<int> rankBinEdges;  // lower bounds: {1, 2, 6, 11, 21, 51, 101, 501, 1001}
    std::vector<int> rankHistogram; // users per bin
    double meanRank = 0.0;
    double medianRank = 0.0;
    int bestRank = 0;
    double exposureShare = 0.0;      // share of all top-K slots (usersConsidered × k) it takes
    double popularityShare = 0.0;    // its share of all interactions in the dataset
    double exposureLift = 0.0;       // exposureShare / popularityShare (0 if never bought)
    int driverUsers = 0;             // top-K users whose leave-one-out drivers were analysed
    bool driverUsersSampled = false; // driverUsers < inTopK (user cap or position budget)
    std::vector<DriverStat> drivers; // top history items driving it into the top-K
    std::vector<NamedCount> driverCategories;
    std::vector<NamedCount> driverBrands;
    MerchantSegment segment;
    int usersEligible = 0; // users in the segment (with a history) before sampling
    std::uint64_t seed = 42;
    std::vector<MerchantCustomer> customers; // top-K customers, best rank first (capped)
    bool customersCapped = false;            // customers.size() < inTopK
    // 95 % intervals, filled when sampled (merchantstats.cpp says how; exact otherwise).
    ConfidenceInterval topKShareCi, exposureShareCi, meanRankCi;
    std::optional<MerchantComparison> comparison;
    std::optional<MerchantWhatIf> whatIf;
    bool cancelled = false;
    double seconds = 0.0;
};

// ---------------------------------------------------------------------------------------------
// Entry points (errors as in explain/explanation.h: std::invalid_argument for a bad item).

/// The candidates the merchant view ranks among. excludeBought: each customer's own purchases
/// leave the ranking EXCEPT the analysed product and the compared one (config.compareWith):
/// both stay candidates for every customer, also one who already bought either, so the two
/// ranks of a customer come from one row over the same candidates (a bought product that was
/// excluded would sink to the bottom on one side only). false: every item is a candidate.
CandidateFilterModel merchantCandidateModel(const SequenceModel& model, ItemIndex item,
                                            const MerchantConfig& config, bool excludeBought);

/// Merchant explanation of `item`. progress(done, total) after each batch; shouldStop between
/// batches (result then has cancelled = true and covers the users done so far).
MerchantExplanation explainItem(const SequenceModel& model, const Dataset& ds, ItemIndex item,
                                const MerchantConfig& config,
                                const std::function<void(int, int)>& progress = {},
                                const std::function<bool()>& shouldStop = {});

/// One plain-language sentence built only from the figures in `m` (top-K share, exposure
/// against purchase share, the strongest driver and its verified count, the CI when sampled).
std::string merchantSummarySentence(const MerchantExplanation& m, const Dataset& ds);

} // namespace reclens
