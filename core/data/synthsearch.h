#pragma once
// The planted search shop (reclens-cli synth --queries): a synthetic shop where a search ends in
// one of several products that match the query equally well, and an earlier TRIGGER purchase
// decides which. Lexical matching alone (BM25) cannot separate the matching products; a
// personalised search model can, and an explanation of its result should name the trigger as
// the decisive purchase and the product-type word as the decisive query word.

#include "common/expected.h"

#include <cstdint>
#include <string>

namespace reclens {

struct SearchSynthConfig {
    int users = 1200;      // customers
    int fillerItems = 150; // ordinary products (synthetic catalog); triggers are taken from them
    int groups = 6;        // product types people search for ("lamp", "kettle", ...), at most 12
    int variants = 3;      // products per type, all matching the type's query equally
    int minLength = 6;     // purchases per customer
    int maxLength = 16;
    int minSearches = 2;     // planted searches per customer (the last purchase and earlier ones);
    int maxSearches = 3;     // fewer when the customer is too short or there are fewer types
    std::uint64_t seed = 11; // same seed => byte-identical files
};

/// Planting: every customer buys fillers (category loyalty + popularity, no repeats) and makes
/// minSearches-maxSearches (default 2-3) searches for product types (the last purchase and
/// earlier ones). Each search for type g ends in variant v of g, where v is fixed per customer
/// and type by the customer's trigger purchase for g (trigger (g, v), a product bought 1-4
/// positions before the search and never bought otherwise). The query is the type word plus, half
/// the time, a generic word ("cheap", "gift", ...) that no title holds. Every other purchase gets
/// its category path as query (the make-queries protocol), so the log covers every purchase. The
/// LAST purchase of every customer is such a planted search.
///
/// Writes interactions.csv, catalog.csv, queries.csv (user,query,item,timestamp) and
/// search_ground_truth.json (types, variants, triggers, and per customer the final search's
/// query, decisive word, target and trigger with its position) into `outDir`, atomically.
Status writeSearchShop(const std::string& outDir, const SearchSynthConfig& config);

} // namespace reclens
