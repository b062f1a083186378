// The shared tokenizer and vocabulary of search mode (core/text).

#include "text/tokenizer.h"
#include "text/vocabulary.h"

#include <gtest/gtest.h>

using namespace reclens::text;

namespace {

using Tokens = std::vector<std::string>;

} // namespace

TEST(Tokenizer, LowerCasesSplitsOnPunctuationAndKeepsNumbers) {
    EXPECT_EQ(tokenize("PORTER-CABLE 4 1/2-Inch x 10yd 80 Grit Adhesive-Backed Sanding Roll."),
              (Tokens{"porter", "cable", "4", "1", "2", "inch", "x", "10yd", "80", "grit",
                      "adhesive", "backed", "sanding", "roll"}));
    EXPECT_EQ(tokenize("Industrial & Scientific > Lab & Scientific Products"),
              (Tokens{"industrial", "scientific", "lab", "scientific", "products"}));
}

TEST(Tokenizer, RemovesStopWordsOnlyWhenAsked) {
    EXPECT_EQ(tokenize("Bag of the Year for you"), (Tokens{"bag", "year"}));
    TokenizerOptions keep;
    keep.removeStopWords = false;
    EXPECT_EQ(tokenize("Bag of the Year", keep), (Tokens{"bag", "of", "the", "year"}));
    EXPECT_TRUE(isStopWord("the"));
    EXPECT_FALSE(isStopWord("set"));
    EXPECT_TRUE(std::is_sorted(stopWords().begin(), stopWords().end()));
}

TEST(Tokenizer, NumbersCanBeDropped) {
    TokenizerOptions o;
    o.keepNumbers = false;
    EXPECT_EQ(tokenize("pack of 12 candles 2x", o), (Tokens{"pack", "candles", "2x"}));
}

TEST(Tokenizer, UnicodeLettersStayInWordsAndUnicodePunctuationSplits) {
    // É (Latin-1) and Ł (Latin Extended-A) lower-case; the em dash, curly quotes, the
    // ideographic full stop and the non-breaking space separate; Cyrillic and CJK are letters.
    EXPECT_EQ(tokenize("CAFÉ\u2014Łódź \u201Cdéjà\u201D\u00A0vu"),
              (Tokens{"café", "łódź", "déjà", "vu"}));
    EXPECT_EQ(tokenize("Чай\u3002茶叶 100g"), (Tokens{"Чай", "茶叶", "100g"}));
    EXPECT_EQ(tokenize("size\u00D7 2\u00BD"), (Tokens{"size", "2"})); // × and ½ separate
    EXPECT_EQ(toLowerCodePoint(U'Ÿ'), U'ÿ');
    EXPECT_EQ(toLowerCodePoint(U'Ā'), U'ā');
    EXPECT_EQ(toLowerCodePoint(U'ā'), U'ā');
}

TEST(Tokenizer, InvalidUtf8IsReadAsLatin1NeverDropped) {
    // "CAF\xC9" is Latin-1 "CAFÉ": the stray byte becomes é instead of vanishing or crashing.
    EXPECT_EQ(tokenize(std::string("CAF\xC9 au lait")), (Tokens{"café", "au", "lait"}));
    EXPECT_EQ(tokenize(std::string("\xE2\x82")), (Tokens{"â"})); // truncated 3-byte sequence
    EXPECT_TRUE(tokenize("").empty());
    EXPECT_TRUE(tokenize(" ,.;!?").empty());
}

TEST(Vocabulary, MinCountMapsRareWordsToOneUnknownIdAndKeepsTheirPosition) {
    const std::vector<Tokens> docs = {{"bag", "red", "bag"}, {"candle", "red"}, {"bag", "zebra"}};
    const auto v = Vocabulary::build(docs, 2);
    ASSERT_EQ(v.size(), 4); // padding, <unk>, bag (3), red (2)
    EXPECT_EQ(v.words()[2], "bag");
    EXPECT_EQ(v.words()[3], "red");
    EXPECT_EQ(v.droppedWordTypes(), 2); // candle, zebra
    const auto e = v.encode({"red", "zebra", "bag", "unseen"});
    EXPECT_EQ(e.ids, (std::vector<WordId>{3, Vocabulary::kUnknown, 2, Vocabulary::kUnknown}));
    EXPECT_EQ(e.tokens, (Tokens{"red", "zebra", "bag", "unseen"}));
    EXPECT_EQ(e.unknownCount, 2);
}

TEST(Vocabulary, RoundTripsThroughItsWordList) {
    const auto v = Vocabulary::build({{"b", "a", "c", "a"}}, 1);
    const auto w = Vocabulary::fromWords(v.words());
    EXPECT_EQ(w.words(), v.words());
    EXPECT_EQ(w.id("a"), v.id("a"));
    EXPECT_EQ(Vocabulary::fromWords({"x", "y"}).size(), 2); // not a vocabulary list: empty
}
