// HTML writer: escaping, UTF-8 repair, and a real parser (xmllint) reading the output.
#include "common/atomicfile.h"
#include "report/customerreport.h"
#include "report/htmlwriter.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <sstream>

using namespace reclens;
using namespace reclens::report;
using namespace reclens::test;

namespace {

ReportOutput customerReport() {
    Dataset ds = reportDataset();
    return buildCustomerReport(ds, reportCustomerData(ds), reportModelCard(ds));
}

std::string writeCustomerHtml(const std::string& dir, bool inlineSvg = false) {
    HtmlOptions options;
    options.inlineSvg = inlineSvg;
    const std::string path = dir + "/report.html";
    EXPECT_TRUE(writeFileAtomically(path, renderHtml(customerReport().document, options)).ok());
    return path;
}

std::string xpathString(const std::string& file, const std::string& expr, bool html = true) {
    CommandResult r = runCommand(std::string("xmllint ") + (html ? "--html " : "") +
                                 "--xpath \"string(" + expr + ")\" '" + file + "' 2>/dev/null");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    if (!r.output.empty() && r.output.back() == '\n')
        r.output.pop_back(); // xmllint ends its answer with a newline
    return r.output;
}

std::string decodeBase64(const std::string& in) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        auto pos = alphabet.find(c);
        if (pos == std::string::npos)
            continue; // padding
        acc = (acc << 6) | static_cast<std::uint32_t>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}

} // namespace

TEST(ReportHtml, EscapeHtmlEscapesMarkupQuotesAndAmpersands) {
    EXPECT_EQ(escapeHtml(kScriptTitle), "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(escapeHtml("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
    EXPECT_EQ(escapeHtml(kUnicodeTitle), kUnicodeTitle); // valid UTF-8 passes unchanged
}

TEST(ReportHtml, SanitizeUtf8ReplacesInvalidSequencesAndDropsControlCharacters) {
    EXPECT_EQ(sanitizeUtf8("a\xff"
                           "b"),
              "a\xef\xbf\xbd"
              "b");
    EXPECT_EQ(sanitizeUtf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                 // overlong '/'
    EXPECT_EQ(sanitizeUtf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); // surrogate
    EXPECT_EQ(sanitizeUtf8("x\x01y\tz\r\n"), "xy\tz\n\n");
    EXPECT_EQ(sanitizeUtf8("\xe6\x97\xa5"), "\xe6\x97\xa5");
    EXPECT_EQ(sanitizeUtf8("cut \xe6\x97"), "cut \xef\xbf\xbd\xef\xbf\xbd");
}

TEST(ReportHtml, Base64MatchesRfc4648Vectors) {
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64("f"), "Zg==");
    EXPECT_EQ(base64("fo"), "Zm8=");
    EXPECT_EQ(base64("foo"), "Zm9v");
    EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
    const std::string binary("\xff\x00\x10x", 4);
    EXPECT_EQ(decodeBase64(base64(binary)), binary);
}

TEST(ReportHtml, CustomerReportParsesWithXmllintHtmlWithoutAnyMessage) {
    const std::string file = writeCustomerHtml(scratchDir("html"));
    CommandResult html = runCommand("xmllint --html --noout '" + file + "'");
    EXPECT_EQ(html.exitCode, 0);
    EXPECT_EQ(html.output, "") << "xmllint --html reported problems";
    // Also well-formed XML (stricter than the HTML parser).
    CommandResult xml = runCommand("xmllint --noout '" + file + "'");
    EXPECT_EQ(xml.exitCode, 0);
    EXPECT_EQ(xml.output, "");
}

namespace {

const std::string kSvgDataPrefix = "src=\"data:image/svg+xml;base64,";

/// [start, end) of every `src="data:image/svg+xml;base64,..."` attribute. Plain searching, not
/// std::regex: libstdc++'s regex recurses once per matched character and overflowed the stack on
/// the long base64 payloads under AddressSanitizer (scripts/sanitize.sh).
std::vector<std::pair<size_t, size_t>> svgDataAttributes(const std::string& text) {
    std::vector<std::pair<size_t, size_t>> spans;
    for (size_t at = text.find(kSvgDataPrefix); at != std::string::npos;
         at = text.find(kSvgDataPrefix, at + 1)) {
        const size_t end = text.find('"', at + kSvgDataPrefix.size());
        if (end == std::string::npos)
            break;
        spans.emplace_back(at, end + 1);
    }
    return spans;
}

} // namespace

TEST(ReportHtml, EveryEmbeddedChartIsWellFormedSvgWithEscapedLabels) {
    const std::string dir = scratchDir("svg");
    const std::string text = readFile(writeCustomerHtml(dir));
    int charts = 0;
    bool sawScriptLabel = false;
    for (const auto& [begin, end] : svgDataAttributes(text)) {
        const std::string payload =
            text.substr(begin + kSvgDataPrefix.size(), end - 1 - begin - kSvgDataPrefix.size());
        ASSERT_FALSE(payload.empty());
        ASSERT_EQ(payload.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789+/="),
                  std::string::npos);
        const std::string svg = decodeBase64(payload);
        ASSERT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
        EXPECT_EQ(svg.find("<script"), std::string::npos);
        const std::string path = dir + "/chart" + std::to_string(charts++) + ".svg";
        ASSERT_TRUE(writeFileAtomically(path, svg).ok());
        CommandResult xml = runCommand("xmllint --noout '" + path + "'");
        EXPECT_EQ(xml.output, "") << path;
        if (svg.find("alert(1)") != std::string::npos) {
            // The parsed tooltip holds the original title, intact; the bar label is shortened
            // in the middle to its column, its markup still escaped.
            EXPECT_NE(xpathString(path, "//*[local-name()='title'][contains(.,'alert')]", false)
                          .find("1 \xc2\xb7 " + kScriptTitle),
                      std::string::npos);
            EXPECT_EQ(xpathString(path, "//*[local-name()='text'][contains(.,'script')]", false)
                          .rfind("1 \xc2\xb7 <script", 0),
                      0u);
            sawScriptLabel = true;
        }
    }
    EXPECT_EQ(charts, 2 * 5); // per explanation: bars, 2 heatmaps, 2 curves
    EXPECT_TRUE(sawScriptLabel);
}

TEST(ReportHtml, InlineSvgModeIsWellFormedXmlAndOnlySvgTagsAreUnknownToHtml4) {
    const std::string file = writeCustomerHtml(scratchDir("inline"), true);
    CommandResult xml = runCommand("xmllint --noout '" + file + "'");
    EXPECT_EQ(xml.exitCode, 0);
    EXPECT_EQ(xml.output, "");
    CommandResult html = runCommand("xmllint --html --noout '" + file + "'");
    EXPECT_EQ(html.exitCode, 0);
    // libxml2 2.9's HTML parser knows HTML 4 only and calls every SVG element an unknown tag;
    // exactly those messages are accepted, nothing else.
    const std::set<std::string> svgTags = {"svg", "rect", "circle", "polyline", "text", "title"};
    const std::regex errorLine(R"(HTML parser error : (.*))");
    const std::regex tag(R"(^Tag (\w+) invalid)");
    std::istringstream lines(html.output);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m, t;
        if (!std::regex_search(line, m, errorLine))
            continue;
        const std::string what = m[1];
        ASSERT_TRUE(std::regex_search(what, t, tag)) << line;
        EXPECT_TRUE(svgTags.count(t[1])) << line;
    }
}

