#pragma once
// BM25 (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond")
// over each item's title + category words: the non-personalised lexical ranker that search mode
// is measured against. Tokens come from text::tokenize(), so BM25, the search model and the
// lexical-match marks agree on what a word is.

#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace reclens::search {

/// Title words then category words of an item, as BM25 and the search model read them.
std::vector<std::string> itemWords(const Item& item);

/// The distinct query terms that occur in the item's words (itemWords), in query order: the
/// lexical-match marks of a search result. Reads the one item only, so a caller that marks a
/// few results needs no index over the catalog.
std::vector<std::string> lexicalMatches(const std::vector<std::string>& queryTokens,
                                        const Item& item);

struct Bm25Config {
    double k1 = 1.2; // term-frequency saturation
    double b = 0.75; // document-length normalisation
    // Items with equal BM25 scores (e.g. every item of one category path for a category query)
    // are ordered by a seeded hash instead of by index, so a ranking metric measures BM25's
    // expected rank under random tie-breaking, not the catalog order. The offset is below
    // 1e-4 of the smallest non-zero score difference any single term can make. 0 = off.
    std::uint64_t tieBreakSeed = 42;
};

class Bm25Index {
public:
    Bm25Index(const Dataset& ds, const Bm25Config& config = {});

    /// Score of every item for the query tokens (each distinct term counted once, as in a
    /// short keyword query). Items that share no term score 0 (plus the tie-break offset).
    std::vector<float> scoreAll(const std::vector<std::string>& queryTokens) const;
    /// Inverse document frequency, log(1 + (N - n + 0.5) / (n + 0.5)); 0 for unseen terms.
    double idf(const std::string& term) const;

    int itemCount() const { return static_cast<int>(m_length.size()); }

private:
    struct Posting {
        ItemIndex item;
        std::int32_t tf;
    };
    Bm25Config m_config;
    std::unordered_map<std::string, std::vector<Posting>> m_postings;
    std::vector<std::int32_t> m_length;
    std::vector<float> m_tieOffset;
    double m_avgLength = 0.0;
};

} // namespace reclens::search
