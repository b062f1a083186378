#include "search/bm25.h"

#include "text/tokenizer.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace reclens::search {

std::vector<std::string> itemWords(const Item& item) {
    auto words = text::tokenize(item.title);
    const auto category = text::tokenize(item.category);
    words.insert(words.end(), category.begin(), category.end());
    return words;
}

std::vector<std::string> lexicalMatches(const std::vector<std::string>& queryTokens,
                                        const Item& item) {
    const auto words = itemWords(item);
    std::vector<std::string> out;
    for (const auto& term : queryTokens)
        if (std::find(out.begin(), out.end(), term) == out.end() &&
            std::find(words.begin(), words.end(), term) != words.end())
            out.push_back(term);
    return out;
}

Bm25Index::Bm25Index(const Dataset& ds, const Bm25Config& config)
    : m_config(config) {
    m_length.resize(ds.items.size(), 0);
    double total = 0;
    for (std::size_t i = 0; i < ds.items.size(); ++i) {
        const auto words = itemWords(ds.items[i]);
        m_length[i] = static_cast<std::int32_t>(words.size());
        total += static_cast<double>(words.size());
        std::unordered_map<std::string, std::int32_t> tf;
        for (const auto& w : words)
            ++tf[w];
        for (const auto& [w, n] : tf)
            m_postings[w].push_back({static_cast<ItemIndex>(i), n});
    }
    m_avgLength = ds.items.empty() ? 0.0 : total / static_cast<double>(ds.items.size());
    m_tieOffset.assign(ds.items.size(), 0.0f);
    if (config.tieBreakSeed != 0) {
        // A uniform offset in [0, 1e-6): far below any real score difference (one term with
        // idf >= 0.0001 changes a score by more), enough to order exact ties.
        std::uint64_t s = config.tieBreakSeed;
        for (auto& o : m_tieOffset) {
            s += 0x9e3779b97f4a7c15ull;
            std::uint64_t z = s;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            z ^= z >> 31;
            o = static_cast<float>(static_cast<double>(z >> 11) * 0x1.0p-53 * 1e-6);
        }
    }
}

double Bm25Index::idf(const std::string& term) const {
    const auto it = m_postings.find(term);
    if (it == m_postings.end())
        return 0.0;
    const double n = static_cast<double>(it->second.size());
    const double total = static_cast<double>(m_length.size());
    return std::log(1.0 + (total - n + 0.5) / (n + 0.5));
}

std::vector<float> Bm25Index::scoreAll(const std::vector<std::string>& queryTokens) const {
    std::vector<double> score(m_length.size(), 0.0);
    std::unordered_set<std::string> seen;
    const double k1 = m_config.k1, b = m_config.b;
    for (const auto& term : queryTokens) {
        if (!seen.insert(term).second)
            continue;
        const auto it = m_postings.find(term);
        if (it == m_postings.end())
            continue;
        const double w = idf(term);
        for (const auto& p : it->second) {
            const double tf = p.tf;
            const double norm =
                1.0 - b +
                b * static_cast<double>(m_length[static_cast<std::size_t>(p.item)]) /
                    std::max(m_avgLength, 1e-9);
            score[static_cast<std::size_t>(p.item)] += w * tf * (k1 + 1.0) / (tf + k1 * norm);
        }
    }
    std::vector<float> out(score.size());
    for (std::size_t i = 0; i < score.size(); ++i)
        out[i] = static_cast<float>(score[i]) + m_tieOffset[i];
    return out;
}

} // namespace reclens::search
