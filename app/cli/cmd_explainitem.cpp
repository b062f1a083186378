// reclens-cli explain-item: the merchant view of one item across all (or a sample of) users.

#include "cmd_excludebought.h"
#include "cmd_explainitemsearch.h"
#include "cmd_explainshared.h"
#include "cmd_merchantoptions.h"
#include "cmd_modelshared.h"
#include "commands.h"
#include "explain/explanationjson.h"
#include "explain/merchantjson.h"

#include <algorithm>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace reclens::cli {

namespace {

std::string interval(double value, const ConfidenceInterval& ci, double scale, int decimals,
                     const char* unit) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(decimals) << scale * value << unit << " (95 % CI "
      << scale * ci.lo << " to " << scale * ci.hi << unit << ")";
    return o.str();
}

// The segment, confidence intervals, top customers, comparison, what-if and sentence.
void printMerchantDetails(std::ostream& out, const MerchantExplanation& m, const Dataset& ds) {
    if (m.segment.active())
        out << "Segment: history length " << m.segment.minHistoryLength << " to "
            << (m.segment.maxHistoryLength > 0 ? std::to_string(m.segment.maxHistoryLength)
                                               : std::string("any"))
            << (m.segment.category.empty() ? "" : ", bought category " + m.segment.category) << " ("
            << m.usersEligible << " customers)\n";
    if (m.sampled)
        out << "Sample of " << m.usersConsidered << " of " << m.usersEligible << ", seed " << m.seed
            << ": top-K share " << interval(m.topKShare, m.topKShareCi, 100, 2, " %")
            << ", exposure " << interval(m.exposureShare, m.exposureShareCi, 100, 4, " %")
            << ", mean rank " << interval(m.meanRank, m.meanRankCi, 1, 1, "") << "\n";
    out << "Customers with it in their top-" << m.k << " (best first"
        << (m.customersCapped ? ", list capped" : "") << "):";
    for (size_t i = 0; i < m.customers.size() && i < 10; ++i)
        out << "  " << ds.users[static_cast<size_t>(m.customers[i].user)].id << " #"
            << m.customers[i].rank;
    out << (m.customers.size() > 10 ? "  ..." : "") << "\n";
    if (m.comparison) {
        const MerchantComparison& c = *m.comparison;
        out << "Compared with " << ds.items[static_cast<size_t>(c.other)].id << ": in top-" << m.k
            << " for " << c.otherInTopK << " (" << 100.0 * c.otherTopKShare << " %), mean rank "
            << c.otherMeanRank << "; this product ranks higher for " << c.itemAhead
            << " customers, the other for " << c.otherAhead << ", tied " << c.tied << "\n";
    }
    if (m.whatIf) {
        const MerchantWhatIf& w = *m.whatIf;
        out << "What if " << w.users << (w.usersSampled ? " sampled" : "")
            << " customers had bought " << ds.items[static_cast<size_t>(w.added)].id << ": in top-"
            << m.k << " " << w.inTopKBefore << " -> " << w.inTopKAfter << ", mean rank "
            << w.meanRankBefore << " -> " << w.meanRankAfter << " (better for " << w.improved
            << ", worse for " << w.worsened << ")\n";
    }
    out << merchantSummarySentence(m, ds) << "\n";
}

} // namespace

int runExplainItemAll(const std::vector<std::string>& argv); // cmd_explainitemall.cpp

