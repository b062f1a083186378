#pragma once
// A shop built in memory for the scale benchmarks that need no trained model and no file:
// `items` products, with `features` in up to 1,000 categories and 5,000 brands (as synthetic
// shops have, so the default SASRec scores candidates with item + category + brand
// embeddings), and `customers` with minLength-maxLength uniformly random purchases each, the
// last two held out for validation and test.

#include "data/dataset.h"

#include <algorithm>
#include <random>
#include <string>

namespace reclens::bench {

struct ShopShape {
    int minLength = 5, maxLength = 50; // purchases per customer
    bool features = true;              // categories and brands
};

inline Dataset inMemoryShop(int items, int customers, ShopShape shape = {}) {
    Dataset ds;
    ds.name = "in-memory";
    const int categories = shape.features ? std::min(items, 1000) : 0;
    const int brands = shape.features ? std::min(items, 5000) : 0;
    for (int c = 0; c < categories; ++c)
        ds.categories.push_back("C" + std::to_string(c));
    for (int b = 0; b < brands; ++b)
        ds.brands.push_back("B" + std::to_string(b));
    ds.items.resize(static_cast<size_t>(items));
    for (int i = 0; i < items; ++i) {
        Item& it = ds.items[static_cast<size_t>(i)];
        it.id = "P" + std::to_string(i);
        if (!shape.features)
            continue;
        it.categoryId = i % categories;
        it.brandId = (i * 7) % brands;
        it.category = ds.categories[static_cast<size_t>(it.categoryId)];
        it.brand = ds.brands[static_cast<size_t>(it.brandId)];
    }
    std::mt19937 rng(16);
    std::uniform_int_distribution<int> item(0, items - 1), len(shape.minLength, shape.maxLength);
    ds.users.resize(static_cast<size_t>(customers));
    for (int u = 0; u < customers; ++u) {
        User& user = ds.users[static_cast<size_t>(u)];
        user.id = "U" + std::to_string(u);
        const int n = len(rng);
        for (int k = 0; k < n; ++k)
            user.sequence.push_back(item(rng));
        user.testPos = n - 1;
        user.validPos = n - 2;
    }
    return ds;
}

} // namespace reclens::bench
