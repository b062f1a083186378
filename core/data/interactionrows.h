#pragma once
// The rows of a generic interactions CSV (user, item, optional timestamp): one row's checks,
// shared by the serial reader and the parallel one, and the parallel reader itself. Internal to
// core/data.

#include "common/expected.h"
#include "data/csvreader.h"
#include "data/datasetbuilder.h"
#include "data/importers.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reclens::data {

struct InteractionColumns {
    std::vector<std::string> header; // the header's fields, as read
    std::size_t user = 0;
    std::size_t item = 0;
    int time = -1; // -1 = no time column: the row number orders a user's events
};

struct InteractionFields {
    std::string_view user; // trimmed, checked ids (views into the record's fields)
    std::string_view item;
    std::int64_t time = 0; // the timestamp, or 0 without a time column
};

/// Checks one record (field count as in the header, non-empty printable ids, a timestamp) and
/// returns its fields; the Error names the record's line and the field's column.
Expected<InteractionFields> readInteraction(const CsvReader& reader, const CsvRecord& record,
                                            const InteractionColumns& columns);

/// Whether a file of `bytes` bytes is worth parsing in chunks with these options: more than one
/// chunk (ImportOptions::chunkBytes, by default one chunk per thread) and more than one thread.
bool worthChunking(std::size_t bytes, const ImportOptions& options);

/// Reads the rows after the header of `text` (whose header `columns` describes; the body starts
/// at byte `bodyOffset`, line `bodyLine`) on ImportOptions::threads threads, each on its own
/// chunk of whole lines, and adds them to `builder` in file order: the same users, items and
/// events, in the same order, as the serial reader. Returns the number of rows, or the first
/// error in file order (the serial reader's message). `text` is released once it is parsed.
/// nullopt when the serial reader must run instead: the text holds a quote (a quoted field may
/// span lines), invalid UTF-8, or more users or items than the limits allow (the serial reader
/// names the row where the limit is crossed); `builder` is then left in an unspecified state.
std::optional<Expected<std::int64_t>>
readInteractionsInChunks(std::string& text, std::size_t bodyOffset, std::int64_t bodyLine,
                         const std::string& file, char delimiter, const InteractionColumns& columns,
                         const ImportOptions& options, DatasetBuilder& builder);

} // namespace reclens::data
