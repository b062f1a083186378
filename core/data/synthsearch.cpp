#include "data/synthsearch.h"

#include "common/atomicfile.h"
#include "data/synthcatalog.h"
#include "text/tokenizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <unordered_set>

namespace reclens {

namespace {

using data::SynthItem;
using data::SynthRng;

const char* const kTypes[] = {"lamp",    "kettle", "backpack", "umbrella", "blender", "tent",
                              "blanket", "clock",  "scarf",    "teapot",   "cushion", "ladder"};
const char* const kVariants[] = {"Nordic", "Urban", "Classic", "Studio", "Retro"};
const char* const kGeneric[] = {"cheap", "gift", "sale", "best"};

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

std::string categoryQuery(const std::string& category) {
    std::string q;
    std::unordered_set<std::string> seen;
    for (const auto& w : text::tokenize(category))
        if (seen.insert(w).second)
            q += (q.empty() ? "" : " ") + w;
    return q;
}

struct Planted {
    int group, variant, triggerPos;
    std::string query, word;
};

} // namespace

Status writeSearchShop(const std::string& outDir, const SearchSynthConfig& cfg) {
    const int maxGroups = static_cast<int>(std::size(kTypes));
    const int maxVariants = static_cast<int>(std::size(kVariants));
    if (cfg.users < 1 || cfg.users > 1000000 || cfg.groups < 1 || cfg.groups > maxGroups ||
        cfg.variants < 2 || cfg.variants > maxVariants ||
        cfg.fillerItems < cfg.groups * cfg.variants + 30 || cfg.fillerItems > 5000 ||
        cfg.minLength < 6 || cfg.maxLength < cfg.minLength || cfg.maxLength > 200 ||
        cfg.minSearches < 1 || cfg.maxSearches < cfg.minSearches || cfg.maxSearches > maxGroups)
        return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                         "expected users 1..1000000, groups 1..12, variants 2..5, filler items "
                         ">= groups*variants+30 (at most 5000) and 6 <= min <= max <= 200 "
                         "purchases, 1 <= min <= max <= 12 searches");
    SynthRng rng(cfg.seed);
    int categoryCount = 0;
    std::vector<SynthItem> items = data::makeSynthCatalog(cfg.fillerItems, rng, categoryCount);
    // Triggers: filler products drawn once, kept out of the filler pool.
    std::vector<int> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[static_cast<std::size_t>(rng.below(static_cast<int>(i + 1)))]);
    const auto nTriggers = static_cast<std::size_t>(cfg.groups * cfg.variants);
    const std::vector<int> triggers(order.begin(),
                                    order.begin() + static_cast<std::ptrdiff_t>(nTriggers));
    std::vector<int> fillers(order.begin() + static_cast<std::ptrdiff_t>(nTriggers), order.end());
    std::vector<double> weight(fillers.size());
    for (std::size_t k = 0; k < fillers.size(); ++k)
        weight[k] = 1.0 / std::pow(static_cast<double>(k + 1), 0.8);
    // The searched products: same type word, same category, titles of equal length.
    const int firstProduct = static_cast<int>(items.size());
    for (int g = 0; g < cfg.groups; ++g)
        for (int v = 0; v < cfg.variants; ++v) {
            std::string type = kTypes[g];
            type[0] = static_cast<char>(type[0] - 'a' + 'A');
            SynthItem it;
            it.id = "S" + std::to_string(100 + g * 10 + v);
            it.title = std::string(kVariants[v]) + " " + type;
            it.category = "Search Shop > " + type + "s";
            it.brand = kVariants[v];
            it.priceCents = 1999 + 500 * v;
            items.push_back(it);
        }
    auto product = [&](int g, int v) {
        return firstProduct + g * cfg.variants + v;
    };
    auto trigger = [&](int g, int v) {
        return triggers[static_cast<std::size_t>(g * cfg.variants + v)];
    };

    std::ostringstream inter, queries, truth;
    inter << "user,item,timestamp\n";
    queries << "user,query,item,timestamp\n";
    truth << "{\"seed\": " << cfg.seed << ",\n \"types\": [";
    for (int g = 0; g < cfg.groups; ++g) {
        truth << (g ? ",\n  " : "\n  ") << "{\"word\": \"" << kTypes[g] << "\", \"variants\": [";
        for (int v = 0; v < cfg.variants; ++v)
            truth << (v ? ", " : "") << "{\"product\": \""
                  << items[static_cast<std::size_t>(product(g, v))].id << "\", \"trigger\": \""
                  << items[static_cast<std::size_t>(trigger(g, v))].id << "\"}";
        truth << "]}";
    }
    truth << "],\n \"cases\": [";
    for (int u = 0; u < cfg.users; ++u) {
        const std::string user = "Q" + std::to_string(20001 + u);
        const int n = cfg.minLength + rng.below(cfg.maxLength - cfg.minLength + 1);
        std::vector<int> seq(static_cast<std::size_t>(n), -1);
        std::vector<Planted> at(static_cast<std::size_t>(n), Planted{-1, -1, -1, {}, {}});
        // minSearches-maxSearches searches (at most one per type): the earlier ones are the
        // training signal, and the more of them, the more often a training search has another
        // type's trigger in its history and the model learns to pass it over.
        const int searches = std::min(
            cfg.groups, cfg.minSearches + rng.below(cfg.maxSearches - cfg.minSearches + 1));
        std::vector<int> groups;
        while (static_cast<int>(groups.size()) < searches) {
            const int g = rng.below(cfg.groups);
            if (std::find(groups.begin(), groups.end(), g) == groups.end())
                groups.push_back(g);
        }
        for (std::size_t s = 0; s < groups.size(); ++s) {
            const int g = groups[s];
            const int v = rng.below(cfg.variants);
            const int gap = 1 + rng.below(4);
            for (int attempt = 0; attempt < 12; ++attempt) {
                // The first search is the customer's last purchase; the others fall earlier.
                const int p = s == 0 ? n - 1 : gap + rng.below(std::max(1, n - 1 - gap));
                const int t = p - gap;
                if (t < 0 || seq[static_cast<std::size_t>(p)] >= 0 ||
                    seq[static_cast<std::size_t>(t)] >= 0)
                    continue;
                seq[static_cast<std::size_t>(p)] = product(g, v);
                seq[static_cast<std::size_t>(t)] = trigger(g, v);
                std::string query = kTypes[g];
                if (rng.below(2))
                    query += std::string(" ") +
                             kGeneric[rng.below(static_cast<int>(std::size(kGeneric)))];
                at[static_cast<std::size_t>(p)] = {g, v, t, query, kTypes[g]};
                break;
            }
        }
        std::vector<bool> used(items.size(), false);
        for (int x : seq)
            if (x >= 0)
                used[static_cast<std::size_t>(x)] = true;
        for (auto& slot : seq) {
            if (slot >= 0)
                continue;
            int pick = fillers[static_cast<std::size_t>(rng.weighted(weight))];
            while (used[static_cast<std::size_t>(pick)])
                pick =
                    fillers[static_cast<std::size_t>(rng.below(static_cast<int>(fillers.size())))];
            used[static_cast<std::size_t>(pick)] = true;
            slot = pick;
        }
        std::int64_t time = 1704067200 + static_cast<std::int64_t>(rng.below(60 * 24)) * 3600;
        for (int p = 0; p < n; ++p) {
            const auto& item = items[static_cast<std::size_t>(seq[static_cast<std::size_t>(p)])];
            const auto& planted = at[static_cast<std::size_t>(p)];
            inter << user << ',' << item.id << ',' << time << '\n';
            queries << user << ','
                    << csvField(planted.group >= 0 ? planted.query : categoryQuery(item.category))
                    << ',' << item.id << ',' << time << '\n';
            time += static_cast<std::int64_t>(1 + rng.below(72)) * 3600;
        }
        const auto& last = at[static_cast<std::size_t>(n - 1)];
        if (last.group >= 0)
            truth << (u ? ",\n  " : "\n  ") << "{\"user\": \"" << user << "\", \"query\": \""
                  << last.query << "\", \"word\": \"" << last.word << "\", \"target\": \""
                  << items[static_cast<std::size_t>(product(last.group, last.variant))].id
                  << "\", \"trigger\": \""
                  << items[static_cast<std::size_t>(trigger(last.group, last.variant))].id
                  << "\", \"trigger_position\": " << last.triggerPos << "}";
    }
    truth << "]}\n";

    std::ostringstream cat;
    cat << "item,title,category,brand,price\n";
    for (const auto& item : items) {
        char price[32];
        std::snprintf(price, sizeof price, "%d.%02d", item.priceCents / 100, item.priceCents % 100);
        cat << csvField(item.id) << ',' << csvField(item.title) << ',' << csvField(item.category)
            << ',' << csvField(item.brand) << ',' << price << '\n';
    }
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec)
        return makeError(ErrorCode::Io, outDir, 0, 0,
                         "cannot create the directory: " + ec.message());
    const std::filesystem::path dir(outDir);
    for (const auto& [name, text] :
         {std::pair{"interactions.csv", inter.str()}, std::pair{"catalog.csv", cat.str()},
          std::pair{"queries.csv", queries.str()},
          std::pair{"search_ground_truth.json", truth.str()}})
        if (auto st = writeFileAtomically((dir / name).string(), text); !st)
            return st;
    return Ok{};
}

} // namespace reclens
