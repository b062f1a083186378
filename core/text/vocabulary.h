#pragma once
// Word ids for the search model: built from the catalog's text (titles, category paths,
// brands), words seen fewer than a minimum number of times share one UNK id. An unknown word is
// never dropped: encode() keeps its position and reports it, so explanations can show it.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace reclens::text {

using WordId = std::int32_t;

class Vocabulary {
public:
    static constexpr WordId kPadding = 0; // never produced by encode(); embedding row 0
    static constexpr WordId kUnknown = 1; // every out-of-vocabulary word
    static constexpr const char* kUnknownToken = "<unk>";

    Vocabulary(); // only padding and UNK

    /// Counts the words of every document (one token list per document; a word counts once per
    /// occurrence) and keeps those seen at least `minCount` times, most frequent first (ties
    /// alphabetical, so the ids are deterministic).
    static Vocabulary build(const std::vector<std::vector<std::string>>& documents, int minCount);
    /// From the word list of words() (e.g. stored in a checkpoint); entries 0 and 1 must be the
    /// padding and UNK tokens, otherwise the result is empty (size() == 2).
    static Vocabulary fromWords(const std::vector<std::string>& words);

    struct Encoded {
        std::vector<WordId> ids;         // one per token, kUnknown for unknown words
        std::vector<std::string> tokens; // the tokens themselves, aligned with ids
        int unknownCount = 0;
    };
    Encoded encode(const std::vector<std::string>& tokens) const;
    WordId id(const std::string& word) const; // kUnknown when absent

    /// Every word by id: "" (padding), "<unk>", then the kept words.
    const std::vector<std::string>& words() const { return m_words; }
    int size() const { return static_cast<int>(m_words.size()); }
    /// Words seen during build() but below minCount (they map to UNK).
    std::int64_t droppedWordTypes() const { return m_dropped; }

private:
    std::vector<std::string> m_words;
    std::unordered_map<std::string, WordId> m_ids;
    std::int64_t m_dropped = 0;
};

} // namespace reclens::text
