#include "test_model_fixtures.h"

#include <random>

namespace reclens::test {

namespace {

void finish(Dataset& ds, int items, std::uint64_t seed, const std::string& name) {
    ds.name = name;
    ds.categories = {"tools", "lab", "safety"};
    ds.brands = {"acme", "globex"};
    for (int i = 0; i < items; ++i) {
        Item it;
        it.id = "I" + std::to_string(i);
        it.title = "Item " + std::to_string(i);
        it.categoryId = i % 3;
        it.category = ds.categories[static_cast<size_t>(it.categoryId)];
        it.brandId = (i % 5 == 0) ? -1 : i % 2;
        it.brand = it.brandId < 0 ? "" : ds.brands[static_cast<size_t>(it.brandId)];
        ds.items.push_back(it);
    }
    for (auto& u : ds.users) {
        const auto n = static_cast<std::int32_t>(u.sequence.size());
        u.testPos = n >= 2 ? n - 1 : -1;
        u.validPos = n >= 3 ? n - 2 : -1;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx",
                  static_cast<unsigned long long>(seed * 2654435761ull + 17));
    ds.fingerprint = buf;
}

} // namespace

Dataset randomDataset(int items, int users, std::uint64_t seed, const std::string& name) {
    Dataset ds;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> len(4, 12), item(0, items - 1);
    for (int u = 0; u < users; ++u) {
        User user;
        user.id = "U" + std::to_string(u);
        const int n = len(rng);
        for (int k = 0; k < n; ++k)
            user.sequence.push_back(item(rng));
        ds.users.push_back(user);
    }
    finish(ds, items, seed, name);
    return ds;
}

Dataset pairRuleDataset(int items, int users, std::uint64_t seed) {
    Dataset ds;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> len(4, 10), start(0, items - 1);
    for (int u = 0; u < users; ++u) {
        User user;
        user.id = "U" + std::to_string(u);
        const int n = len(rng);
        int item = start(rng);
        for (int k = 0; k < n; ++k, item = (item + 1) % items)
            user.sequence.push_back(item);
        ds.users.push_back(user);
    }
    finish(ds, items, seed, "successor");
    return ds;
}

} // namespace reclens::test
