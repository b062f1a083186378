#pragma once
// Collects (user, item, time) events while an importer reads its file, then turns them into
// chronological sequences. Internal to core/data.

#include "common/expected.h"
#include "data/dataset.h"
#include "data/idtable.h"
#include "data/limits.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reclens::data {

class DatasetBuilder {
public:
    /// Index of the item with this id, adding it (with only its id) when new.
    ItemIndex item(std::string_view id);
    /// Index of an existing item or -1.
    ItemIndex findItem(std::string_view id) const;
    UserIndex user(std::string_view id);
    std::size_t userCount() const { return m_ds.users.size(); }

    /// Records one interaction; events of a user with equal times keep their insertion order.
    /// Threads may add events of different users at once, but only once no user() is running;
    /// user() and item() may run at the same time as each other (separate tables).
    void add(UserIndex user, ItemIndex item, std::int64_t time);

    std::vector<Item>& items() { return m_ds.items; }

    /// Sorts every user's events by time (stable), keeps the `maxHistory` most recent ones
    /// (counting the rest in cleanup.historyTruncated), applies leave-one-out and finalize();
    /// drops users without events. Up to `threads` threads share the users (and finalize());
    /// the Dataset is the same for every thread count.
    Dataset build(const std::string& name, const std::string& sourcePath, bool keepTimes,
                  std::int64_t maxHistory = DataLimits{}.maxHistory, int threads = 1);

private:
    struct Event {
        std::int64_t time;
        ItemIndex item;
    };
    Dataset m_ds;
    // Ids in index order (flat tables: a 1 M-product import looks up ids ~20 M times).
    IdTable m_items;
    IdTable m_users;
    std::vector<std::vector<Event>> m_events;
};

} // namespace reclens::data
