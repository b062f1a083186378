#include "search/makequeries.h"

#include "text/tokenizer.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace reclens::search {

namespace {

std::vector<std::string> unique(const std::vector<std::string>& words) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    for (const auto& w : words)
        if (seen.insert(w).second)
            out.push_back(w);
    return out;
}

std::string join(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words)
        s += (s.empty() ? "" : " ") + w;
    return s;
}

/// SplitMix64 of a word and the seed: a reproducible order among equally common words.
std::uint64_t tieKey(const std::string& word, std::uint64_t seed) {
    std::uint64_t h = 1469598103934665603ull ^ seed;
    for (unsigned char c : word)
        h = (h ^ c) * 1099511628211ull;
    h += 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

/// Longest word prefix that at least `share` of the non-empty paths start with.
std::vector<std::string> sharedRoot(const std::vector<std::vector<std::string>>& paths,
                                    double share) {
    std::vector<std::string> root;
    std::size_t nonEmpty = 0;
    for (const auto& p : paths)
        nonEmpty += p.empty() ? 0 : 1;
    if (nonEmpty == 0)
        return root;
    for (std::size_t depth = 0;; ++depth) {
        std::unordered_map<std::string, std::size_t> next;
        for (const auto& p : paths)
            if (p.size() > depth && std::equal(root.begin(), root.end(), p.begin()))
                ++next[p[depth]];
        auto best = std::max_element(next.begin(), next.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second < b.second : a.first > b.first;
        });
        if (best == next.end() ||
            static_cast<double>(best->second) < share * static_cast<double>(nonEmpty))
            return root;
        root.push_back(best->first);
    }
}

} // namespace

const char* querySourceName(QuerySource s) {
    switch (s) {
    case QuerySource::Auto:
        return "auto";
    case QuerySource::Category:
        return "category";
    case QuerySource::Title:
        return "title";
    }
    return "auto";
}

std::vector<std::string> itemQueries(const Dataset& ds, const MakeQueriesConfig& config,
                                     MakeQueriesResult* stats) {
    QuerySource source = config.source;
    if (source == QuerySource::Auto) {
        std::size_t withCategory = 0;
        for (const auto& it : ds.items)
            withCategory += it.category.empty() ? 0 : 1;
        source = 2 * withCategory >= ds.items.size() && withCategory > 0 ? QuerySource::Category
                                                                         : QuerySource::Title;
    }
    std::vector<std::string> queries(ds.items.size());
    std::string rootText;
    if (source == QuerySource::Category) {
        std::vector<std::vector<std::string>> paths;
        for (const auto& it : ds.items)
            paths.push_back(unique(text::tokenize(it.category)));
        const auto root = sharedRoot(paths, config.rootShare);
        rootText = join(root);
        for (std::size_t i = 0; i < paths.size(); ++i) {
            auto& p = paths[i];
            if (!root.empty() && p.size() >= root.size() &&
                std::equal(root.begin(), root.end(), p.begin()))
                p.erase(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(root.size()));
            queries[i] = join(p);
        }
    } else {
        text::TokenizerOptions noNumbers;
        noNumbers.keepNumbers = false; // sizes and codes identify items; nobody types them alone
        std::vector<std::vector<std::string>> titles;
        std::unordered_map<std::string, std::int64_t> df;
        for (const auto& it : ds.items) {
            titles.push_back(unique(text::tokenize(it.title, noNumbers)));
            for (const auto& w : titles.back())
                ++df[w];
        }
        for (std::size_t i = 0; i < titles.size(); ++i) {
            std::vector<std::pair<std::string, std::size_t>> common; // word, position in title
            for (std::size_t k = 0; k < titles[i].size(); ++k)
                if (df[titles[i][k]] >= config.minDocFreq)
                    common.emplace_back(titles[i][k], k);
            std::sort(common.begin(), common.end(), [&](const auto& a, const auto& b) {
                const auto da = df[a.first], db = df[b.first];
                if (da != db)
                    return da > db;
                return tieKey(a.first, config.seed) < tieKey(b.first, config.seed);
            });
            common.resize(std::min(common.size(), static_cast<std::size_t>(config.titleWords)));
            // Title order reads naturally ("paper bag", not "bag paper").
            std::sort(common.begin(), common.end(),
                      [](const auto& a, const auto& b) { return a.second < b.second; });
            std::vector<std::string> words;
            for (const auto& c : common)
                words.push_back(c.first);
            queries[i] = join(words);
        }
    }
    if (stats) {
        stats->source = source;
        stats->root = rootText;
        stats->itemsWithoutQuery = std::count(queries.begin(), queries.end(), std::string());
    }
    return queries;
}

MakeQueriesResult makeQueries(const Dataset& ds, const MakeQueriesConfig& config) {
    MakeQueriesResult r;
    const auto queries = itemQueries(ds, config, &r);
    std::unordered_set<std::string> distinct;
    double words = 0;
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u) {
        const auto& seq = ds.users[static_cast<std::size_t>(u)].sequence;
        for (std::size_t p = 0; p < seq.size(); ++p) {
            ++r.purchases;
            const auto& q = queries[static_cast<std::size_t>(seq[p])];
            if (q.empty()) {
                ++r.withoutQuery;
                continue;
            }
            r.records.push_back({u, seq[p], static_cast<std::int32_t>(p), q, 0});
            distinct.insert(q);
            words += static_cast<double>(std::count(q.begin(), q.end(), ' ') + 1);
        }
    }
    r.distinctQueries = static_cast<std::int64_t>(distinct.size());
    r.meanWords = r.records.empty() ? 0.0 : words / static_cast<double>(r.records.size());
    return r;
}

} // namespace reclens::search
