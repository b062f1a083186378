#include "data/synthcatalog.h"

#include <algorithm>
#include <set>

namespace reclens::data {

std::uint64_t SynthRng::next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int SynthRng::below(int n) {
    return static_cast<int>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
}

double SynthRng::unit() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

int SynthRng::weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights)
        total += w;
    double r = unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        r -= weights[i];
        if (r < 0)
            return static_cast<int>(i);
    }
    return static_cast<int>(weights.size()) - 1;
}

int SynthRng::weightedCumulative(const std::vector<double>& cumulative) {
    const double r = unit() * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
    return it == cumulative.end() ? static_cast<int>(cumulative.size()) - 1
                                  : static_cast<int>(it - cumulative.begin());
}

namespace {

struct Department {
    const char* category;
    std::vector<const char*> products; // noun
    std::vector<int> basePrices;       // cents, aligned with products
    std::vector<const char*> materials;
    std::vector<const char*> brands;
};

const std::vector<Department>& departments() {
    static const std::vector<Department> list = {
        {"Kitchen > Mugs & Cups",
         {"Mug", "Espresso Cup", "Travel Mug", "Teacup"},
         {650, 550, 1450, 750},
         {"Ceramic", "Enamel", "Stoneware", "Porcelain"},
         {"Hearth & Co", "Kettle Bros"}},
        {"Kitchen > Cookware",
         {"Frying Pan", "Saucepan", "Casserole Dish", "Roasting Tin"},
         {2400, 2100, 3900, 1600},
         {"Cast Iron", "Non-Stick", "Steel", "Copper"},
         {"Kettle Bros", "Copperfield"}},
        {"Kitchen > Utensils",
         {"Spatula", "Whisk", "Chef's Knife", "Cutting Board"},
         {450, 550, 2900, 1800},
         {"Bamboo", "Silicone", "Steel", "Olive Wood"},
         {"Hearth & Co", "Copperfield"}},
        {"Home > Lighting",
         {"Table Lamp", "Candle Holder", "Lantern", "String Lights"},
         {3400, 850, 1900, 1250},
         {"Glass", "Brass", "Rattan", "Metal"},
         {"Nordlys", "Brightwell"}},
        {"Home > Textiles",
         {"Cushion", "Throw Blanket", "Tea Towel", "Table Runner"},
         {1600, 3200, 500, 1400},
         {"Cotton", "Linen", "Wool", "Velvet"},
         {"Maple Lane", "Nordlys"}},
        {"Home > Storage",
         {"Storage Jar", "Basket", "Bread Bin", "Shelf Box"},
         {900, 1700, 2600, 1300},
         {"Glass", "Seagrass", "Enamel", "Wooden"},
         {"Maple Lane", "Oak & Ember"}},
        {"Garden > Tools",
         {"Trowel", "Watering Can", "Pruning Shears", "Kneeler"},
         {950, 1900, 1700, 1100},
         {"Steel", "Galvanised", "Ash Handle", "Recycled"},
         {"Verdant", "Oak & Ember"}},
        {"Garden > Decor",
         {"Plant Pot", "Bird Feeder", "Wind Chime", "Solar Light"},
         {800, 1500, 1200, 1000},
         {"Terracotta", "Zinc", "Bamboo", "Glass"},
         {"Verdant", "Saltmarsh"}},
        {"Stationery > Paper",
         {"Notebook", "Greeting Card", "Wrapping Paper", "Sketchbook"},
         {700, 300, 400, 1100},
         {"Recycled", "Kraft", "Linen-Bound", "Dotted"},
         {"Papercraft", "Little Owl"}},
        {"Stationery > Desk",
         {"Pen Set", "Desk Organiser", "Photo Frame", "Wall Calendar"},
         {1200, 1500, 900, 1000},
         {"Brass", "Walnut", "Acrylic", "Cork"},
         {"Papercraft", "Brightwell"}},
        {"Toys > Games",
         {"Jigsaw Puzzle", "Card Game", "Board Game", "Spinning Top"},
         {1400, 900, 2500, 500},
         {"Wooden", "Vintage", "Travel", "Family"},
         {"Little Owl", "Tidewater"}},
        {"Bath > Accessories",
         {"Soap Dish", "Bath Towel", "Toothbrush Holder", "Bath Mat"},
         {600, 1800, 700, 2000},
         {"Marble", "Cotton", "Ceramic", "Teak"},
         {"Saltmarsh", "Tidewater"}},
    };
    return list;
}

const std::vector<const char*>& colours() {
    static const std::vector<const char*> list = {"Blue",  "Red",     "Green",    "White", "Black",
                                                  "Pink",  "Mustard", "Grey",     "Navy",  "Sage",
                                                  "Ivory", "Teal",    "Charcoal", "Coral"};
    return list;
}

} // namespace

std::vector<SynthItem> makeSynthCatalog(int count, SynthRng& rng, int& categoryCount) {
    const auto& deps = departments();
    categoryCount = static_cast<int>(deps.size());
    std::vector<SynthItem> items;
    std::set<std::string> titles;
    for (int i = 0; i < count; ++i) {
        const int d = i % categoryCount; // round robin keeps departments balanced
        const Department& dep = deps[static_cast<std::size_t>(d)];
        SynthItem item;
        for (int attempt = 0;; ++attempt) {
            const int p = rng.below(static_cast<int>(dep.products.size()));
            const char* colour =
                colours()[static_cast<std::size_t>(rng.below(static_cast<int>(colours().size())))];
            const char* material = dep.materials[static_cast<std::size_t>(
                rng.below(static_cast<int>(dep.materials.size())))];
            std::string title = std::string(colour) + " " + material + " " +
                                dep.products[static_cast<std::size_t>(p)];
            int cents = dep.basePrices[static_cast<std::size_t>(p)];
            // Some multipacks: their titles carry a comma, which exercises CSV quoting.
            if (rng.below(10) == 0) {
                const int n = 2 + rng.below(3);
                title += ", Set of " + std::to_string(n);
                cents = cents * n * 85 / 100;
            }
            // Past ~10,000 products the combinations run out: number the title after a few
            // tries instead of a hundred (catalogs up to 8,000 are drawn exactly as before).
            if (attempt > (titles.size() < 8000 ? 100 : 3))
                title += " No. " + std::to_string(i + 1);
            if (!titles.insert(title).second)
                continue;
            item.title = title;
            // +-20 % around the base price, ending in .49 or .99 like a shop would.
            cents = cents * (80 + rng.below(41)) / 100;
            cents = std::max(99, (cents / 50) * 50 + 49 + (rng.below(2) ? 50 : 0));
            item.priceCents = cents;
            break;
        }
        item.category = dep.category;
        item.categoryIndex = d;
        item.brand =
            dep.brands[static_cast<std::size_t>(rng.below(static_cast<int>(dep.brands.size())))];
        item.id = "SKU" + std::to_string(1001 + i);
        items.push_back(std::move(item));
    }
    return items;
}

} // namespace reclens::data