TEST(ReportHtml, HostileTitlesAppearEscapedAndParseBackIntact) {
    const std::string file = writeCustomerHtml(scratchDir("hostile"));
    const std::string text = readFile(file);
    EXPECT_EQ(text.find("<script"), std::string::npos) << "raw markup leaked into the HTML";
    EXPECT_EQ(text.find("<b>"), std::string::npos);
    EXPECT_NE(text.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    // A real parser gets the original strings back.
    Dataset ds = reportDataset();
    const std::string title = "Customer " + ds.users[0].id + ": why these recommendations";
    EXPECT_EQ(xpathString(file, "//title"), title);
    EXPECT_EQ(xpathString(file, "//h1"), title);
    EXPECT_EQ(xpathString(file, "//table[.//th[.='Title']]//td[contains(.,'alert')]"),
              kScriptTitle);
    EXPECT_EQ(xpathString(file, "//table[.//th[.='Title']]//td[contains(.,'Best')]"), kQuoteTitle);
    EXPECT_EQ(xpathString(file, "//table[.//th[.='Title']]//td[contains(.,'Caf')]"), kUnicodeTitle);
    EXPECT_EQ(xpathString(file, "//table[.//th[.='Title']]//td[contains(.,'bytes')]"),
              "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
}

TEST(ReportHtml, IsSelfContainedWithoutScriptsOrExternalResources) {
    std::string text = readFile(writeCustomerHtml(scratchDir("selfcontained")));
    // The only URIs allowed: the SVG namespace (an identifier) and data: images.
    const auto spans = svgDataAttributes(text);
    for (auto it = spans.rbegin(); it != spans.rend(); ++it)
        text.erase(it->first, it->second - it->first);
    for (const char* banned : {"<script", "<link", "src=", "@import", "url(", "http://", "https://",
                               "<iframe", "@font-face", "<object", "<embed"})
        EXPECT_EQ(text.find(banned), std::string::npos) << banned;
    EXPECT_NE(text.find("<style>"), std::string::npos);
}
