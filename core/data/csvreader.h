#pragma once
// An RFC 4180 CSV reader over an in-memory buffer: quoted fields with embedded delimiters,
// doubled quotes and line breaks; CRLF or LF line ends; blank lines skipped. Every record and
// field knows the line and column where it starts so errors can point at them. Internal to
// core/data.

#include "common/expected.h"
#include "data/limits.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reclens::data {

struct CsvRecord {
    std::vector<std::string> fields;
    std::vector<std::int64_t> lines; // 1-based line where each field starts
    std::vector<int> columns;        // 1-based byte column where each field starts
    std::int64_t line = 0;           // line where the record starts
    int endColumn = 0;               // column just past the record's last byte
};

class CsvReader {
public:
    /// A longer record (e.g. a 10 MB line from a binary or corrupted file) is a Limit error
    /// instead of an attempt to carry on.
    static constexpr std::size_t kMaxRecordBytes = reclens::kMaxRecordBytes;

    /// `data` must outlive the reader; a leading UTF-8 BOM is skipped.
    CsvReader(std::string_view data, std::string file, char delimiter);
    /// A reader over a piece of a file that starts at the beginning of line `firstLine` (a chunk
    /// of a file parsed in parallel); errors name the file's own line numbers. No BOM is skipped.
    CsvReader(std::string_view piece, std::string file, char delimiter, std::int64_t firstLine);

    /// Reads the next non-blank record. Returns false at the end of the input; an Error for an
    /// unterminated quoted field, a quote inside an unquoted field, text after a closing quote,
    /// a bare carriage return (classic Mac line ends) or a record longer than kMaxRecordBytes.
    Expected<bool> next(CsvRecord& record);

    const std::string& file() const { return m_file; }
    char delimiter() const { return m_delim; }
    /// Bytes of the (BOM-stripped) data consumed so far and the line the reader is on.
    std::size_t offset() const { return m_pos; }
    std::int64_t line() const { return m_line; }
    /// The data the reader works on (without the BOM).
    std::string_view data() const { return m_data; }

    /// An error located at field `field` of `record` (or at the record's end if out of range).
    Error fieldError(ErrorCode code, const CsvRecord& record, std::size_t field,
                     const std::string& what) const;

    /// An Error when the trimmed field `field` is not usable as an id: longer than kMaxIdBytes
    /// (Limit) or holding a control character such as a line break (Parse). `what` names it
    /// ("user id").
    std::optional<Error> checkId(const CsvRecord& record, std::size_t field,
                                 const std::string& what) const;
    /// An Error (Limit) when field `field` is longer than kMaxTextFieldBytes.
    std::optional<Error> checkText(const CsvRecord& record, std::size_t field,
                                   const std::string& what) const;

private:
    std::string_view m_data;
    std::string m_file;
    char m_delim;
    std::size_t m_pos = 0;
    std::int64_t m_line = 1;
    std::size_t m_lineStart = 0;
};

/// Picks ',', '\t', ';' or '|' by counting each outside quotes in the first line.
char detectDelimiter(std::string_view data);

/// Header lookup: trimmed, case-insensitive. -1 when absent.
int findColumn(const std::vector<std::string>& header, std::string_view name);

/// The position of column `name` in the header record `header` of `file` (findColumn rules).
/// A Schema error at FILE:1:1 when it is absent ("no column 'x' in the header; columns are: a,
/// b, c; expected it, or name the column with OPTION"), at the second occurrence when it appears
/// twice (the second one would be silently ignored).
Expected<int> requireColumn(const CsvRecord& header, const std::string& file,
                            const std::string& name, const std::string& option);

} // namespace reclens::data
