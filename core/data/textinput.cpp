#include "data/textinput.h"

#include "data/limits.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <zlib.h>

namespace reclens::data {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Expected<std::string> readGzip(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f)
        return makeError(ErrorCode::Io, path, 0, 0, "cannot open the file for reading");
    gzbuffer(f, 1 << 17);
    std::string out;
    // Unpacked size is unknown up front; grow geometrically.
    std::size_t used = 0;
    out.resize(std::size_t{1} << 22);
    for (;;) {
        if (out.size() - used < (std::size_t{1} << 20))
            out.resize(out.size() * 2);
        const auto want = static_cast<unsigned>(std::min<std::size_t>(out.size() - used, 1u << 30));
        int n = gzread(f, out.data() + used, want);
        if (n < 0) {
            int code = 0;
            std::string msg = gzerror(f, &code);
            gzclose(f);
            return makeError(ErrorCode::Parse, path, 0, 0,
                             "corrupt gzip data (" + msg + "); expected a valid .gz file");
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
        if (used > kMaxInputFileBytes) {
            gzclose(f);
            return makeError(ErrorCode::Limit, path, 0, 0,
                             "the file inflates to more than " +
                                 formatByteLimit(kMaxInputFileBytes) +
                                 "; expected a smaller export (split or filter it)");
        }
    }
    // gzread returns 0 both at a clean end and at a truncated stream; zlib reports the latter
    // only through gzerror.
    int code = 0;
    const char* msg = gzerror(f, &code);
    if (code != Z_OK && code != Z_STREAM_END) {
        std::string m = msg ? msg : "unknown error";
        gzclose(f);
        return makeError(ErrorCode::Parse, path, 0, 0,
                         "corrupt or truncated gzip data (" + m +
                             "); expected a complete .gz file");
    }
    gzclose(f);
    out.resize(used);
    return out;
}

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    // Howard Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool validDate(std::int64_t y, int m, int d) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    int maxDay = days[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        maxDay = 29;
    return d <= maxDay;
}

// Reads 1..maxDigits digits at s[pos]; advances pos.
bool readNumber(std::string_view s, std::size_t& pos, int minDigits, int maxDigits, int& out) {
    int n = 0;
    int v = 0;
    while (pos < s.size() && n < maxDigits && s[pos] >= '0' && s[pos] <= '9') {
        v = v * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    out = v;
    return n >= minDigits;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// A NUL byte never occurs in a text export; it is a binary, sparse or damaged file.
Error nulByteError(std::string_view data, std::size_t at, const std::string& file) {
    std::int64_t line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < at; ++i)
        if (data[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return makeError(ErrorCode::Parse, file, line, static_cast<int>(at - lineStart + 1),
                     "NUL byte; expected a text file (is it binary, sparse or damaged?)");
}

} // namespace

Expected<std::string> readWholeFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return makeError(ErrorCode::Io, path, 0, 0,
                         std::filesystem::exists(path, ec) ? "is not a regular file"
                                                           : "no such file");
    if (endsWith(path, ".gz"))
        return readGzip(path);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return makeError(ErrorCode::Io, path, 0, 0, "cannot open the file for reading");
    std::string out;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxInputFileBytes) {
        std::fclose(f);
        return makeError(ErrorCode::Limit, path, 0, 0,
                         "the file has " + std::to_string(size) +
                             " bytes, more than the limit of " +
                             formatByteLimit(kMaxInputFileBytes) +
                             "; expected a smaller export (split or filter it)");
    }
    if (!ec)
        out.reserve(size);
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        // Look at the start before reading the rest: a binary or sparse file is refused without
        // pulling gigabytes into memory.
        if (out.empty())
            if (const void* nul = std::memchr(buf, 0, n)) {
                std::fclose(f);
                return nulByteError(std::string_view(buf, n),
                                    static_cast<std::size_t>(static_cast<const char*>(nul) - buf),
                                    path);
            }
        out.append(buf, n);
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed)
        return makeError(ErrorCode::Io, path, 0, 0, "read error");
    return out;
}

std::string_view stripBom(std::string_view data) {
    if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF")
        data.remove_prefix(3);
    return data;
}

Status checkUtf8(std::string_view data, const std::string& file) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t n = data.size();
    std::size_t i = 0;
    std::int64_t line = 1;
    std::size_t lineStart = 0;
    while (i < n) {
        // Fast path over ASCII, counting lines.
        unsigned char c = p[i];
        if (c == 0)
            return nulByteError(data, i, file);
        if (c < 0x80) {
            if (c == '\n') {
                ++line;
                lineStart = i + 1;
            }
            ++i;
            continue;
        }
        int len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        }
        bool ok = len > 0 && i + static_cast<std::size_t>(len) <= n;
        for (int k = 1; ok && k < len; ++k) {
            unsigned char cc = p[i + static_cast<std::size_t>(k)];
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Reject overlong forms, surrogates and values above U+10FFFF.
        if (ok)
            ok = !((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                   (len == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF);
        if (!ok) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            return makeError(ErrorCode::Parse, file, line, static_cast<int>(i - lineStart + 1),
                             std::string("invalid UTF-8 byte ") + hex +
                                 "; expected UTF-8 text (convert the file, e.g. with iconv)");
        }
        i += static_cast<std::size_t>(len);
    }
    return Ok{};
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::string toLower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::optional<std::int64_t> parseInt64(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::optional<double> parseDouble(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    // from_chars also reads "inf" and "nan"; no RecLens input means either (a UnitPrice "inf"
    // became an item price: tests/fuzz/corpus/uciretail/crash-unitprice-inf.csv).
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseDateTime(std::string_view s) {
    s = trim(s);
    std::size_t pos = 0;
    int a = 0, b = 0, c = 0;
    std::int64_t year = 0;
    int month = 0, day = 0;
    if (!readNumber(s, pos, 1, 4, a))
        return std::nullopt;
    if (pos == 4 && expect(s, pos, '-')) {
        if (!readNumber(s, pos, 2, 2, b) || !expect(s, pos, '-') || !readNumber(s, pos, 2, 2, c))
            return std::nullopt;
        year = a;
        month = b;
        day = c;
    } else if (pos <= 2 && expect(s, pos, '/')) {
        if (!readNumber(s, pos, 1, 2, b) || !expect(s, pos, '/') || !readNumber(s, pos, 4, 4, c))
            return std::nullopt;
        year = c;
        month = a;
        day = b;
    } else {
        return std::nullopt;
    }
    if (!validDate(year, month, day))
        return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (pos < s.size()) {
        if (s[pos] != ' ' && s[pos] != 'T')
            return std::nullopt;
        ++pos;
        if (!readNumber(s, pos, 1, 2, hh) || !expect(s, pos, ':') || !readNumber(s, pos, 2, 2, mm))
            return std::nullopt;
        if (expect(s, pos, ':') && !readNumber(s, pos, 2, 2, ss))
            return std::nullopt;
        if (pos != s.size() || hh > 23 || mm > 59 || ss > 60)
            return std::nullopt;
    }
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
           hh * 3600 + mm * 60 + ss;
}

std::optional<std::int64_t> parseTimestamp(std::string_view s) {
    if (auto v = parseInt64(s))
        return v;
    return parseDateTime(s);
}

} // namespace reclens::data
