#include "data/datasetbuilder.h"

#include "data/csvreader.h"
#include "data/filesource.h"
#include "data/textinput.h"

#include <algorithm>
#include <cmath>

namespace reclens::data {

ItemIndex DatasetBuilder::item(const std::string& id) {
    auto [it, added] = m_items.try_emplace(id, static_cast<ItemIndex>(m_ds.items.size()));
    if (added) {
        Item item;
        item.id = id;
        m_ds.items.push_back(std::move(item));
    }
    return it->second;
}

ItemIndex DatasetBuilder::findItem(const std::string& id) const {
    auto it = m_items.find(id);
    return it == m_items.end() ? -1 : it->second;
}

UserIndex DatasetBuilder::user(const std::string& id) {
    auto [it, added] = m_users.try_emplace(id, static_cast<UserIndex>(m_ds.users.size()));
    if (added) {
        User user;
        user.id = id;
        m_ds.users.push_back(std::move(user));
        m_events.emplace_back();
    }
    return it->second;
}

void DatasetBuilder::add(UserIndex user, ItemIndex item, std::int64_t time) {
    m_events[static_cast<std::size_t>(user)].push_back({time, item});
}

Dataset DatasetBuilder::build(const std::string& name, const std::string& sourcePath,
                              bool keepTimes, std::int64_t maxHistory) {
    std::vector<User> users;
    users.reserve(m_ds.users.size());
    std::int64_t cappedUsers = 0;
    for (std::size_t u = 0; u < m_ds.users.size(); ++u) {
        auto& events = m_events[u];
        if (events.empty())
            continue;
        std::stable_sort(events.begin(), events.end(),
                         [](const Event& a, const Event& b) { return a.time < b.time; });
        std::size_t first = 0;
        if (maxHistory > 0 && events.size() > static_cast<std::size_t>(maxHistory)) {
            first = events.size() - static_cast<std::size_t>(maxHistory);
            m_ds.cleanup.historyTruncated += static_cast<std::int64_t>(first);
            ++cappedUsers;
        }
        User user;
        user.id = std::move(m_ds.users[u].id);
        user.sequence.reserve(events.size() - first);
        if (keepTimes)
            user.times.reserve(events.size() - first);
        for (std::size_t k = first; k < events.size(); ++k) {
            user.sequence.push_back(events[k].item);
            if (keepTimes)
                user.times.push_back(events[k].time);
        }
        users.push_back(std::move(user));
        std::vector<Event>().swap(events); // keeps the peak memory near one copy of the events
    }
    if (cappedUsers > 0)
        m_ds.cleanup.notes.push_back(std::to_string(cappedUsers) + " user(s) had more than " +
                                     std::to_string(maxHistory) + " interactions; their oldest " +
                                     std::to_string(m_ds.cleanup.historyTruncated) +
                                     " interactions were not kept (DataLimits::maxHistory)");
    m_ds.users = std::move(users);
    m_ds.name = name;
    m_ds.sourcePath = sourcePath;
    // Release the builder's lookup tables before finalize() builds the dataset's own.
    std::unordered_map<std::string, ItemIndex>().swap(m_items);
    std::unordered_map<std::string, UserIndex>().swap(m_users);
    std::vector<std::vector<Event>>().swap(m_events);
    applyLeaveOneOutSplit(m_ds);
    m_ds.finalize();
    return std::move(m_ds);
}

Status readCatalogCsv(const std::string& path, DatasetBuilder& builder, const DataLimits& limits) {
    return readCatalogCsv(diskFiles(), path, builder, limits);
}

Status readCatalogCsv(const FileSource& files, const std::string& path, DatasetBuilder& builder,
                      const DataLimits& limits) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = checkUtf8(*text, path); !st)
        return st.error();
    CsvReader reader(*text, path, detectDelimiter(*text));
    CsvRecord rec;
    auto got = reader.next(rec);
    if (!got)
        return got.error();
    if (!*got)
        return makeError(ErrorCode::Schema, path, 1, 1,
                         "empty file; expected a header line item,title,category,brand,price");
    const std::vector<std::string> header = rec.fields;
    const int cItem = findColumn(header, "item");
    if (cItem < 0)
        return makeError(ErrorCode::Schema, path, 1, 1,
                         "no 'item' column in the header; expected a header like "
                         "item,title,category,brand,price");
    const int cTitle = findColumn(header, "title");
    const int cCat = findColumn(header, "category");
    const int cBrand = findColumn(header, "brand");
    const int cPrice = findColumn(header, "price");
    std::vector<bool> seen;
    for (;;) {
        got = reader.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        if (rec.fields.size() != header.size())
            return reader.fieldError(ErrorCode::Parse, rec, header.size(),
                                     "expected " + std::to_string(header.size()) +
                                         " fields as in the header but found " +
                                         std::to_string(rec.fields.size()));
        const auto& id = rec.fields[static_cast<std::size_t>(cItem)];
        if (trim(id).empty())
            return reader.fieldError(ErrorCode::Parse, rec, static_cast<std::size_t>(cItem),
                                     "empty item id; expected a non-empty 'item' value");
        if (auto e = reader.checkId(rec, static_cast<std::size_t>(cItem), "item id"))
            return *e;
        const ItemIndex idx = builder.item(std::string(trim(id)));
        if (static_cast<std::int64_t>(builder.items().size()) > limits.maxItems)
            return reader.fieldError(ErrorCode::Limit, rec, static_cast<std::size_t>(cItem),
                                     tooManyMessage(limits.maxItems, "items"));
        for (int c : {cTitle, cCat, cBrand})
            if (c >= 0)
                if (auto e =
                        reader.checkText(rec, static_cast<std::size_t>(c),
                                         std::string(trim(header[static_cast<std::size_t>(c)]))))
                    return *e;
        if (seen.size() <= static_cast<std::size_t>(idx))
            seen.resize(static_cast<std::size_t>(idx) + 1, false);
        if (seen[static_cast<std::size_t>(idx)])
            return reader.fieldError(ErrorCode::Parse, rec, static_cast<std::size_t>(cItem),
                                     "duplicate item '" + std::string(trim(id)) +
                                         "'; expected each item once in the catalog");
        seen[static_cast<std::size_t>(idx)] = true;
        Item& item = builder.items()[static_cast<std::size_t>(idx)];
        if (cTitle >= 0)
            item.title = std::string(trim(rec.fields[static_cast<std::size_t>(cTitle)]));
        if (cCat >= 0)
            item.category = std::string(trim(rec.fields[static_cast<std::size_t>(cCat)]));
        if (cBrand >= 0)
            item.brand = std::string(trim(rec.fields[static_cast<std::size_t>(cBrand)]));
        if (cPrice >= 0) {
            const auto& p = rec.fields[static_cast<std::size_t>(cPrice)];
            if (!trim(p).empty()) {
                auto v = parseDouble(p);
                if (!v || *v < 0 || !std::isfinite(*v))
                    return reader.fieldError(
                        ErrorCode::Parse, rec, static_cast<std::size_t>(cPrice),
                        "bad price '" + p + "'; expected a non-negative number or nothing");
                item.price = *v;
            }
        }
    }
    return Ok{};
}

} // namespace reclens::data
