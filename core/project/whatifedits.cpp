#include "project/whatifedits.h"

#include "explain/explainconfigjson.h"

#include <algorithm>

namespace reclens {

namespace {

std::string itemId(const Dataset& ds, ItemIndex i) {
    return i >= 0 && static_cast<std::size_t>(i) < ds.items.size()
               ? ds.items[static_cast<std::size_t>(i)].id
               : std::string();
}

} // namespace

std::vector<WhatIfEdit> toWhatIfEdits(const Dataset& ds, const std::string& customerId,
                                      const std::vector<HistoryEdit>& edits) {
    std::vector<WhatIfEdit> out;
    out.reserve(edits.size());
    for (const HistoryEdit& e : edits) {
        const bool hasItem =
            e.kind == HistoryEdit::Kind::Insert || e.kind == HistoryEdit::Kind::Replace;
        out.push_back({customerId, historyEditKindName(e.kind), e.position,
                       hasItem ? itemId(ds, e.item) : std::string(),
                       e.kind == HistoryEdit::Kind::Move ? e.toPosition : -1});
    }
    return out;
}

History applyWhatIfEdits(const Dataset& ds, const History& history,
                         const std::vector<WhatIfEdit>& edits,
                         std::vector<std::string>* missingItems) {
    History h = history;
    for (const WhatIfEdit& e : edits) {
        const int size = static_cast<int>(h.size());
        if (e.kind == "insert" || e.kind == "replace") {
            const ItemIndex item = ds.findItem(e.item);
            if (item < 0) {
                if (missingItems)
                    missingItems->push_back(e.item);
                continue;
            }
            if (e.kind == "insert") {
                const int at = std::clamp(e.position, 0, size);
                h.insert(h.begin() + at, item);
            } else if (e.position >= 0 && e.position < size) {
                h[static_cast<std::size_t>(e.position)] = item;
            }
        } else if (e.kind == "remove") {
            if (e.position >= 0 && e.position < size)
                h.erase(h.begin() + e.position);
        } else if (e.kind == "move") {
            if (e.position < 0 || e.position >= size)
                continue;
            const ItemIndex item = h[static_cast<std::size_t>(e.position)];
            h.erase(h.begin() + e.position);
            const int to = std::clamp(e.toPosition, 0, size - 1);
            h.insert(h.begin() + to, item);
        }
    }
    return h;
}

std::vector<WhatIfEdit> whatIfEditsOf(const Project& project, const std::string& customerId) {
    std::vector<WhatIfEdit> out;
    for (const WhatIfEdit& e : project.whatIfEdits)
        if (e.customer == customerId)
            out.push_back(e);
    return out;
}

bool replaceWhatIfEdits(Project& project, const std::string& customerId,
                        std::vector<WhatIfEdit> edits) {
    for (WhatIfEdit& e : edits)
        e.customer = customerId; // they are this customer's, whatever they said
    if (whatIfEditsOf(project, customerId) == edits)
        return false;
    auto& all = project.whatIfEdits;
    all.erase(std::remove_if(all.begin(), all.end(),
                             [&](const WhatIfEdit& e) { return e.customer == customerId; }),
              all.end());
    all.insert(all.end(), edits.begin(), edits.end());
    return true;
}

} // namespace reclens
