#include "report/htmlwriter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <sstream>

namespace reclens::report {

namespace {

constexpr const char* kStyle = R"(
:root{color-scheme:light}
body{font-family:"DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif;font-size:14px;line-height:1.45;
color:#222;background:#fff;margin:0}
.page{max-width:960px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #1f5fa8}
h3{font-size:15px;margin:18px 0 4px;color:#1f5fa8}
h4{font-size:14px;margin:16px 0 4px;color:#1f5fa8}
.subtitle{color:#555;margin:0 0 18px}
p.note{color:#666;font-size:12px}
table{border-collapse:collapse;margin:6px 0 14px;font-size:12.5px}
caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border-bottom:1px solid #e2e2e2;padding:3px 8px;vertical-align:top}
th{background:#eef3f9;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even) td{background:#fafafa}
table.kv th{background:none;font-weight:normal;color:#555;width:14em}
div.figure{margin:10px 0 18px}
div.figure svg,div.figure img{max-width:100%;height:auto;display:block}
div.caption{color:#555;font-size:12px;margin-top:2px}
div.pagebreak{break-after:page;height:0}
@media print{.page{max-width:none;padding:0}h2{break-after:avoid}div.figure,table{break-inside:avoid}}
)";

std::string num(double v) {
    if (!std::isfinite(v))
        return "0";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    while (s.size() > 1 && s.back() == '0')
        s.pop_back();
    if (s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

void appendCodePoint(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

std::string shapeToSvg(const Shape& s) {
    std::ostringstream o;
    auto paint = [&](const char* attr, const Color& c) {
        o << ' ' << attr << "=\"" << c.hex() << '"';
    };
    auto common = [&] {
        if (s.opacity < 1.0)
            o << " opacity=\"" << num(s.opacity) << '"';
    };
    std::string title = s.tooltip.empty() ? "" : "<title>" + escapeHtml(s.tooltip) + "</title>";
    auto close = [&](const char* tag) {
        if (title.empty())
            o << "/>";
        else
            o << '>' << title << "</" << tag << '>';
    };
    switch (s.kind) {
    case Shape::Kind::Rect:
        o << "<rect x=\"" << num(s.x) << "\" y=\"" << num(s.y) << "\" width=\"" << num(s.width)
          << "\" height=\"" << num(s.height) << '"';
        paint("fill", s.fill);
        if (!s.stroke.none)
            paint("stroke", s.stroke), o << " stroke-width=\"" << num(s.strokeWidth) << '"';
        common();
        close("rect");
        break;
    case Shape::Kind::Circle:
        o << "<circle cx=\"" << num(s.x) << "\" cy=\"" << num(s.y) << "\" r=\"" << num(s.width)
          << '"';
        paint("fill", s.fill);
        if (!s.stroke.none)
            paint("stroke", s.stroke), o << " stroke-width=\"" << num(s.strokeWidth) << '"';
        common();
        close("circle");
        break;
    case Shape::Kind::Line:
    case Shape::Kind::Polyline: {
        if (s.points.size() < 2)
            return {};
        o << "<polyline points=\"";
        for (std::size_t i = 0; i < s.points.size(); ++i)
            o << (i ? " " : "") << num(s.points[i].x) << ',' << num(s.points[i].y);
        o << "\" fill=\"none\"";
        paint("stroke", s.stroke);
        o << " stroke-width=\"" << num(s.strokeWidth) << "\" stroke-linejoin=\"round\"";
        common();
        close("polyline");
        break;
    }
    case Shape::Kind::Text:
        o << "<text x=\"" << num(s.x) << "\" y=\"" << num(s.y) << "\" font-size=\""
          << num(s.fontSize) << '"';
        if (s.anchor != TextAnchor::Start)
            o << " text-anchor=\"" << (s.anchor == TextAnchor::Middle ? "middle" : "end") << '"';
        if (s.bold)
            o << " font-weight=\"bold\"";
        if (s.rotation != 0.0)
            o << " transform=\"rotate(" << num(s.rotation) << ' ' << num(s.x) << ' ' << num(s.y)
              << ")\"";
        paint("fill", s.fill.none ? Color::rgb(0x22, 0x22, 0x22) : s.fill);
        common();
        o << '>' << escapeHtml(s.text) << title << "</text>";
        break;
    }
    return o.str();
}

} // namespace

std::string sanitizeUtf8(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
        auto c = static_cast<unsigned char>(in[i]);
        if (c < 0x80) {
            if (c >= 0x20 || c == '\t' || c == '\n')
                out += static_cast<char>(c);
            else if (c == '\r')
                out += '\n';
            ++i;
            continue;
        }
        int len = c >= 0xc2 && c <= 0xdf   ? 2
                  : c >= 0xe0 && c <= 0xef ? 3
                  : c >= 0xf0 && c <= 0xf4 ? 4
                                           : 0;
        std::uint32_t cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
        bool ok = len > 0 && i + static_cast<std::size_t>(len) <= in.size();
        for (int k = 1; ok && k < len; ++k) {
            auto cc = static_cast<unsigned char>(in[i + static_cast<std::size_t>(k)]);
            ok = (cc & 0xc0) == 0x80;
            cp = (cp << 6) | (cc & 0x3f);
        }
        // Reject overlong forms, surrogates, out-of-range values and the XML-forbidden
        // non-characters U+FFFE/U+FFFF.
        ok = ok && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10ffff)) &&
             !(cp >= 0xd800 && cp <= 0xdfff) && cp != 0xfffe && cp != 0xffff;
        if (ok) {
            out.append(in.substr(i, static_cast<std::size_t>(len)));
            i += static_cast<std::size_t>(len);
        } else {
            appendCodePoint(out, 0xfffd);
            ++i;
        }
    }
    return out;
}

std::string escapeHtml(std::string_view text) {
    std::string clean = sanitizeUtf8(text), out;
    out.reserve(clean.size() + clean.size() / 8);
    for (char c : clean) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string base64(std::string_view bytes) {
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto at = [&](std::size_t k) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
    };
    for (; i + 2 < bytes.size(); i += 3) {
        std::uint32_t v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
        for (int shift = 18; shift >= 0; shift -= 6)
            out += alphabet[(v >> shift) & 63];
    }
    if (i + 1 == bytes.size()) {
        std::uint32_t v = at(i) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        std::uint32_t v = at(i) << 16 | at(i + 1) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string figureToSvg(const Figure& fig) {
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << num(fig.width) << ' '
      << num(fig.height) << "\" width=\"" << num(fig.width * 4.0 / 3.0) << "\" height=\""
      << num(fig.height * 4.0 / 3.0) << "\" role=\"img\" aria-label=\"" << escapeHtml(fig.altText)
      << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">";
    for (const Shape& s : fig.shapes)
        o << shapeToSvg(s);
    o << "</svg>";
    return o.str();
}

namespace {

struct BlockWriter {
    std::ostringstream& o;
    bool inlineSvg;
    void operator()(const Heading& h) const {
        int level = std::clamp(h.level, 1, 4);
        o << "<h" << level << '>' << escapeHtml(h.text) << "</h" << level << ">\n";
    }
    void operator()(const Paragraph& p) const {
        o << (p.note ? "<p class=\"note\">" : "<p>") << escapeHtml(p.text) << "</p>\n";
    }
    void operator()(const KeyValues& kv) const {
        o << "<table class=\"kv\">";
        if (!kv.caption.empty())
            o << "<caption>" << escapeHtml(kv.caption) << "</caption>";
        o << "<tbody>";
        for (const auto& [k, v] : kv.items)
            o << "<tr><th scope=\"row\">" << escapeHtml(k) << "</th><td>" << escapeHtml(v)
              << "</td></tr>";
        o << "</tbody></table>\n";
    }
    void operator()(const Table& t) const {
        auto cls = [&](std::size_t c) {
            return c < t.align.size() && t.align[c] == Align::Right ? " class=\"num\"" : "";
        };
        o << "<table>";
        if (!t.caption.empty())
            o << "<caption>" << escapeHtml(t.caption) << "</caption>";
        o << "<thead><tr>";
        for (std::size_t c = 0; c < t.header.size(); ++c)
            o << "<th scope=\"col\"" << cls(c) << '>' << escapeHtml(t.header[c]) << "</th>";
        o << "</tr></thead><tbody>";
        for (const auto& row : t.rows) {
            o << "<tr>";
            for (std::size_t c = 0; c < row.size(); ++c)
                o << "<td" << cls(c) << '>' << escapeHtml(row[c]) << "</td>";
            o << "</tr>";
        }
        o << "</tbody></table>\n";
    }
    void operator()(const Figure& f) const {
        o << "<div class=\"figure\">";
        if (inlineSvg)
            o << figureToSvg(f);
        else
            o << "<img width=\"" << num(f.width * 4.0 / 3.0) << "\" height=\""
              << num(f.height * 4.0 / 3.0) << "\" alt=\"" << escapeHtml(f.altText)
              << "\" src=\"data:image/svg+xml;base64," << base64(figureToSvg(f)) << "\"/>";
        if (!f.caption.empty())
            o << "<div class=\"caption\">" << escapeHtml(f.caption) << "</div>";
        o << "</div>\n";
    }
    void operator()(const PageBreak&) const { o << "<div class=\"pagebreak\"></div>\n"; }
};

} // namespace

std::string renderHtml(const ReportDocument& doc, const HtmlOptions& options) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
      << "<meta name=\"generator\" content=\"" << escapeHtml(options.generator) << "\"/>\n"
      << "<title>" << escapeHtml(doc.title) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<div class=\"page\">\n<h1>" << escapeHtml(doc.title)
      << "</h1>\n";
    if (!doc.subtitle.empty())
        o << "<p class=\"subtitle\">" << escapeHtml(doc.subtitle) << "</p>\n";
    BlockWriter w{o, options.inlineSvg};
    for (const Block& b : doc.blocks)
        std::visit(w, b);
    o << "</div>\n</body>\n</html>\n";
    return o.str();
}

} // namespace reclens::report
