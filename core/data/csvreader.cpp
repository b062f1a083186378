#include "data/csvreader.h"

#include "data/textinput.h"

#include <cstring>

namespace reclens::data {

CsvReader::CsvReader(std::string_view data, std::string file, char delimiter)
    : m_data(stripBom(data))
    , m_file(std::move(file))
    , m_delim(delimiter) {}

CsvReader::CsvReader(std::string_view piece, std::string file, char delimiter,
                     std::int64_t firstLine)
    : m_data(piece)
    , m_file(std::move(file))
    , m_delim(delimiter)
    , m_line(firstLine) {}

Expected<bool> CsvReader::next(CsvRecord& rec) {
    const char* d = m_data.data();
    const std::size_t n = m_data.size();
    for (;;) {
        if (m_pos >= n)
            return false;
        // Skip blank lines (LF or CRLF).
        if (d[m_pos] == '\n' || (d[m_pos] == '\r' && m_pos + 1 < n && d[m_pos + 1] == '\n')) {
            m_pos += d[m_pos] == '\r' ? 2 : 1;
            ++m_line;
            m_lineStart = m_pos;
            continue;
        }
        break;
    }
    std::size_t nFields = 0;
    const std::size_t recordStart = m_pos;
    rec.line = m_line;
    auto col = [&](std::size_t pos) {
        return static_cast<int>(pos - m_lineStart + 1);
    };
    auto tooLong = [&]() {
        return makeError(ErrorCode::Limit, m_file, rec.line, 1,
                         "record longer than " + formatByteLimit(kMaxRecordBytes) +
                             "; expected one CSV record per line (is this a text file?)");
    };
    for (;;) {
        if (rec.fields.size() <= nFields) {
            rec.fields.emplace_back();
            rec.lines.push_back(0);
            rec.columns.push_back(0);
        }
        std::string& field = rec.fields[nFields];
        field.clear();
        rec.lines[nFields] = m_line;
        rec.columns[nFields] = col(m_pos);
        ++nFields;
        if (m_pos < n && d[m_pos] == '"') {
            const std::int64_t quoteLine = m_line;
            const int quoteCol = col(m_pos);
            ++m_pos;
            for (;;) {
                // Copy the run up to the next quote in one go.
                const void* q = std::memchr(d + m_pos, '"', n - m_pos);
                const std::size_t end =
                    q ? static_cast<std::size_t>(static_cast<const char*>(q) - d) : n;
                if (end - recordStart > kMaxRecordBytes)
                    return tooLong();
                for (std::size_t i = m_pos; i < end; ++i)
                    if (d[i] == '\n') {
                        ++m_line;
                        m_lineStart = i + 1;
                    }
                field.append(d + m_pos, end - m_pos);
                if (!q)
                    return makeError(ErrorCode::Parse, m_file, quoteLine, quoteCol,
                                     "unterminated quoted field; expected a closing '\"'");
                m_pos = end + 1;
                if (m_pos < n && d[m_pos] == '"') {
                    field.push_back('"');
                    ++m_pos;
                    continue;
                }
                break;
            }
            // After the closing quote: delimiter, line end or end of input.
            if (m_pos < n && d[m_pos] == '\r' && m_pos + 1 < n && d[m_pos + 1] == '\n')
                ++m_pos;
            if (m_pos < n && d[m_pos] != m_delim && d[m_pos] != '\n')
                return makeError(
                    ErrorCode::Parse, m_file, m_line, col(m_pos),
                    std::string("unexpected character after a closing quote; "
                                "expected the delimiter '") +
                        (m_delim == '\t' ? std::string("\\t") : std::string(1, m_delim)) +
                        "' or a line end");
        } else {
            std::size_t i = m_pos;
            while (i < n && d[i] != m_delim && d[i] != '\n') {
                if (d[i] == '"')
                    return makeError(ErrorCode::Parse, m_file, m_line, col(i),
                                     "quote inside an unquoted field; expected the whole field "
                                     "to be quoted with inner quotes doubled (RFC 4180)");
                // Otherwise a file with classic Mac line ends reads as one endless record.
                if (d[i] == '\r' && i + 1 < n && d[i + 1] != '\n')
                    return makeError(
                        ErrorCode::Parse, m_file, m_line, col(i),
                        "carriage return without a line feed; expected LF or CRLF "
                        "line ends (convert classic Mac line ends, e.g. with mac2unix)");
                ++i;
                if (i - recordStart > kMaxRecordBytes)
                    return tooLong();
            }
            std::size_t end = i;
            if (end > m_pos && d[end - 1] == '\r' && (end == n || d[end] == '\n'))
                --end;
            field.assign(d + m_pos, end - m_pos);
            m_pos = i;
        }
        if (m_pos < n && d[m_pos] == m_delim) {
            ++m_pos;
            continue;
        }
        // Line end or end of input.
        rec.endColumn = col(m_pos);
        if (m_pos < n) {
            ++m_pos;
            ++m_line;
            m_lineStart = m_pos;
        }
        break;
    }
    rec.fields.resize(nFields);
    rec.lines.resize(nFields);
    rec.columns.resize(nFields);
    return true;
}

Error CsvReader::fieldError(ErrorCode code, const CsvRecord& rec, std::size_t field,
                            const std::string& what) const {
    if (field < rec.fields.size())
        return makeError(code, m_file, rec.lines[field], rec.columns[field], what);
    return makeError(code, m_file, rec.line, rec.endColumn, what);
}

std::optional<Error> CsvReader::checkId(const CsvRecord& rec, std::size_t field,
                                        const std::string& what) const {
    const std::string_view id = trim(rec.fields[field]);
    if (id.size() > kMaxIdBytes)
        return fieldError(ErrorCode::Limit, rec, field,
                          what + " of " + std::to_string(id.size()) + " bytes; expected at most " +
                              formatByteLimit(kMaxIdBytes));
    for (char c : id)
        if (static_cast<unsigned char>(c) < 0x20)
            return fieldError(ErrorCode::Parse, rec, field,
                              what + " '" + std::string(id.substr(0, 40)) +
                                  "' holds a control character (line break or tab); expected "
                                  "printable text");
    return std::nullopt;
}

std::optional<Error> CsvReader::checkText(const CsvRecord& rec, std::size_t field,
                                          const std::string& what) const {
    if (rec.fields[field].size() <= kMaxTextFieldBytes)
        return std::nullopt;
    return fieldError(ErrorCode::Limit, rec, field,
                      what + " of " + std::to_string(rec.fields[field].size()) +
                          " bytes; expected at most " + formatByteLimit(kMaxTextFieldBytes));
}

char detectDelimiter(std::string_view data) {
    data = stripBom(data);
    const char candidates[] = {',', '\t', ';', '|'};
    std::size_t counts[4] = {0, 0, 0, 0};
    bool quoted = false;
    for (char c : data) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '\n')
            break;
        else if (!quoted)
            for (int k = 0; k < 4; ++k)
                if (c == candidates[k])
                    ++counts[k];
    }
    int best = 0;
    for (int k = 1; k < 4; ++k)
        if (counts[k] > counts[best])
            best = k;
    return candidates[best];
}

int findColumn(const std::vector<std::string>& header, std::string_view name) {
    const std::string want = toLower(trim(name));
    for (std::size_t i = 0; i < header.size(); ++i)
        if (toLower(trim(header[i])) == want)
            return static_cast<int>(i);
    return -1;
}

Expected<int> requireColumn(const CsvRecord& header, const std::string& file,
                            const std::string& name, const std::string& option) {
    const auto& fields = header.fields;
    const int c = findColumn(fields, name);
    if (c < 0) {
        std::string found;
        for (const auto& h : fields)
            found += (found.empty() ? "" : ", ") + std::string(trim(h));
        return makeError(ErrorCode::Schema, file, 1, 1,
                         "no column '" + name + "' in the header; columns are: " + found +
                             "; expected it, or name the column with " + option);
    }
    const std::vector<std::string> rest(fields.begin() + c + 1, fields.end());
    if (const int again = findColumn(rest, name); again >= 0)
        return makeError(
            ErrorCode::Schema, file, 1, header.columns[static_cast<std::size_t>(c + 1 + again)],
            "column '" + name + "' appears 2 times in the header; expected each column once");
    return c;
}

} // namespace reclens::data
