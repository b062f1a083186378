#pragma once
// A report as a layout-neutral document: headings, paragraphs, key/value lists, tables and
// figures in reading order. The HTML writer (core) and the PDF renderer (Qt) both walk the same
// document, so the two formats show the same content in the same order, and every chart is a
// list of vector shapes computed once here (SVG in HTML, QPainter paths in PDF).

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace reclens::report {

/// `format_version` of report.json (customer and product reports; docs/report-schema.json).
/// 2: the model card's model block uses snake_case keys ("best_epoch", not "bestEpoch").
inline constexpr int kReportFormatVersion = 2;

/// sRGB colour; `none` means "do not paint" (no fill or no stroke).
struct Color {
    std::uint8_t r = 0, g = 0, b = 0;
    bool none = false;
    static Color rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b) { return {r, g, b, false}; }
    static Color transparent() { return {0, 0, 0, true}; }
    std::string hex() const; // "#rrggbb", or "none"
    bool operator==(const Color&) const = default;
};

enum class TextAnchor { Start, Middle, End };

struct Point {
    double x = 0.0, y = 0.0;
};

/// One vector primitive in figure coordinates (points, y down, origin top-left).
struct Shape {
    enum class Kind { Rect, Line, Polyline, Circle, Text };
    Kind kind = Kind::Rect;
    double x = 0.0, y = 0.0;          // rect: top-left; circle: centre; text: anchor on baseline
    double width = 0.0, height = 0.0; // rect size; circle: width = radius
    std::vector<Point> points;        // line (2 points) and polyline
    Color fill = Color::transparent();
    Color stroke = Color::transparent();
    double strokeWidth = 1.0;
    double opacity = 1.0;
    std::string text;      // text shapes: UTF-8, unescaped
    double fontSize = 9.0; // points
    bool bold = false;
    TextAnchor anchor = TextAnchor::Start;
    double rotation = 0.0; // degrees, about (x, y); -90 = reads bottom-to-top
    std::string tooltip;   // shown on hover in HTML (SVG <title>); ignored in PDF
};

struct Figure {
    double width = 400.0; // points; renderers scale it down to the available width
    double height = 200.0;
    std::vector<Shape> shapes;
    std::string caption; // below the figure
    std::string altText; // short description for screen readers
};

enum class Align { Left, Right };

struct Table {
    std::string caption;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<Align> align; // per column; missing entries are Left
    // When non-empty, the CSV export writes this table as <report>.<csvName>.csv. Cells of a
    // table meant for CSV hold full-precision numbers.
    std::string csvName;
};

struct Heading {
    int level = 2; // 1 = report title, 2 = section, 3 = subsection
    std::string text;
};

struct Paragraph {
    std::string text;
    bool note = false; // small, muted text (method notes, caveats)
};

struct KeyValues {
    std::string caption;
    std::vector<std::pair<std::string, std::string>> items;
};

struct PageBreak {};

using Block = std::variant<Heading, Paragraph, KeyValues, Table, Figure, PageBreak>;

struct ReportDocument {
    std::string title;    // document title (HTML <title>, PDF metadata and page header)
    std::string subtitle; // one line under the title
    std::vector<Block> blocks;

    void heading(int level, std::string text) {
        blocks.emplace_back(Heading{level, std::move(text)});
    }
    void paragraph(std::string text, bool note = false) {
        blocks.emplace_back(Paragraph{std::move(text), note});
    }
    void add(Block b) { blocks.push_back(std::move(b)); }
    void pageBreak() { blocks.emplace_back(PageBreak{}); }
};

} // namespace reclens::report
