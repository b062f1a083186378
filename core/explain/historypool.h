#pragma once
// Internal: the distinct histories a method needs, collected first so they are scored in one
// batched model call. Shared by the faithfulness curves and the LXR curves, which overlap (the
// deletion curve's histories are POS@k's), so one pool scores each history once.

#include "model/sequencemodel.h"

#include <map>
#include <vector>

namespace reclens {

class HistoryPool {
public:
    /// Index of `h` in list(); a history already added returns its first index.
    size_t add(History h) {
        auto [it, inserted] = m_index.try_emplace(std::move(h), m_list.size());
        if (inserted)
            m_list.push_back(it->first);
        return it->second;
    }
    const std::vector<History>& list() const { return m_list; }

private:
    std::map<History, size_t> m_index;
    std::vector<History> m_list;
};

} // namespace reclens
