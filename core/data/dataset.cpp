#include "data/dataset.h"
#include "common/numberformat.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace reclens {

namespace {

// FNV-1a 64: tiny, stable across platforms and good enough to tell datasets apart (it guards
// against opening a checkpoint with the wrong data, not against an adversary).
struct Fnv1a64 {
    std::uint64_t h = 1469598103934665603ULL;
    void bytes(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= p[i];
            h *= 1099511628211ULL;
        }
    }
    void str(const std::string& s) {
        u64(s.size());
        bytes(s.data(), s.size());
    }
    void u64(std::uint64_t v) {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i)
            b[i] = static_cast<unsigned char>(v >> (8 * i)); // little-endian on every platform
        bytes(b, 8);
    }
    void i32(std::int32_t v) { u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(v))); }
};

std::string fingerprintOf(const std::vector<Item>& items, const std::vector<User>& users) {
    Fnv1a64 h;
    h.u64(items.size());
    for (const auto& item : items)
        h.str(item.id);
    h.u64(users.size());
    for (const auto& user : users) {
        h.str(user.id);
        h.u64(user.sequence.size());
        for (ItemIndex i : user.sequence)
            h.i32(i);
        h.i32(user.validPos);
        h.i32(user.testPos);
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h.h));
    return buf;
}

} // namespace

std::int64_t Dataset::interactionCount() const {
    std::int64_t n = 0;
    for (const auto& u : users)
        n += static_cast<std::int64_t>(u.sequence.size());
    return n;
}

ItemIndex Dataset::findItem(const std::string& id) const {
    auto it = m_itemById.find(id);
    return it == m_itemById.end() ? -1 : it->second;
}

UserIndex Dataset::findUser(const std::string& id) const {
    auto it = m_userById.find(id);
    return it == m_userById.end() ? -1 : it->second;
}

std::vector<ItemIndex> Dataset::trainingSequence(UserIndex u) const {
    const User& user = users.at(static_cast<std::size_t>(u));
    // Stop before the first held-out target; a user with a test target but no validation target
    // (two items) must not train on its test target either.
    std::int32_t end = static_cast<std::int32_t>(user.sequence.size());
    if (user.validPos >= 0)
        end = user.validPos;
    else if (user.testPos >= 0)
        end = user.testPos;
    return {user.sequence.begin(), user.sequence.begin() + end};
}

std::vector<ItemIndex> Dataset::historyFor(UserIndex u, EvalSplit split) const {
    const User& user = users.at(static_cast<std::size_t>(u));
    std::int32_t pos = split == EvalSplit::Valid ? user.validPos : user.testPos;
    if (pos < 0)
        return {};
    return {user.sequence.begin(), user.sequence.begin() + pos};
}

ItemIndex Dataset::targetFor(UserIndex u, EvalSplit split) const {
    const User& user = users.at(static_cast<std::size_t>(u));
    std::int32_t pos = split == EvalSplit::Valid ? user.validPos : user.testPos;
    return pos < 0 ? -1 : user.sequence[static_cast<std::size_t>(pos)];
}

void Dataset::finalize() {
    auto itemTable = [this] {
        m_itemById.clear();
        m_itemById.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i)
            m_itemById.emplace(items[i].id, static_cast<ItemIndex>(i));
    };
    auto userTable = [this] {
        m_userById.clear();
        m_userById.reserve(users.size());
        for (std::size_t i = 0; i < users.size(); ++i)
            m_userById.emplace(users[i].id, static_cast<UserIndex>(i));
    };
    auto vocabulariesAndFingerprint = [this] {
        // Category and brand vocabularies in order of first appearance in the catalog.
        categories.clear();
        brands.clear();
        std::unordered_map<std::string, std::int32_t> catIds, brandIds;
        for (auto& item : items) {
            item.categoryId = -1;
            item.brandId = -1;
            if (!item.category.empty()) {
                auto [it, added] =
                    catIds.emplace(item.category, static_cast<int>(categories.size()));
                if (added)
                    categories.push_back(item.category);
                item.categoryId = it->second;
            }
            if (!item.brand.empty()) {
                auto [it, added] = brandIds.emplace(item.brand, static_cast<int>(brands.size()));
                if (added)
                    brands.push_back(item.brand);
                item.brandId = it->second;
            }
        }
        fingerprint = fingerprintOf(items, users);
    };
    // The three parts touch disjoint members, so a large import (a million customers and
    // products: ~1 s on one core) builds them side by side. Below ~100 k ids a thread costs
    // more than it saves.
    if (std::thread::hardware_concurrency() > 1 && items.size() + users.size() > 100'000) {
        std::thread itemThread(itemTable);
        std::thread userThread(userTable);
        vocabulariesAndFingerprint();
        itemThread.join();
        userThread.join();
        return;
    }
    itemTable();
    userTable();
    vocabulariesAndFingerprint();
}

