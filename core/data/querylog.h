#pragma once
// The search log of search mode: which query ended in which purchase. A CSV
// `user,query,item,timestamp` (column names overridable, timestamp optional) read with the same
// reader and error standards as the interaction importers, and matched against a loaded
// Dataset: every kept row points at one purchase (a position in the user's sequence).
//
// Policy (docs/DATA.md): malformed rows are errors naming FILE:LINE:COLUMN (wrong field count,
// empty user/item id, empty query, bad timestamp, over-long fields). A well-formed row whose
// user or purchase is not in the loaded interactions is a counted, reported drop, because the
// interaction importers themselves drop rows (k-core, UCI cancellations and non-product codes,
// history truncation) that a log written from the raw data still names.

#include "common/expected.h"
#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reclens {

struct QueryLogOptions {
    std::string userColumn = "user";
    std::string queryColumn = "query";
    std::string itemColumn = "item";
    std::string timeColumn = "timestamp"; // "" or absent from the header = match by order
};

struct QueryRecord {
    UserIndex user = -1;
    ItemIndex item = -1;
    std::int32_t position = -1; // index of the purchase in Dataset::users[user].sequence
    std::string query;          // as typed (trimmed); tokenize with text::tokenize()
    std::int64_t line = 0;      // line of the row in the log
};

struct QueryLog {
    std::string sourcePath;
    std::string datasetFingerprint;   // the Dataset it was matched against
    std::vector<QueryRecord> records; // sorted by (user, position)
    // rowsRead, rowsKept, missingUser (user not in the interactions), other (purchase not in
    // the user's interactions) and notes describing every drop.
    Dataset::CleanupReport cleanup;

    /// Index into records of the query that led to purchase `position` of `user`, or -1.
    std::int64_t find(UserIndex user, std::int32_t position) const;
};

/// Reads `path` and matches it against `ds`. A row names one purchase of `item` by `user`: the
/// unclaimed occurrence nearest to the row's timestamp (earliest on ties), or the earliest
/// unclaimed one when the log has no timestamp column. A dataset without times (UniSRec) counts
/// a purchase's time as its 0-based position in the user's sequence, which is what
/// writeQueryLog() writes for it. A row with no unclaimed occurrence left (more searches than
/// purchases of that item) is a counted drop (cleanup.other) - a purchase ends one search.
Expected<QueryLog> loadQueryLog(const std::string& path, const Dataset& ds,
                                const QueryLogOptions& options = {});
/// Same, over bytes already in memory (the fuzz target); `path` names them in errors.
Expected<QueryLog> parseQueryLog(std::string_view bytes, const std::string& path, const Dataset& ds,
                                 const QueryLogOptions& options = {});

/// Writes records as a CSV `user,query,item,timestamp` (RFC 4180 quoting; timestamp = the
/// purchase's unix seconds, or its position when the dataset has no times) atomically.
Status writeQueryLog(const std::string& path, const Dataset& ds,
                     const std::vector<QueryRecord>& records);

} // namespace reclens
