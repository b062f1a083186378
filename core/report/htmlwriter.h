#pragma once
// Self-contained HTML: inline CSS, charts as inline SVG, no scripts, fonts or network access.
// Every string that comes from data goes through escapeText()/escapeAttribute(), which also
// repair invalid UTF-8 and drop control characters, so the output is well-formed XML as well
// as HTML (tests parse it both ways).

#include "report/reportdocument.h"

#include <string>
#include <string_view>

namespace reclens::report {

/// Valid UTF-8 with every invalid byte sequence replaced by U+FFFD and control characters
/// other than tab/newline removed (they are not allowed in XML 1.0).
std::string sanitizeUtf8(std::string_view text);
/// Text for element content and attribute values: & < > " ' escaped, sanitized as above.
std::string escapeHtml(std::string_view text);

/// One <svg> element for `fig` (no XML declaration), scaled to fit its container.
std::string figureToSvg(const Figure& fig);

struct HtmlOptions {
    std::string generator = "RecLens"; // <meta name="generator">
    // false (default): each chart is an <img> whose src is a base64 data: URI holding the SVG —
    //   still vector and self-contained, and the page is plain HTML that HTML-4 parsers such
    //   as libxml2's (xmllint --html) read without a single error.
    // true: <svg> elements inline in the page (hover tooltips in browsers; libxml2 2.9 then
    //   reports every SVG element as an unknown tag, although the page is well-formed).
    bool inlineSvg = false;
};

/// Standard base64 (RFC 4648) with padding.
std::string base64(std::string_view bytes);

/// The complete document, UTF-8, starting with <!DOCTYPE html>.
std::string renderHtml(const ReportDocument& doc, const HtmlOptions& options = {});

} // namespace reclens::report
