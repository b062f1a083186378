#include "data/synth.h"

#include "common/atomicfile.h"
#include "data/synthcatalog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace reclens {

namespace {

using data::SynthItem;
using data::SynthRng;

struct Rule {
    int trigger;
    int target;
};

struct Case {
    int user;
    int rule;
    int triggerPos;
};

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

int drawGap(SynthRng& rng) {
    const int r = rng.below(20);
    return r < 7 ? 1 : (r < 15 ? 2 : 3);
}

std::string userId(int u) {
    // Appending (not "C" + ...) sidesteps a GCC 12 -Wrestrict false positive.
    std::string id = "C";
    id += std::to_string(10001 + u);
    return id;
}

} // namespace

Status writeSyntheticShop(const std::string& outDir, const SynthConfig& cfg) {
    // Up to a large shop's size (issue 16's 1 M x 1 M benchmark shop); the files are streamed,
    // so memory stays at the catalog and the planted cases.
    if (cfg.users < 1 || cfg.users > 10000000)
        return makeError(ErrorCode::InvalidArgument, "", 0, 0, "users must be in 1..10000000");
    if (cfg.rules < 1 || cfg.items < 2 * cfg.rules + 30 || cfg.items > 2000000)
        return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                         "items must be in 2*rules+30..2000000 and rules >= 1 (got items=" +
                             std::to_string(cfg.items) + ", rules=" + std::to_string(cfg.rules) +
                             ")");
    if (cfg.minLength < 6 || cfg.maxLength < cfg.minLength || cfg.maxLength > 200)
        return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                         "history lengths must satisfy 6 <= min <= max <= 200");
    if (!(cfg.caseShare >= 0.0 && cfg.caseShare <= 1.0))
        return makeError(ErrorCode::InvalidArgument, "", 0, 0, "caseShare must be in [0, 1]");

    SynthRng rng(cfg.seed);
    int categoryCount = 0;
    const std::vector<SynthItem> items = data::makeSynthCatalog(cfg.items, rng, categoryCount);

    // Rules: distinct random trigger/target pairs; their items are kept out of the filler pool
    // so every trigger occurrence is a rule occurrence.
    std::vector<int> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[static_cast<std::size_t>(rng.below(static_cast<int>(i + 1)))]);
    std::vector<Rule> rules;
    for (int r = 0; r < cfg.rules; ++r)
        rules.push_back(
            {order[static_cast<std::size_t>(2 * r)], order[static_cast<std::size_t>(2 * r + 1)]});
    std::vector<int> fillers(order.begin() + 2 * cfg.rules, order.end());

    // Popularity: Zipf(0.8) over the fillers in the shuffled order. Within a favourite category
    // the weights are flattened (square root) so no single item dominates a loyal customer.
    std::vector<double> globalWeight(fillers.size());
    for (std::size_t k = 0; k < fillers.size(); ++k)
        globalWeight[k] = 1.0 / std::pow(static_cast<double>(k + 1), 0.8);
    std::vector<std::vector<int>> byCategory(static_cast<std::size_t>(categoryCount));
    std::vector<std::vector<double>> byCategoryWeight(static_cast<std::size_t>(categoryCount));
    for (std::size_t k = 0; k < fillers.size(); ++k) {
        const auto c =
            static_cast<std::size_t>(items[static_cast<std::size_t>(fillers[k])].categoryIndex);
        byCategory[c].push_back(fillers[k]);
        byCategoryWeight[c].push_back(std::sqrt(globalWeight[k]));
    }
    // Running sums for the draws (SynthRng::weightedCumulative): a scan per draw was fine for
    // 300 products, not for a million.
    auto runningSums = [](std::vector<double> w) {
        for (std::size_t i = 1; i < w.size(); ++i)
            w[i] += w[i - 1];
        return w;
    };
    const std::vector<double> globalCumulative = runningSums(globalWeight);
    std::vector<std::vector<double>> byCategoryCumulative;
    for (const auto& w : byCategoryWeight)
        byCategoryCumulative.push_back(runningSums(w));

    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec)
        return makeError(ErrorCode::Io, outDir, 0, 0,
                         "cannot create the directory: " + ec.message());
    const std::filesystem::path dir(outDir);
    std::vector<Case> cases;
    // Purchases are streamed into the temporary file (a million customers are ~0.7 GB of text).
    const Status written = writeFileAtomicallyVia(
        (dir / "interactions.csv").string(), [&](const std::string& tempPath) {
            std::ofstream inter(tempPath, std::ios::binary);
            inter << "user,item,timestamp\n";
            for (int u = 0; u < cfg.users; ++u) {
                const int n = cfg.minLength + rng.below(cfg.maxLength - cfg.minLength + 1);
                std::vector<int> seq(static_cast<std::size_t>(n), -1);
                std::vector<bool> taken(static_cast<std::size_t>(n),
                                        false); // inside a rule occurrence
                std::vector<bool> ruleUsed(rules.size(), false);
                auto plant = [&](int rule, int triggerPos, int gap) {
                    seq[static_cast<std::size_t>(triggerPos)] =
                        rules[static_cast<std::size_t>(rule)].trigger;
                    seq[static_cast<std::size_t>(triggerPos + gap)] =
                        rules[static_cast<std::size_t>(rule)].target;
                    for (int p = triggerPos; p <= triggerPos + gap; ++p)
                        taken[static_cast<std::size_t>(p)] = true;
                    ruleUsed[static_cast<std::size_t>(rule)] = true;
                };
                // Last index a mid-history rule target may occupy.
                int limit = n - 2;
                if (rng.unit() < cfg.caseShare) {
                    const int rule = rng.below(cfg.rules);
                    const int gap = drawGap(rng);
                    const int triggerPos = n - 1 - gap;
                    plant(rule, triggerPos, gap);
                    cases.push_back({u, rule, triggerPos});
                    limit = triggerPos - 1;
                }
                const int r = rng.below(20);
                // Earlier rule occurrences (the training signal): 0: 10 %, 1: 25 %, 2: 35 %, 3: 30
                // %.
                const int mid = r < 2 ? 0 : (r < 7 ? 1 : (r < 14 ? 2 : 3));
                for (int m = 0; m<mid&& static_cast<int>(rules.size())> 1; ++m) {
                    int rule = rng.below(cfg.rules);
                    while (ruleUsed[static_cast<std::size_t>(rule)])
                        rule = (rule + 1) % cfg.rules;
                    const int gap = drawGap(rng);
                    if (limit - gap < 0)
                        break;
                    for (int attempt = 0; attempt < 8; ++attempt) {
                        const int t = rng.below(limit - gap + 1);
                        bool free = true;
                        for (int p = t; p <= t + gap; ++p)
                            free = free && !taken[static_cast<std::size_t>(p)];
                        if (free) {
                            plant(rule, t, gap);
                            break;
                        }
                    }
                    if (std::all_of(ruleUsed.begin(), ruleUsed.end(), [](bool b) { return b; }))
                        break;
                }

                // Fillers: category loyalty plus popularity, no repeats within a customer. The
                // customer's own items (at most 200) are the set to check, not a catalog-sized
                // mask.
                const int fav1 = rng.below(categoryCount);
                const int fav2 = rng.below(2) ? rng.below(categoryCount) : fav1;
                std::vector<int> own;
                for (int x : seq)
                    if (x >= 0)
                        own.push_back(x);
                auto inSeq = [&own](int item) {
                    return std::find(own.begin(), own.end(), item) != own.end();
                };
                for (auto& slot : seq) {
                    if (slot >= 0)
                        continue;
                    int pick = -1;
                    for (int attempt = 0; attempt < 50 && (pick < 0 || inSeq(pick)); ++attempt) {
                        if (rng.unit() < 0.65) {
                            const auto c = static_cast<std::size_t>(rng.below(2) ? fav1 : fav2);
                            if (byCategory[c].empty())
                                continue;
                            pick = byCategory[c][static_cast<std::size_t>(
                                rng.weightedCumulative(byCategoryCumulative[c]))];
                        } else {
                            pick = fillers[static_cast<std::size_t>(
                                rng.weightedCumulative(globalCumulative))];
                        }
                    }
                    while (inSeq(pick)) // tiny catalogs: walk to a free item
                        pick = fillers[static_cast<std::size_t>(
                            rng.below(static_cast<int>(fillers.size())))];
                    own.push_back(pick);
                    slot = pick;
                }

                // Timestamps: strictly increasing, 1..72 hours apart, from a start within 2024's
                // first 60 days.
                std::int64_t t = 1704067200 + static_cast<std::int64_t>(rng.below(60 * 24)) * 3600;
                for (int x : seq) {
                    inter << userId(u) << ',' << items[static_cast<std::size_t>(x)].id << ',' << t
                          << '\n';
                    t += static_cast<std::int64_t>(1 + rng.below(72)) * 3600;
                }
            }
            inter.flush();
            return static_cast<bool>(inter);
        });
    if (!written)
        return written;

    std::ostringstream cat;
    cat << "item,title,category,brand,price\n";
    for (const auto& item : items) {
        char price[32];
        std::snprintf(price, sizeof price, "%d.%02d", item.priceCents / 100, item.priceCents % 100);
        cat << csvField(item.id) << ',' << csvField(item.title) << ',' << csvField(item.category)
            << ',' << csvField(item.brand) << ',' << price << '\n';
    }

    std::ostringstream gt;
    gt << "{\"seed\": " << cfg.seed << ",\n \"rules\": [";
    for (std::size_t r = 0; r < rules.size(); ++r)
        gt << (r ? ",\n  " : "\n  ")
           << "{\"trigger\": " << jsonString(items[static_cast<std::size_t>(rules[r].trigger)].id)
           << ", \"target\": " << jsonString(items[static_cast<std::size_t>(rules[r].target)].id)
           << "}";
    gt << "],\n \"cases\": [";
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const Rule& rule = rules[static_cast<std::size_t>(cases[c].rule)];
        gt << (c ? ",\n  " : "\n  ") << "{\"user\": " << jsonString(userId(cases[c].user))
           << ", \"target\": " << jsonString(items[static_cast<std::size_t>(rule.target)].id)
           << ", \"trigger\": " << jsonString(items[static_cast<std::size_t>(rule.trigger)].id)
           << ", \"trigger_position\": " << cases[c].triggerPos << "}";
    }
    gt << "]}\n";

    if (auto st = writeFileAtomically((dir / "catalog.csv").string(), cat.str()); !st)
        return st;
    return writeFileAtomically((dir / "ground_truth.json").string(), gt.str());
}

} // namespace reclens
