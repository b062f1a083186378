#pragma once
// The one tokenizer RecLens uses for product titles, category paths and search queries, so that
// a query word and a title word are the same token. No ICU: the input is decoded as UTF-8 and
// split on separators that cover ASCII, Latin-1 and the general punctuation block; every other
// code point counts as a letter (CJK, Cyrillic, Greek, ... stay inside words). Lower-casing covers
// ASCII, Latin-1 and Latin Extended-A, which is what the catalogs RecLens reads contain.

#include <string>
#include <string_view>
#include <vector>

namespace reclens::text {

struct TokenizerOptions {
    bool removeStopWords = true; // drop the words of stopWords() (see tokenizer.cpp for the list)
    bool keepNumbers = true;     // "120", "4", "10yd" stay tokens (sizes and grits matter)
};

/// Lower-cased tokens of `s` in order, duplicates kept. Invalid UTF-8 bytes are read as
/// Latin-1 characters (so a mis-encoded title still yields words rather than nothing).
std::vector<std::string> tokenize(std::string_view s, const TokenizerOptions& options = {});

/// True for the separators: ASCII and Latin-1 punctuation, symbols and spaces, control
/// characters, U+2000–U+206F (general punctuation), U+2190–U+2BFF (arrows, math and
/// technical symbols, box drawing, shapes, dingbats), U+3000–U+303F (CJK punctuation),
/// U+FE30–U+FE4F, U+FF00–U+FF0F/U+FF1A–U+FF20/U+FF3B–U+FF40/U+FF5B–U+FF65 (full-width
/// punctuation) and U+FEFF.
bool isSeparator(char32_t c);

/// ASCII, Latin-1 (À–Þ except ×) and Latin Extended-A (pairs U+0100–U+017F) lower-cased; every
/// other code point unchanged.
char32_t toLowerCodePoint(char32_t c);

/// The stop words (lower case, sorted): English function words plus the product-page filler
/// "amp" (from "&amp;"). Documented in docs/DATA.md.
const std::vector<std::string>& stopWords();
bool isStopWord(std::string_view word);

} // namespace reclens::text
