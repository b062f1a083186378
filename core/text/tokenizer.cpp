#include "text/tokenizer.h"

#include <algorithm>

namespace reclens::text {

namespace {

/// Decodes one code point at s[i], advancing i. An invalid or truncated sequence (or an
/// overlong / surrogate encoding) consumes one byte, read as Latin-1.
char32_t decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) {
        return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    };
    auto byte = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F);
    };
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
        const char32_t c = (static_cast<char32_t>(b0 & 0x1F) << 6) | byte(1);
        i += 2;
        return c;
    }
    if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
        const char32_t c = (static_cast<char32_t>(b0 & 0x0F) << 12) | (byte(1) << 6) | byte(2);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            i += 3;
            return c;
        }
    }
    if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
        const char32_t c =
            (static_cast<char32_t>(b0 & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
        if (c >= 0x10000 && c <= 0x10FFFF) {
            i += 4;
            return c;
        }
    }
    ++i;
    return b0; // Latin-1 reading of a stray byte
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool isDigitString(const std::string& w) {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

} // namespace

bool isSeparator(char32_t c) {
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    if (c < 0xC0) // C1 controls, NBSP and Latin-1 punctuation/symbols (¡ ¢ £ ... ¿)
        return c != 0xAA && c != 0xB5 && c != 0xBA; // ª µ º are letters
    if (c == 0xD7 || c == 0xF7)                     // × ÷
        return true;
    return (c >= 0x2000 && c <= 0x206F) || (c >= 0x2190 && c <= 0x2BFF) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0xFEFF;
}

char32_t toLowerCodePoint(char32_t c) {
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    // Latin Extended-A: upper/lower pairs, even = upper for U+0100–U+0137 and U+014A–U+0177,
    // odd = upper for U+0139–U+0148 and U+0179–U+017E; U+0178 (Ÿ) lowers to U+00FF.
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return (c % 2 == 0) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178)
        return 0xFF;
    return c;
}

const std::vector<std::string>& stopWords() {
    // English function words (articles, pronouns, prepositions, conjunctions, auxiliaries) and
    // "amp", the remains of "&amp;" in scraped product pages. Deliberately short: words like
    // "set", "pack" or "large" carry meaning in a shop and stay.
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w = {
            "a",    "about", "amp",  "an",   "and",  "are",   "as",   "at",   "be",    "been",
            "but",  "by",    "can",  "do",   "does", "for",   "from", "had",  "has",   "have",
            "he",   "her",   "his",  "how",  "i",    "if",    "in",   "into", "is",    "it",
            "its",  "me",    "my",   "no",   "nor",  "not",   "of",   "on",   "or",    "our",
            "she",  "so",    "than", "that", "the",  "their", "them", "then", "there", "these",
            "they", "this",  "to",   "too",  "up",   "very",  "was",  "we",   "were",  "what",
            "when", "which", "who",  "why",  "will", "with",  "you",  "your"};
        std::sort(w.begin(), w.end());
        return w;
    }();
    return words;
}

bool isStopWord(std::string_view word) {
    const auto& w = stopWords();
    return std::binary_search(w.begin(), w.end(), word);
}

std::vector<std::string> tokenize(std::string_view s, const TokenizerOptions& options) {
    std::vector<std::string> tokens;
    std::string cur;
    auto flush = [&] {
        if (cur.empty())
            return;
        const bool drop = (options.removeStopWords && isStopWord(cur)) ||
                          (!options.keepNumbers && isDigitString(cur));
        if (!drop)
            tokens.push_back(cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = decode(s, i);
        if (isSeparator(c))
            flush();
        else
            encode(toLowerCodePoint(c), cur);
    }
    flush();
    return tokens;
}

} // namespace reclens::text
