#include "data/datasetbuilder.h"

#include "common/numberformat.h"
#include "data/chunkedtext.h"
#include "data/csvreader.h"
#include "data/filesource.h"
#include "data/textinput.h"

#include <algorithm>
#include <cmath>

namespace reclens::data {

// An IdTable numbers ids in order of first appearance, as items and users are numbered.
ItemIndex DatasetBuilder::item(std::string_view id) {
    const ItemIndex index = m_items.intern(id);
    if (static_cast<std::size_t>(index) == m_ds.items.size()) {
        Item item;
        item.id = std::string(id);
        m_ds.items.push_back(std::move(item));
    }
    return index;
}

ItemIndex DatasetBuilder::findItem(std::string_view id) const {
    return m_items.find(id);
}

UserIndex DatasetBuilder::user(std::string_view id) {
    const UserIndex index = m_users.intern(id);
    if (static_cast<std::size_t>(index) == m_ds.users.size()) {
        User user;
        user.id = std::string(id);
        m_ds.users.push_back(std::move(user));
        m_events.emplace_back();
    }
    return index;
}

void DatasetBuilder::add(UserIndex user, ItemIndex item, std::int64_t time) {
    m_events[static_cast<std::size_t>(user)].push_back({time, item});
}

Dataset DatasetBuilder::build(const std::string& name, const std::string& sourcePath,
                              bool keepTimes, std::int64_t maxHistory, int threads) {
    // Where each user with events lands (users without any are dropped).
    std::vector<std::int32_t> slot(m_ds.users.size(), -1);
    std::int32_t kept = 0;
    for (std::size_t u = 0; u < m_ds.users.size(); ++u)
        if (!m_events[u].empty())
            slot[u] = kept++;
    std::vector<User> users(static_cast<std::size_t>(kept));
    // Users are independent: blocks of them are sorted on the threads, each block counting its
    // own truncations, summed in block order afterwards.
    constexpr std::size_t kBlock = 8192;
    const std::size_t blocks = (m_ds.users.size() + kBlock - 1) / kBlock;
    std::vector<std::int64_t> truncated(blocks, 0);
    std::vector<std::int64_t> capped(blocks, 0);
    forEachInParallel(blocks, threads, [&](std::size_t block) {
        const std::size_t end = std::min(m_ds.users.size(), (block + 1) * kBlock);
        for (std::size_t u = block * kBlock; u < end; ++u) {
            auto& events = m_events[u];
            if (events.empty())
                continue;
            auto earlier = [](const Event& a, const Event& b) {
                return a.time < b.time;
            };
            if (!std::is_sorted(events.begin(), events.end(), earlier)) // most exports are
                std::stable_sort(events.begin(), events.end(), earlier);
            std::size_t first = 0;
            if (maxHistory > 0 && events.size() > static_cast<std::size_t>(maxHistory)) {
                first = events.size() - static_cast<std::size_t>(maxHistory);
                truncated[block] += static_cast<std::int64_t>(first);
                ++capped[block];
            }
            User& user = users[static_cast<std::size_t>(slot[u])];
            user.id = std::move(m_ds.users[u].id);
            user.sequence.reserve(events.size() - first);
            if (keepTimes)
                user.times.reserve(events.size() - first);
            for (std::size_t k = first; k < events.size(); ++k) {
                user.sequence.push_back(events[k].item);
                if (keepTimes)
                    user.times.push_back(events[k].time);
            }
            std::vector<Event>().swap(events); // keeps the peak memory near one copy of events
        }
    });
    std::int64_t cappedUsers = 0;
    for (std::size_t b = 0; b < blocks; ++b) {
        m_ds.cleanup.historyTruncated += truncated[b];
        cappedUsers += capped[b];
    }
    if (cappedUsers > 0)
        m_ds.cleanup.notes.push_back(groupedInt(cappedUsers) + " user(s) had more than " +
                                     groupedInt(maxHistory) + " interactions; their oldest " +
                                     groupedInt(m_ds.cleanup.historyTruncated) +
                                     " interactions were not kept (DataLimits::maxHistory)");
    m_ds.users = std::move(users);
    m_ds.name = name;
    m_ds.sourcePath = sourcePath;
    // Release the builder's lookup tables before finalize() builds the dataset's own.
    m_items = IdTable();
    m_users = IdTable();
    std::vector<std::vector<Event>>().swap(m_events);
    applyLeaveOneOutSplit(m_ds);
    m_ds.finalize();
    return std::move(m_ds);
}

} // namespace reclens::data
