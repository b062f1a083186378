#include "report/chartprimitives.h"

#include "common/numberformat.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace reclens::report {

std::string Color::hex() const {
    if (none)
        return "none";
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
    return buf;
}

namespace detail {

Shape rect(double x, double y, double w, double h, Color fill, Color stroke, double strokeWidth) {
    Shape s;
    s.kind = Shape::Kind::Rect;
    s.x = x;
    s.y = y;
    s.width = w;
    s.height = h;
    s.fill = fill;
    s.stroke = stroke;
    s.strokeWidth = strokeWidth;
    return s;
}

Shape line(double x1, double y1, double x2, double y2, Color stroke, double width) {
    Shape s;
    s.kind = Shape::Kind::Line;
    s.points = {{x1, y1}, {x2, y2}};
    s.stroke = stroke;
    s.strokeWidth = width;
    return s;
}

Shape text(double x, double y, std::string str, double size, TextAnchor anchor, Color color,
           bool bold) {
    Shape s;
    s.kind = Shape::Kind::Text;
    s.x = x;
    s.y = y;
    s.text = std::move(str);
    s.fontSize = size;
    s.anchor = anchor;
    s.fill = color;
    s.bold = bold;
    return s;
}

Shape circle(double cx, double cy, double r, Color fill, Color stroke) {
    Shape s;
    s.kind = Shape::Kind::Circle;
    s.x = cx;
    s.y = cy;
    s.width = r;
    s.fill = fill;
    s.stroke = stroke;
    s.strokeWidth = 0.75;
    return s;
}

std::vector<double> niceTicks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {};
    if (hi < lo)
        std::swap(lo, hi);
    if (hi - lo < 1e-12) {
        double pad = std::abs(lo) > 0 ? std::abs(lo) * 0.1 : 1.0;
        lo -= pad;
        hi += pad;
    }
    double raw = (hi - lo) / std::max(1, target);
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    std::vector<double> ticks;
    for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

std::string formatCompact(double v) {
    if (!std::isfinite(v))
        return std::isnan(v) ? "n/a" : (v > 0 ? "inf" : "-inf");
    char buf[32];
    double a = std::abs(v);
    if (a >= 1000 && a < 1e6 && std::abs(v - std::round(v)) < 1e-9)
        return groupedInt(std::llround(v)); // "3,457" like every integer people read
    if (a >= 1e-5 && a < 1e-3) {
        // Fixed notation with 2 significant digits ("0.00099", "-0.000056") beside "0.0412":
        // people read "9.88e-04" as another kind of number (issue 15, point 6).
        const int decimals = 1 - static_cast<int>(std::floor(std::log10(a)));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    } else if (a != 0.0 && (a >= 1e6 || a < 1e-5))
        std::snprintf(buf, sizeof buf, "%.1e", v);
    else
        std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

Color seriesColor(std::size_t i) {
    static const std::array<Color, 7> palette = {
        Color::rgb(0x00, 0x72, 0xb2), Color::rgb(0xd5, 0x5e, 0x00), Color::rgb(0x00, 0x9e, 0x73),
        Color::rgb(0xcc, 0x79, 0xa7), Color::rgb(0xe6, 0x9f, 0x00), Color::rgb(0x56, 0xb4, 0xe9),
        Color::rgb(0x44, 0x44, 0x44)};
    return palette[i % palette.size()];
}

} // namespace detail

namespace {

Color lerp(Color a, Color b, double t) {
    auto mix = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(x + (y - x) * t));
    };
    return Color::rgb(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
}

template <std::size_t N> Color ramp(const std::array<Color, N>& stops, double t) {
    if (!std::isfinite(t))
        return detail::kMasked;
    t = std::clamp(t, 0.0, 1.0) * (N - 1);
    std::size_t i = std::min(static_cast<std::size_t>(t), N - 2);
    return lerp(stops[i], stops[i + 1], t - static_cast<double>(i));
}

} // namespace

Color divergingColor(double value, double maxAbs) {
    // ColorBrewer RdBu (reversed so that red = positive = "pushes the item up").
    static const std::array<Color, 7> stops = {
        Color::rgb(0x21, 0x66, 0xac), Color::rgb(0x67, 0xa9, 0xcf), Color::rgb(0xd1, 0xe5, 0xf0),
        Color::rgb(0xf7, 0xf7, 0xf7), Color::rgb(0xfd, 0xdb, 0xc7), Color::rgb(0xef, 0x8a, 0x62),
        Color::rgb(0xb2, 0x18, 0x2b)};
    if (!std::isfinite(value))
        return detail::kMasked;
    double t = maxAbs > 0 ? 0.5 + 0.5 * value / maxAbs : 0.5;
    return ramp(stops, t);
}

Color sequentialColor(double t) {
    static const std::array<Color, 6> stops = {
        Color::rgb(0x44, 0x01, 0x54), Color::rgb(0x41, 0x44, 0x87), Color::rgb(0x2a, 0x78, 0x8e),
        Color::rgb(0x22, 0xa8, 0x84), Color::rgb(0x7a, 0xd1, 0x51), Color::rgb(0xfd, 0xe7, 0x25)};
    return ramp(stops, t);
}

std::string ellipsize(const std::string& text, std::size_t maxChars) {
    std::size_t count = 0, i = 0, cut = std::string::npos;
    while (i < text.size()) {
        if (count == maxChars - (maxChars > 0 ? 1 : 0) && cut == std::string::npos)
            cut = i;
        auto c = static_cast<unsigned char>(text[i]);
        i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        ++count;
    }
    if (count <= maxChars || cut == std::string::npos)
        return text;
    return text.substr(0, cut) + "\xe2\x80\xa6";
}

