// Query-log importer and writer (see querylog.h for the policy on bad and unmatched rows).

#include "data/querylog.h"

#include "common/atomicfile.h"
#include "common/numberformat.h"
#include "data/csvreader.h"
#include "data/textinput.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace reclens {

namespace {

std::int64_t purchaseTime(const User& u, std::size_t p) {
    return u.times.size() == u.sequence.size() ? u.times[p] : static_cast<std::int64_t>(p);
}

std::string csvQuote(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + "\"";
}

} // namespace

std::int64_t QueryLog::find(UserIndex user, std::int32_t position) const {
    const auto it = std::lower_bound(records.begin(), records.end(), std::make_pair(user, position),
                                     [](const QueryRecord& r, const std::pair<int, int>& k) {
                                         return std::make_pair(r.user, r.position) < k;
                                     });
    if (it == records.end() || it->user != user || it->position != position)
        return -1;
    return it - records.begin();
}

Expected<QueryLog> loadQueryLog(const std::string& path, const Dataset& ds,
                                const QueryLogOptions& options) {
    auto text = data::readWholeFile(path);
    if (!text)
        return text.error();
    return parseQueryLog(*text, path, ds, options);
}

Expected<QueryLog> parseQueryLog(std::string_view bytes, const std::string& path, const Dataset& ds,
                                 const QueryLogOptions& options) {
    using namespace data;
    if (auto st = checkUtf8(bytes, path); !st)
        return st.error();
    const bool tsv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".tsv") == 0;
    CsvReader reader(bytes, path, tsv ? '\t' : detectDelimiter(bytes));
    CsvRecord rec;
    auto got = reader.next(rec);
    if (!got)
        return got.error();
    if (!*got)
        return makeError(ErrorCode::Schema, path, 1, 1,
                         "empty file; expected a header line naming the columns " +
                             options.userColumn + "," + options.queryColumn + "," +
                             options.itemColumn + "," + options.timeColumn);
    const std::vector<std::string> header = rec.fields;
    // The importers' one header lookup: the same message, and a column named twice is refused.
    auto column = [&](const std::string& name, const char* option) {
        return requireColumn(rec, path, name, option);
    };
    auto cUser = column(options.userColumn, "--query-user-column");
    if (!cUser)
        return cUser.error();
    auto cQuery = column(options.queryColumn, "--query-column");
    if (!cQuery)
        return cQuery.error();
    auto cItem = column(options.itemColumn, "--query-item-column");
    if (!cItem)
        return cItem.error();
    const int cTime = options.timeColumn.empty() ? -1 : findColumn(header, options.timeColumn);

    QueryLog log;
    log.sourcePath = path;
    log.datasetFingerprint = ds.fingerprint;
    std::unordered_map<std::int64_t, std::vector<bool>> claimed; // user -> taken positions
    std::int64_t unknownUser = 0, unknownPurchase = 0, overclaimed = 0;
    for (;;) {
        got = reader.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        ++log.cleanup.rowsRead;
        if (rec.fields.size() != header.size())
            return reader.fieldError(ErrorCode::Parse, rec, header.size(),
                                     "expected " + std::to_string(header.size()) +
                                         " fields as in the header but found " +
                                         std::to_string(rec.fields.size()));
        const auto uf = static_cast<std::size_t>(*cUser);
        const auto qf = static_cast<std::size_t>(*cQuery);
        const auto itf = static_cast<std::size_t>(*cItem);
        for (auto [f, what] : {std::pair{uf, "user id"}, std::pair{itf, "item id"}}) {
            if (trim(rec.fields[f]).empty())
                return reader.fieldError(ErrorCode::Parse, rec, f,
                                         std::string("empty ") + what +
                                             "; expected a value in column '" + header[f] + "'");
            if (auto e = reader.checkId(rec, f, what))
                return *e;
        }
        const std::string query(trim(rec.fields[qf]));
        if (query.empty())
            return reader.fieldError(ErrorCode::Parse, rec, qf,
                                     "empty query; expected the search text in column '" +
                                         header[qf] + "'");
        if (auto e = reader.checkText(rec, qf, "query"))
            return *e;
        std::optional<std::int64_t> time;
        if (cTime >= 0) {
            const auto tf = static_cast<std::size_t>(cTime);
            time = parseTimestamp(rec.fields[tf]);
            if (!time)
                return reader.fieldError(ErrorCode::Parse, rec, tf,
                                         "bad timestamp '" + rec.fields[tf].substr(0, 40) +
                                             "'; expected unix seconds or YYYY-MM-DD[ HH:MM:SS]");
        }
        const UserIndex u = ds.findUser(std::string(trim(rec.fields[uf])));
        if (u < 0) {
            ++unknownUser;
            continue;
        }
        const ItemIndex item = ds.findItem(std::string(trim(rec.fields[itf])));
        const User& user = ds.users[static_cast<std::size_t>(u)];
        auto& taken = claimed[u];
        taken.resize(user.sequence.size(), false);
        std::int32_t best = -1;
        bool any = false;
        for (std::size_t p = 0; p < user.sequence.size(); ++p) {
            if (item < 0 || user.sequence[p] != item)
                continue;
            any = true;
            if (taken[p])
                continue;
            if (best < 0) {
                best = static_cast<std::int32_t>(p);
                if (!time)
                    break;
            } else if (std::llabs(purchaseTime(user, p) - *time) <
                       std::llabs(purchaseTime(user, static_cast<std::size_t>(best)) - *time)) {
                best = static_cast<std::int32_t>(p);
            }
        }
        if (best < 0) {
            ++(any ? overclaimed : unknownPurchase);
            continue;
        }
        taken[static_cast<std::size_t>(best)] = true;
        log.records.push_back({u, item, best, query, rec.line});
    }
    if (log.cleanup.rowsRead == 0)
        return makeError(ErrorCode::Schema, path, 2, 1,
                         "no queries after the header; expected at least one row");
    std::sort(log.records.begin(), log.records.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.user, a.position) < std::make_pair(b.user, b.position);
    });
    log.cleanup.rowsKept = static_cast<std::int64_t>(log.records.size());
    log.cleanup.missingUser = unknownUser;
    log.cleanup.other = unknownPurchase + overclaimed;
    if (unknownUser > 0)
        log.cleanup.notes.push_back(groupedInt(unknownUser) +
                                    " rows skipped: user not in the interactions");
    if (unknownPurchase > 0)
        log.cleanup.notes.push_back(groupedInt(unknownPurchase) +
                                    " rows skipped: purchase not in the user's interactions");
    if (overclaimed > 0)
        log.cleanup.notes.push_back(groupedInt(overclaimed) +
                                    " rows skipped: more searches than purchases of the item");
    if (log.records.empty())
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "none of the " + std::to_string(log.cleanup.rowsRead) +
                             " queries matches a purchase in the loaded interactions; expected "
                             "a log of the same data (are the data options the same?)");
    return log;
}

Status writeQueryLog(const std::string& path, const Dataset& ds,
                     const std::vector<QueryRecord>& records) {
    std::string out = "user,query,item,timestamp\n";
    for (const auto& r : records) {
        const User& u = ds.users[static_cast<std::size_t>(r.user)];
        out += csvQuote(u.id) + "," + csvQuote(r.query) + "," +
               csvQuote(ds.items[static_cast<std::size_t>(r.item)].id) + "," +
               std::to_string(purchaseTime(u, static_cast<std::size_t>(r.position))) + "\n";
    }
    return writeFileAtomically(path, out);
}

} // namespace reclens