int runExplainItem(const std::vector<std::string>& argv) {
    if (std::find(argv.begin(), argv.end(), "--all") != argv.end())
        return runExplainItemAll(argv); // the exact, sharded cluster batch
    if (wantsExplainItemSearch(argv))   // the search log variant has its own options and help
        return runExplainItemSearch(argv);
    std::vector<OptionSpec> specs = {
        {"model", "PATH", kModelOptionHelp},
        itemMapOptionSpec(),
        {"item", "ID", "item id as in the source data"},
        {"users", "N|all", "all users (default) or a seeded random sample of N"},
        {"k", "K", "top-K (default 10)"},
        excludeBoughtSpec(),
        {"split", "S", "full (default: each user's full sequence) or train (training prefix)"},
        {"threads", "T",
         "cores: 1 = one thread; 2 or more (0 = all cores) = the batches on two workers "
         "(default 0)"},
        {"json", "", "print one JSON object (docs/explanation-schema.json, merchant part)"},
    };
    {
        auto data = dataOptionSpecs();
        data.front().help = "the dataset the model was trained on";
        specs.insert(specs.begin() + 1, data.begin(), data.end());
        const auto merchant = merchantOptionSpecs();
        specs.insert(specs.end() - 2, merchant.begin(), merchant.end());
    }
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "explain-item",
                "For one item across users: how often it is in their top-K, its rank "
                "distribution, its exposure against its popularity, and which purchases "
                "(items, categories, brands) most often drive it into the top-K (leave-one-out, "
                "each user's strongest driver re-checked). With --users N every figure carries a "
                "95 % confidence interval (seeded sample). With --queries FILE and a search model: "
                "the queries it reaches the top-K for (see explain-item --queries FILE --help)."
                "\n\nExit codes: 0 ok, 2 usage, 3 "
                "unreadable input or unknown item, 4 internal error.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    MerchantConfig cfg;
    cfg.k = args.getInt("k", cfg.k);
    if (cfg.k < 1)
        throw UsageError{"--k must be at least 1"};
    const std::string users = args.get("users", "all");
    if (users != "all") {
        cfg.maxUsers = args.getInt("users", 0);
        if (cfg.maxUsers < 1)
            throw UsageError{"--users expects a positive number or 'all'"};
    }
    const std::string split = args.get("split", "full");
    if (split != "full" && split != "train")
        throw UsageError{"--split expects full or train, got '" + split + "'"};
    cfg.trainingPrefix = split == "train";
    const std::string itemId = args.require("item");
    merchantOptionsFromArgs(args, cfg);

    LoadedModel lm;
    if (int rc = loadModelAndData(args, "explain-item", lm); rc != ExitOk)
        return rc;
    const Dataset& ds = lm.data;
    cfg.threads = lm.threads; // how many workers score the batches
    const ItemIndex item = ds.findItem(itemId);
    if (item < 0)
        return fail("explain-item", ExitBadInput,
                    "unknown item '" + itemId + "' (not in " + ds.sourcePath + ")");
    if (int rc = resolveMerchantOptions(args, ds, "explain-item", cfg); rc != ExitOk)
        return rc;
    const bool tty = stderrIsTerminal();
    // Each customer's own purchases leave the ranking; the analysed and compared items stay.
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, ds);
    const CandidateFilterModel candidates =
        merchantCandidateModel(*lm.model, item, cfg, exclusion.excluded);
    const auto m = explainItem(candidates, ds, item, cfg, [&](int done, int total) {
        if (tty)
            std::cerr << "\r" << done * 100 / std::max(1, total) << " %" << std::flush;
    });
    if (tty)
        std::cerr << "\r      \r";
    if (args.has("json")) {
        auto j = merchantToJson(m, ds);
        addExcludeBoughtJson(j, exclusion);
        j["compute"] = computeJson(cfg.threads);
        std::cout << jsonText(j) << "\n";
        return ExitOk;
    }
    const Item& it = ds.items[static_cast<size_t>(item)];
    std::cout << std::fixed << std::setprecision(2) << it.id << "  " << it.title << "\n"
              << "Users: " << m.usersConsidered << (m.sampled ? " (random sample)" : "") << " of "
              << m.totalUsers << "\n"
              << "In top-" << m.k << ": " << m.inTopK << " users (" << 100.0 * m.topKShare
              << " %), best rank #" << m.bestRank << ", median #" << m.medianRank << "\n"
              << "Exposure share " << std::setprecision(4) << 100.0 * m.exposureShare
              << " % vs popularity " << 100.0 * m.popularityShare << " % (lift "
              << std::setprecision(2) << m.exposureLift << ")\nRank distribution:";
    for (size_t i = 0; i < m.rankBinEdges.size(); ++i)
        std::cout << "  #" << m.rankBinEdges[i] << (i + 1 < m.rankBinEdges.size() ? "-" : "+")
                  << (i + 1 < m.rankBinEdges.size() ? std::to_string(m.rankBinEdges[i + 1] - 1)
                                                    : "")
                  << ": " << m.rankHistogram[i];
    std::cout << "\nStrongest drivers into the top-" << m.k << " (of " << m.driverUsers
              << " users analysed"
              << (m.driverUsersSampled ? ", a random sample of the " + std::to_string(m.inTopK) +
                                             " with it in their top-" + std::to_string(m.k)
                                       : std::string())
              << "):\n";
    for (const auto& d : m.drivers) {
        const Item& di = ds.items[static_cast<size_t>(d.item)];
        std::cout << "  " << std::setw(5) << d.users << " users  (" << d.verifiedDrops
                  << " drop out without it)  " << di.id << "  " << di.title << "\n";
    }
    if (!m.driverCategories.empty()) {
        std::cout << "Driver categories:";
        for (const auto& c : m.driverCategories)
            std::cout << "  " << c.name << " (" << c.users << ")";
        std::cout << "\n";
    }
    if (!m.driverBrands.empty()) {
        std::cout << "Driver brands:";
        for (const auto& c : m.driverBrands)
            std::cout << "  " << c.name << " (" << c.users << ")";
        std::cout << "\n";
    }
    printMerchantDetails(std::cout, m, ds);
    std::cout << "Took " << m.seconds << " s\n";
    return ExitOk;
}

} // namespace reclens::cli
