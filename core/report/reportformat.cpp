#include "report/reportformat.h"

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <string>

namespace reclens::report {

std::string intCell(long long v, bool exact) {
    return exact ? std::to_string(v) : groupedInt(v);
}

std::string displayNumber(double v) {
    if (!std::isfinite(v))
        return std::isnan(v) ? "n/a" : (v > 0 ? "inf" : "-inf");
    if (std::abs(v) >= 999.95 && std::abs(v) < 1e15) // %.4g would print "1000" or "1.235e+04"
        return groupedInt(std::llround(v));
    char buf[32];
    const double a = std::abs(v);
    if (a > 0 && a < 1e-6) // below what a table should make people count zeros for
        return v > 0 ? "< 0.000001" : "> -0.000001";
    if (a > 0 && a < 1e-3) {
        // Fixed notation with 3 significant digits ("0.000988", "-0.0000320"): people read
        // these beside "0.1235", where "9.88e-04" reads as a different kind of number.
        const int decimals = 2 - static_cast<int>(std::floor(std::log10(a)));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string exactFloat(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
    return buf;
}

std::string exactDouble(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string percent(double share, int digits) {
    if (!std::isfinite(share))
        return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f%%", digits, share * 100.0);
    return buf;
}

std::string isoDate(std::int64_t unixSeconds) {
    if (unixSeconds <= 0)
        return {};
    std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string itemLabel(const Dataset& ds, ItemIndex item) {
    if (item < 0 || static_cast<std::size_t>(item) >= ds.items.size())
        return "(unknown item)";
    const Item& it = ds.items[static_cast<std::size_t>(item)];
    return it.title.empty() ? it.id : it.title;
}

std::string safeFileComponent(const std::string& id) {
    std::string out;
    bool replaced = id.empty() || id.size() > 80 || id[0] == '.';
    for (char c : id.substr(0, 80)) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_';
        out += ok ? c : '_';
        replaced = replaced || !ok;
    }
    if (replaced) {
        std::uint32_t h = 2166136261u; // FNV-1a over the original id
        for (unsigned char c : id)
            h = (h ^ c) * 16777619u;
        char buf[12];
        std::snprintf(buf, sizeof buf, "-%08x", h);
        out += buf;
    }
    return out;
}

} // namespace reclens::report
