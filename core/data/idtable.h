#pragma once
// Distinct ids in order of first appearance, for one thread's chunk of an import. The ids are
// copied into one byte arena (no allocation per id) and found through an open-addressing table
// of 8-byte slots, so looking up one id per field of 20 million rows stays cheap and cache
// friendly. Internal to core/data.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <sys/mman.h>

namespace reclens::data {

/// Memory for a large lookup table, asked to be backed by 2 MB pages: a million-id table spans
/// 64 MB, and with 4 KB pages nearly every random probe also missed the TLB (perf: the probes
/// were a third of a 22.5 M-row import's CPU time).
template <typename T> struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;
    HugePageAllocator() = default;
    template <typename U> HugePageAllocator(const HugePageAllocator<U>&) {}
    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        const bool huge = bytes >= kHugePage;
        void* p = nullptr;
        if (posix_memalign(&p, huge ? kHugePage : std::max<std::size_t>(alignof(T), 64),
                           huge ? (bytes + kHugePage - 1) / kHugePage * kHugePage : bytes) != 0)
            throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        if (huge) // advice only: without transparent huge pages the table works as before
            madvise(p, (bytes + kHugePage - 1) / kHugePage * kHugePage, MADV_HUGEPAGE);
#endif
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t) {
        std::free(p);
    }
    template <typename U> bool operator==(const HugePageAllocator<U>&) const {
        return true;
    }
};

class IdTable {
public:
    static std::uint64_t hashOf(std::string_view id) { return std::hash<std::string_view>{}(id); }

    /// The index of `id` in order of first appearance, adding it when new.
    std::int32_t intern(std::string_view id) { return intern(id, hashOf(id)); }

    /// intern() with `h` = hashOf(id) already computed (see prefetch()).
    std::int32_t intern(std::string_view id, std::uint64_t h) {
        if ((m_offsets.size() + 1) * 4 > m_slots.size() * 3) // keep the load factor under 3/4
            grow();
        std::size_t s = probe(id, h);
        if (m_slots[s].indexPlusOne != 0)
            return static_cast<std::int32_t>(m_slots[s].indexPlusOne - 1);
        const auto index = static_cast<std::uint32_t>(m_offsets.size());
        Slot& slot = m_slots[s];
        slot.indexPlusOne = index + 1;
        slot.tag = static_cast<std::uint32_t>(h >> 32);
        slot.offsetAndLength = (std::uint64_t{m_bytes.size()} << 24) | shortLength(id);
        if (id.size() <= kInlineBytes)
            std::memcpy(slot.inlineId, id.data(), id.size());
        m_offsets.push_back(m_bytes.size());
        m_bytes.append(id);
        m_hashes.push_back(h);
        return static_cast<std::int32_t>(index);
    }

    /// The index of `id`, or -1 when it was never interned.
    std::int32_t find(std::string_view id) const {
        if (m_slots.empty())
            return -1;
        const std::size_t s = probe(id, std::hash<std::string_view>{}(id));
        return static_cast<std::int32_t>(m_slots[s].indexPlusOne) - 1;
    }

    /// Starts loading the slot where an id of hash `h` is looked for, so that a reader that
    /// hashes a few rows ahead finds it in the cache when it interns them.
    void prefetch(std::uint64_t h) const {
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[h & m_mask]);
    }

    std::size_t size() const { return m_offsets.size(); }
    /// The id at `index`; valid until the next intern().
    std::string_view at(std::size_t index) const {
        const std::size_t end =
            index + 1 < m_offsets.size() ? m_offsets[index + 1] : m_bytes.size();
        return std::string_view(m_bytes).substr(m_offsets[index], end - m_offsets[index]);
    }

private:
    // 32 bytes, aligned so that a slot is one cache-line access: an id of up to 16 bytes (most
    // product and customer codes) is kept in the slot itself, a longer one is compared in the
    // arena. The tag (high hash bits) skips the compare on most misses.
    static constexpr std::size_t kInlineBytes = 16;
    struct alignas(32) Slot {
        std::uint32_t indexPlusOne = 0; // 0 = empty
        std::uint32_t tag = 0;
        std::uint64_t offsetAndLength = 0; // arena offset << 24 | shortLength()
        char inlineId[kInlineBytes] = {};
    };

    static constexpr std::uint64_t kLongId = 0xFFFFFF;
    // The length as kept in a slot; a longer id is compared through at().
    static std::uint64_t shortLength(std::string_view id) {
        return std::min<std::uint64_t>(id.size(), kLongId);
    }

    // The slot holding `id`, or the empty slot where it would go.
    std::size_t probe(std::string_view id, std::uint64_t h) const {
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t s = h & m_mask;; s = (s + 1) & m_mask) {
            const Slot& slot = m_slots[s];
            if (slot.indexPlusOne == 0)
                return s;
            if (slot.tag != tag || (slot.offsetAndLength & kLongId) != shortLength(id))
                continue;
            const std::string_view stored =
                id.size() <= kInlineBytes ? std::string_view(slot.inlineId, id.size())
                : id.size() < kLongId
                    ? std::string_view(m_bytes.data() + (slot.offsetAndLength >> 24), id.size())
                    : at(slot.indexPlusOne - 1);
            if (stored == id)
                return s;
        }
    }

    void grow() {
        const std::size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
        SlotVector old(capacity);
        old.swap(m_slots);
        m_mask = capacity - 1;
        for (const Slot& slot : old) {
            if (slot.indexPlusOne == 0)
                continue;
            std::size_t s = m_hashes[slot.indexPlusOne - 1] & m_mask;
            while (m_slots[s].indexPlusOne != 0)
                s = (s + 1) & m_mask;
            m_slots[s] = slot;
        }
    }

    std::string m_bytes;
    std::vector<std::size_t> m_offsets;
    std::vector<std::uint64_t> m_hashes;
    using SlotVector = std::vector<Slot, HugePageAllocator<Slot>>;
    SlotVector m_slots;
    std::size_t m_mask = 0;
};

} // namespace reclens::data
