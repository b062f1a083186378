#include "text/vocabulary.h"

#include <algorithm>

namespace reclens::text {

Vocabulary::Vocabulary()
    : m_words{"", kUnknownToken} {}

Vocabulary Vocabulary::build(const std::vector<std::vector<std::string>>& documents, int minCount) {
    std::unordered_map<std::string, std::int64_t> counts;
    for (const auto& doc : documents)
        for (const auto& w : doc)
            ++counts[w];
    std::vector<std::pair<std::string, std::int64_t>> kept;
    Vocabulary v;
    for (auto& [w, n] : counts) {
        if (n >= std::max(1, minCount) && w != kUnknownToken)
            kept.emplace_back(w, n);
        else
            ++v.m_dropped;
    }
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    for (auto& [w, n] : kept) {
        v.m_ids.emplace(w, static_cast<WordId>(v.m_words.size()));
        v.m_words.push_back(w);
    }
    return v;
}

Vocabulary Vocabulary::fromWords(const std::vector<std::string>& words) {
    Vocabulary v;
    if (words.size() < 2 || !words[0].empty() || words[1] != kUnknownToken)
        return v;
    for (std::size_t i = 2; i < words.size(); ++i)
        if (v.m_ids.emplace(words[i], static_cast<WordId>(v.m_words.size())).second)
            v.m_words.push_back(words[i]);
    return v;
}

WordId Vocabulary::id(const std::string& word) const {
    const auto it = m_ids.find(word);
    return it == m_ids.end() ? kUnknown : it->second;
}

Vocabulary::Encoded Vocabulary::encode(const std::vector<std::string>& tokens) const {
    Encoded e;
    e.tokens = tokens;
    e.ids.reserve(tokens.size());
    for (const auto& t : tokens) {
        e.ids.push_back(id(t));
        if (e.ids.back() == kUnknown)
            ++e.unknownCount;
    }
    return e;
}

} // namespace reclens::text