double estimateTextWidth(const std::string& text, double fontSize) {
    std::size_t codePoints = 0;
    for (unsigned char c : text)
        codePoints += (c & 0xc0) != 0x80;
    return 0.58 * fontSize * static_cast<double>(codePoints);
}

namespace {

/// Byte offsets of each code point's start, plus text.size() at the end.
std::vector<std::size_t> codePointStarts(const std::string& text) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80)
            starts.push_back(i);
    starts.push_back(text.size());
    return starts;
}

} // namespace

std::string fitToWidth(const std::string& text, double width, double fontSize) {
    if (estimateTextWidth(text, fontSize) <= width)
        return text;
    const auto starts = codePointStarts(text);
    const std::size_t n = starts.size() - 1;
    // Browsers and Qt draw DejaVu Sans a little wider than the estimate for capitals, so fit
    // with a margin rather than exactly.
    const auto fits = static_cast<std::size_t>(std::max(0.0, width / (0.62 * fontSize)));
    if (fits < 2)
        return fits == 1 ? "\xe2\x80\xa6" : "";
    const std::size_t keep = std::min(n, fits - 1); // one place for the ellipsis
    const std::size_t head = (keep * 3 + 4) / 5, tail = keep - head;
    std::string out = text.substr(0, starts[head]);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    out += "\xe2\x80\xa6";
    std::string end = text.substr(starts[n - tail]);
    while (!end.empty() && end.front() == ' ')
        end.erase(end.begin());
    return out + end;
}

std::vector<std::string> wrapTwoLines(const std::string& text, double width, double fontSize) {
    if (estimateTextWidth(text, fontSize) <= width)
        return {text};
    // The longest first line that fits, broken at a space.
    std::size_t cut = std::string::npos;
    for (std::size_t i = text.find(' '); i != std::string::npos; i = text.find(' ', i + 1)) {
        if (estimateTextWidth(text.substr(0, i), fontSize) > width)
            break;
        cut = i;
    }
    if (cut == std::string::npos)
        return {fitToWidth(text, width, fontSize)};
    return {text.substr(0, cut), fitToWidth(text.substr(cut + 1), width, fontSize)};
}

namespace {

/// "12 · " at the start of a label (a history position), kept whole by fitDistinct.
std::size_t leadLength(const std::string& label) {
    const std::size_t dot = label.find("\xc2\xb7 ");
    return dot != std::string::npos && dot <= 8 ? dot + 3 : 0;
}

/// Bytes `a` and `b` share at their start, cut back to the last space within them: the
/// shared words, not half of one.
std::size_t sharedWordsLength(const std::string& a, const std::string& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    if (n == a.size() && n == b.size())
        return 0; // the same title twice: nothing tells them apart, keep the plain fit
    const std::size_t space = a.rfind(' ', n == 0 ? 0 : n - 1);
    return space == std::string::npos || n == 0 ? 0 : space + 1;
}

/// `text` cut at its end to `width` ("…" last), on a code-point boundary.
std::string fitHead(const std::string& text, double width, double fontSize) {
    if (estimateTextWidth(text, fontSize) <= width)
        return text;
    const auto starts = codePointStarts(text);
    const auto fits = static_cast<std::size_t>(std::max(0.0, width / (0.62 * fontSize)));
    const std::size_t keep = std::min(starts.size() - 1, fits > 0 ? fits - 1 : 0);
    std::string out = text.substr(0, starts[keep]);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out + "\xe2\x80\xa6";
}

} // namespace

std::vector<std::string> fitDistinct(const std::vector<std::string>& labels, double width,
                                     double fontSize) {
    std::vector<std::string> out;
    double leadW = 0; // the widest "12 · ", so that every title is keyed at the same width
    for (const auto& l : labels) {
        out.push_back(fitToWidth(l, width, fontSize));
        leadW = std::max(leadW, estimateTextWidth(l.substr(0, leadLength(l)), fontSize));
    }
    std::vector<std::string> bodies; // each title as fitted: equal ones clash
    for (const auto& l : labels)
        bodies.push_back(fitToWidth(l.substr(leadLength(l)), width - leadW, fontSize));
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const std::size_t leadI = leadLength(labels[i]);
        const std::string bodyI = labels[i].substr(leadI);
        std::size_t shared = 0;
        for (std::size_t j = 0; j < labels.size(); ++j)
            if (j != i && bodies[j] == bodies[i])
                shared = std::max(
                    shared, sharedWordsLength(bodyI, labels[j].substr(leadLength(labels[j]))));
        if (shared == 0)
            continue;
        // The lead, the first word (the brand, usually), then where this title differs.
        const std::string lead = labels[i].substr(0, leadI);
        std::string first = bodyI.substr(0, std::min(bodyI.find(' '), shared));
        first = fitHead(first, 0.25 * width, fontSize);
        if (!first.empty() && first.back() != ' ')
            first += first.size() >= 3 && first.compare(first.size() - 3, 3, "\xe2\x80\xa6") == 0
                         ? ""
                         : "\xe2\x80\xa6";
        const std::string head = lead + first;
        out[i] = head +
                 fitHead(bodyI.substr(shared), width - estimateTextWidth(head, fontSize), fontSize);
    }
    return out;
}

} // namespace reclens::report
