// Attention of the search model per layer and head over [purchases; query words; SEARCH]
// (SearchModel::attention, shown through the engine's attention method by SearchPlayerModel):
// rows are probabilities over the visible tokens, the causal mask holds, the engine's maps are
// those of a fresh pass of a request built here directly, and the JSON carries them with a
// label per column.

#include "data/importers.h"
#include "data/synthsearch.h"
#include "search/searchexplain.h"
#include "search/searchexplainjson.h"
#include "search/searchmodel.h"
#include "testdata.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace reclens;
using namespace reclens::search;

namespace {

struct Fixture {
    Dataset ds;
    std::optional<SearchModel> model;
};

/// A small planted shop and an untrained 2-layer, 2-head search model (attention needs no
/// training to be checked; seeded, so the weights differ across heads and tokens).
const Fixture& fixture() {
    static const Fixture f = [] {
        Fixture out;
        const auto dir = test::scratchDir("search_attention");
        SearchSynthConfig cfg;
        cfg.users = 60;
        cfg.fillerItems = 60;
        cfg.minLength = 6;
        cfg.maxLength = 8;
        EXPECT_TRUE(writeSearchShop(dir, cfg).ok());
        ImportOptions o;
        o.format = DataFormat::Csv;
        auto ds = loadDataset(dir, o);
        EXPECT_TRUE(ds.ok()) << ds.error().message;
        ModelConfig mc;
        mc.dim = 16;
        mc.heads = 2;
        mc.layers = 2;
        mc.maxLength = 8;
        mc.dropout = 0.0f;
        auto model = SearchModel::create(*ds, mc, {}, 3);
        EXPECT_TRUE(model.ok());
        out.ds = std::move(*ds);
        out.model.emplace(std::move(*model));
        return out;
    }();
    return f;
}

History lastPurchases(const Dataset& ds, int u, std::size_t n) {
    const auto& s = ds.users[static_cast<std::size_t>(u)].sequence;
    return {s.end() - static_cast<std::ptrdiff_t>(std::min(n, s.size())), s.end()};
}

} // namespace

TEST(SearchAttention, RowsAreCausalProbabilitiesOverPurchasesWordsAndTheSearchToken) {
    const auto& f = fixture();
    const SearchModel& m = *f.model;
    const History history = lastPurchases(f.ds, 4, 5);
    const auto words = m.encodeQuery("lamp cheap").ids;
    ASSERT_EQ(words.size(), 2u);
    const AttentionMaps a = m.attention({history, words});
    ASSERT_EQ(a.layers, 2);
    ASSERT_EQ(a.heads, 2);
    ASSERT_EQ(a.length, 5 + 2 + 1); // purchases, words, SEARCH
    ASSERT_EQ(a.scoringTokens, 1);
    ASSERT_EQ(a.weights.size(), static_cast<std::size_t>(2 * 2 * 8 * 8));
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h)
            for (int q = 0; q < a.length; ++q) {
                double sum = 0;
                for (int k = 0; k < a.length; ++k) {
                    const float w = a.at(l, h, q, k);
                    EXPECT_GE(w, 0.0f);
                    if (k > q) {
                        EXPECT_EQ(w, 0.0f) << "layer " << l << " head " << h << " row " << q
                                           << " sees the later token " << k;
                    }
                    sum += w;
                }
                EXPECT_NEAR(sum, 1.0, 1e-5) << "layer " << l << " head " << h << " row " << q;
            }

    // Causality seen from outside: another query changes no purchase row, and the SEARCH row
    // (which sees the words) does change.
    const auto other = m.encodeQuery("kettle gift").ids;
    ASSERT_EQ(other.size(), 2u);
    const AttentionMaps b = m.attention({history, other});
    ASSERT_EQ(b.length, a.length);
    double searchRowChange = 0;
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h)
            for (int k = 0; k < a.length; ++k) {
                for (int q = 0; q < 5; ++q)
                    EXPECT_NEAR(a.at(l, h, q, k), b.at(l, h, q, k), 1e-6f);
                searchRowChange += std::abs(a.at(l, h, 7, k) - b.at(l, h, 7, k));
            }
    EXPECT_GT(searchRowChange, 1e-4);

    // No query: purchases then SEARCH only.
    EXPECT_EQ(m.attention({history, {}}).length, 6);
}

TEST(SearchAttention, ExplanationCarriesTheMapsOfAFreshPassAndLabelsThemInJson) {
    const auto& f = fixture();
    const SearchModel& m = *f.model;
    const History history = lastPurchases(f.ds, 7, 6);
    const std::string query = "lamp cheap";
    ExplainConfig c;
    c.k = 3;
    c.threads = 1;
    c.methods = ExplainMethods::none();
    c.methods.attention = true;
    c.methods.loo = true;
    const auto e = explainSearchResult(m, f.ds, history, query, -1, c);
    ASSERT_TRUE(e.bundle.attention);
    EXPECT_FALSE(e.bundle.unavailable.count("attention"));
    const AttentionExplanation& att = *e.bundle.attention;
    const AttentionMaps fresh = m.attention({history, m.encodeQuery(query).ids});
    ASSERT_EQ(att.length, fresh.length);
    ASSERT_EQ(att.length, 6 + 2 + 1);
    ASSERT_EQ(att.maps.weights.size(), fresh.weights.size());
    for (std::size_t i = 0; i < fresh.weights.size(); ++i)
        EXPECT_NEAR(att.maps.weights[i], fresh.weights[i], 1e-6f) << "weight " << i;
    // The rows the engine reports are the SEARCH token's, the position that scores.
    ASSERT_EQ(att.lastRow.size(), 4u);
    for (int l = 0; l < 2; ++l)
        for (int h = 0; h < 2; ++h)
            for (int k = 0; k < att.length; ++k)
                EXPECT_EQ(
                    att.lastRow[static_cast<std::size_t>(l * 2 + h)][static_cast<std::size_t>(k)],
                    fresh.at(l, h, att.length - 1, k));
    // The rollout is an attribution over the players only (the SEARCH token is none).
    ASSERT_EQ(e.bundle.attribution("attention_rollout")->values.size(), 8u);

    const auto j = searchExplanationToJson(e, f.ds, f.ds.users[7].id);
    ASSERT_TRUE(j["attention"].is_object());
    EXPECT_EQ(j["attention"]["length"], 9);
    EXPECT_EQ(j["attention"]["last_row"].size(), 4u);
    EXPECT_EQ(j["attention"]["last_row"][3]["last_row"].size(), 9u);
    EXPECT_EQ(j["attention"]["last_row"][3]["last_row"][2].get<float>(), fresh.at(1, 1, 8, 2));
    const auto& tokens = j["attention_tokens"];
    ASSERT_EQ(tokens.size(), 9u);
    for (int t = 0; t < 6; ++t) {
        EXPECT_EQ(tokens[static_cast<std::size_t>(t)]["kind"], "purchase");
        EXPECT_EQ(tokens[static_cast<std::size_t>(t)]["item"],
                  f.ds.items[static_cast<std::size_t>(history[static_cast<std::size_t>(t)])].id);
    }
    EXPECT_EQ(tokens[6]["kind"], "word");
    EXPECT_EQ(tokens[6]["term"], "lamp");
    EXPECT_EQ(tokens[7]["term"], "cheap");
    EXPECT_EQ(tokens[8]["kind"], "search");
    EXPECT_EQ(j["query_attributions"]["attention_rollout"].size(), 2u);
    EXPECT_EQ(j["attributions"]["attention_rollout"].size(), 6u);
}