void applyLeaveOneOutSplit(Dataset& ds) {
    for (auto& u : ds.users) {
        const auto n = static_cast<std::int32_t>(u.sequence.size());
        u.testPos = n >= 2 ? n - 1 : -1;
        u.validPos = n >= 3 ? n - 2 : -1;
    }
}

void applyKCore(Dataset& ds, int k) {
    if (k < 1)
        return;
    std::vector<bool> itemAlive(ds.items.size(), true);
    std::vector<bool> userAlive(ds.users.size(), true);
    // Each pass counts only surviving interactions; stop when a pass removes nothing.
    for (bool changed = true; changed;) {
        changed = false;
        std::vector<std::int64_t> itemCount(ds.items.size(), 0);
        for (std::size_t u = 0; u < ds.users.size(); ++u) {
            if (!userAlive[u])
                continue;
            std::int64_t len = 0;
            for (ItemIndex i : ds.users[u].sequence)
                if (itemAlive[static_cast<std::size_t>(i)])
                    ++len;
            if (len < k) {
                userAlive[u] = false;
                changed = true;
                continue;
            }
            for (ItemIndex i : ds.users[u].sequence)
                if (itemAlive[static_cast<std::size_t>(i)])
                    ++itemCount[static_cast<std::size_t>(i)];
        }
        for (std::size_t i = 0; i < ds.items.size(); ++i)
            if (itemAlive[i] && itemCount[i] < k) {
                itemAlive[i] = false;
                changed = true;
            }
    }

    std::vector<ItemIndex> remap(ds.items.size(), -1);
    std::vector<Item> items;
    for (std::size_t i = 0; i < ds.items.size(); ++i)
        if (itemAlive[i]) {
            remap[i] = static_cast<ItemIndex>(items.size());
            items.push_back(std::move(ds.items[i]));
        }
    std::vector<User> users;
    for (std::size_t u = 0; u < ds.users.size(); ++u) {
        if (!userAlive[u])
            continue;
        User& src = ds.users[u];
        User dst;
        dst.id = std::move(src.id);
        const bool hasTimes = src.times.size() == src.sequence.size();
        for (std::size_t p = 0; p < src.sequence.size(); ++p) {
            ItemIndex m = remap[static_cast<std::size_t>(src.sequence[p])];
            if (m < 0)
                continue;
            dst.sequence.push_back(m);
            if (hasTimes)
                dst.times.push_back(src.times[p]);
        }
        users.push_back(std::move(dst));
    }
    const auto droppedUsers = ds.users.size() - users.size();
    const auto droppedItems = ds.items.size() - items.size();
    ds.items = std::move(items);
    ds.users = std::move(users);
    if (k == 1)
        ds.cleanup.notes.push_back(
            "k-core 1 left out " + groupedInt(static_cast<long long>(droppedItems)) +
            " products nobody bought and " + groupedInt(static_cast<long long>(droppedUsers)) +
            " customers without purchases");
    else
        ds.cleanup.notes.push_back(std::to_string(k) + "-core filter removed " +
                                   groupedInt(static_cast<long long>(droppedUsers)) +
                                   " users and " +
                                   groupedInt(static_cast<long long>(droppedItems)) + " items");
    applyLeaveOneOutSplit(ds);
    ds.finalize();
}

} // namespace reclens
