#include "data/interactionrows.h"

#include "data/chunkedtext.h"
#include "data/idtable.h"
#include "data/textinput.h"

#include <algorithm>
#include <cstring>

namespace reclens::data {

namespace {

// Below this a file is read on one thread: starting threads would cost more than they save.
constexpr std::size_t kMinChunkBytes = std::size_t{4} << 20;

std::size_t chunkBytesFor(std::size_t bytes, const ImportOptions& options) {
    if (options.chunkBytes > 0)
        return options.chunkBytes;
    const auto threads = static_cast<std::size_t>(parseThreads(options.threads));
    return std::max(kMinChunkBytes, bytes / threads + 1);
}

// What one thread read from its chunk: ids in order of first appearance and the rows as
// indices into them.
struct ChunkRows {
    struct Row {
        std::int32_t user;
        std::int32_t item;
        std::int64_t time; // the timestamp, or the row's 1-based number within the chunk
    };
    IdTable users;
    IdTable items;
    std::vector<Row> rows;
    bool badUtf8 = false;
    std::optional<Error> error; // the chunk's first parse error; rows stop before it
};

// Rows whose ids are hashed but not yet interned: the table slots they need are prefetched
// while the next rows are parsed. Ids are copied (the record's fields are reused per row).
constexpr std::size_t kLookAhead = 16;

struct PendingRow {
    std::string user;
    std::string item;
    std::uint64_t userHash = 0;
    std::uint64_t itemHash = 0;
    std::int64_t time = 0;
};

void readChunk(const TextChunk& chunk, const std::string& file, char delimiter,
               const InteractionColumns& columns, ChunkRows& out) {
    if (!checkUtf8(chunk.text, file)) {
        out.badUtf8 = true; // the serial reader names the byte with its line in the file
        return;
    }
    CsvReader reader(chunk.text, file, delimiter, chunk.firstLine);
    CsvRecord record;
    // About 30 bytes per row in a typical export: one allocation instead of ~20 regrowths.
    out.rows.reserve(chunk.text.size() / 32);
    PendingRow pending[kLookAhead];
    std::size_t waiting = 0;
    std::int64_t rowNumber = 0;
    // In row order, so ids keep their order of first appearance.
    auto internPending = [&]() {
        for (std::size_t i = 0; i < waiting; ++i)
            out.rows.push_back({out.users.intern(pending[i].user, pending[i].userHash),
                                out.items.intern(pending[i].item, pending[i].itemHash),
                                pending[i].time});
        waiting = 0;
    };
    for (;;) {
        auto got = reader.next(record);
        if (!got) {
            internPending();
            out.error = got.error();
            return;
        }
        if (!*got)
            break;
        auto fields = readInteraction(reader, record, columns);
        if (!fields) {
            internPending();
            out.error = fields.error();
            return;
        }
        PendingRow& row = pending[waiting++];
        row.user.assign(fields->user);
        row.item.assign(fields->item);
        row.userHash = IdTable::hashOf(row.user);
        row.itemHash = IdTable::hashOf(row.item);
        out.users.prefetch(row.userHash);
        out.items.prefetch(row.itemHash);
        row.time = columns.time >= 0 ? fields->time : ++rowNumber;
        if (waiting == kLookAhead)
            internPending();
    }
    internPending();
}

// Global indices of a chunk's ids; `intern` adds the new ones, in the chunk's order of first
// appearance, which is their order of first appearance in the file.
template <typename Intern>
std::vector<std::int32_t> globalIndices(const IdTable& ids, Intern intern) {
    std::vector<std::int32_t> global(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        global[i] = intern(ids.at(i));
    return global;
}

} // namespace

Expected<InteractionFields> readInteraction(const CsvReader& reader, const CsvRecord& rec,
                                            const InteractionColumns& columns) {
    const auto& header = columns.header;
    if (rec.fields.size() != header.size())
        return reader.fieldError(ErrorCode::Parse, rec, header.size(),
                                 "expected " + std::to_string(header.size()) +
                                     " fields as in the header but found " +
                                     std::to_string(rec.fields.size()));
    const std::size_t uf = columns.user;
    const std::size_t itf = columns.item;
    InteractionFields out;
    out.user = trim(rec.fields[uf]);
    out.item = trim(rec.fields[itf]);
    if (out.user.empty())
        return reader.fieldError(ErrorCode::Parse, rec, uf,
                                 "empty user id; expected a value in column '" + header[uf] + "'");
    if (out.item.empty())
        return reader.fieldError(ErrorCode::Parse, rec, itf,
                                 "empty item id; expected a value in column '" + header[itf] + "'");
    if (auto e = reader.checkId(rec, uf, "user id"))
        return *e;
    if (auto e = reader.checkId(rec, itf, "item id"))
        return *e;
    if (columns.time >= 0) {
        const auto tf = static_cast<std::size_t>(columns.time);
        auto t = parseTimestamp(rec.fields[tf]);
        if (!t)
            return reader.fieldError(ErrorCode::Parse, rec, tf,
                                     "bad timestamp '" + rec.fields[tf].substr(0, 40) +
                                         "'; expected unix seconds or YYYY-MM-DD[ HH:MM:SS]");
        out.time = *t;
    }
    return out;
}

bool worthChunking(std::size_t bytes, const ImportOptions& options) {
    if (parseThreads(options.threads) < 2)
        return false;
    return bytes > chunkBytesFor(bytes, options);
}

std::optional<Expected<std::int64_t>>
readInteractionsInChunks(std::string& text, std::size_t bodyOffset, std::int64_t bodyLine,
                         const std::string& file, char delimiter, const InteractionColumns& columns,
                         const ImportOptions& options, DatasetBuilder& builder) {
    // Only without quotes is every line feed a record end (RFC 4180 lets a quoted field hold
    // line breaks); the header part needs the UTF-8 check the chunks do for themselves.
    if (std::memchr(text.data(), '"', text.size()) ||
        !checkUtf8(std::string_view(text).substr(0, bodyOffset), file))
        return std::nullopt;
    const int threads = parseThreads(options.threads);
    const std::vector<TextChunk> chunks =
        cutAtLineEnds(std::string_view(text).substr(bodyOffset), bodyLine,
                      chunkBytesFor(text.size(), options), threads);
    std::vector<ChunkRows> parsed(chunks.size());
    forEachInParallel(chunks.size(), threads, [&](std::size_t i) {
        readChunk(chunks[i], file, delimiter, columns, parsed[i]);
    });
    std::string().swap(text); // every id is copied into the chunks' tables

    // The serial reader checks all of the file's UTF-8 before its first row.
    for (const auto& c : parsed)
        if (c.badUtf8)
            return std::nullopt;
    // Ids in file order: chunk by chunk, each chunk's in its order of first appearance. Users
    // and items are separate tables, so one thread numbers the users while another numbers the
    // items; the counts after each chunk say where a limit was crossed.
    std::vector<std::vector<std::int32_t>> userOf(parsed.size());
    std::vector<std::vector<std::int32_t>> itemOf(parsed.size());
    std::vector<std::size_t> usersAfter(parsed.size());
    std::vector<std::size_t> itemsAfter(parsed.size());
    forEachInParallel(2, threads, [&](std::size_t table) {
        for (std::size_t i = 0; i < parsed.size(); ++i)
            if (table == 0) {
                userOf[i] = globalIndices(parsed[i].users,
                                          [&](std::string_view id) { return builder.user(id); });
                usersAfter[i] = builder.userCount();
            } else {
                itemOf[i] = globalIndices(parsed[i].items,
                                          [&](std::string_view id) { return builder.item(id); });
                itemsAfter[i] = builder.items().size();
            }
    });
    std::vector<std::int64_t> rowsBefore(parsed.size() + 1, 0);
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        if (static_cast<std::int64_t>(usersAfter[i]) > options.limits.maxUsers ||
            static_cast<std::int64_t>(itemsAfter[i]) > options.limits.maxItems)
            return std::nullopt;
        if (parsed[i].error) // the rows before it stayed within the limits: the first error
            return Expected<std::int64_t>(*parsed[i].error);
        rowsBefore[i + 1] = rowsBefore[i] + static_cast<std::int64_t>(parsed[i].rows.size());
    }
    // Each thread adds the events of its own range of users, walking all rows in file order, so
    // every user's events keep their file order.
    const std::size_t userCount = builder.userCount();
    const auto parts = static_cast<std::size_t>(std::max(1, threads));
    forEachInParallel(parts, threads, [&](std::size_t part) {
        const auto first = static_cast<std::int32_t>(userCount * part / parts);
        const auto last = static_cast<std::int32_t>(userCount * (part + 1) / parts);
        for (std::size_t i = 0; i < parsed.size(); ++i)
            for (const auto& r : parsed[i].rows) {
                const std::int32_t user = userOf[i][static_cast<std::size_t>(r.user)];
                if (user >= first && user < last)
                    builder.add(user, itemOf[i][static_cast<std::size_t>(r.item)],
                                columns.time >= 0 ? r.time : rowsBefore[i] + r.time);
            }
    });
    const std::int64_t rows = rowsBefore.back();
    return Expected<std::int64_t>(rows);
}

} // namespace reclens::data
