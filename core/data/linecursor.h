#pragma once
// Iterates over the lines of an in-memory text with 1-based line numbers, for the simple
// tab-separated formats (UniSRec). Internal to core/data.

#include <cstdint>
#include <string_view>
#include <vector>

namespace reclens::data {

class LineCursor {
public:
    explicit LineCursor(std::string_view text)
        : m_text(text) {}

    /// Next line without its "\n" / "\r\n"; false at the end.
    bool next(std::string_view& line) {
        if (m_pos >= m_text.size())
            return false;
        const auto nl = m_text.find('\n', m_pos);
        const auto end = nl == std::string_view::npos ? m_text.size() : nl;
        line = m_text.substr(m_pos, end - m_pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        m_pos = end + 1;
        ++m_line;
        return true;
    }
    std::int64_t line() const { return m_line; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::int64_t m_line = 0;
};

/// Splits on `sep`, keeping empty fields; each piece's 1-based column in `line` is recorded.
inline void splitFields(std::string_view line, char sep, std::vector<std::string_view>& out,
                        std::vector<int>& columns) {
    out.clear();
    columns.clear();
    std::size_t start = 0;
    for (;;) {
        const auto p = line.find(sep, start);
        out.push_back(
            line.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
        columns.push_back(static_cast<int>(start + 1));
        if (p == std::string_view::npos)
            break;
        start = p + 1;
    }
}

} // namespace reclens::data
