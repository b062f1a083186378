// Chart builders: geometry follows the data (sign, magnitude, masking), colours follow sign.
#include "report/charts.h"
#include "report/htmlwriter.h"
#include "report/sha256.h"
#include "test_report_fixtures.h"
#include "testdata.h"

#include "common/atomicfile.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace reclens;
using namespace reclens::report;

namespace {

std::vector<const Shape*> tooltipped(const Figure& f, Shape::Kind kind) {
    std::vector<const Shape*> out;
    for (const Shape& s : f.shapes)
        if (s.kind == kind && !s.tooltip.empty())
            out.push_back(&s);
    return out;
}

} // namespace

TEST(ReportCharts, DivergingPaletteIsRedForPositiveBlueForNegativeWhiteAtZero) {
    Color pos = divergingColor(1.0, 1.0), neg = divergingColor(-1.0, 1.0),
          zero = divergingColor(0.0, 1.0);
    EXPECT_GT(pos.r, pos.b);
    EXPECT_GT(neg.b, neg.r);
    EXPECT_GT(zero.r, 240);
    EXPECT_GT(zero.b, 240);
    EXPECT_EQ(divergingColor(5.0, 1.0), pos); // clamped
    EXPECT_NE(divergingColor(0.5, 1.0), pos);
}

TEST(ReportCharts, HeatmapHasOneCellPerValueAndMasksNaN) {
    HeatmapSpec s;
    s.rowLabels = {"a", "b"};
    s.colLabels = {"x", "y", "z"};
    s.values = {0.0, 0.5, NAN, 1.0, 0.25, 0.75};
    Figure f = heatmap(s);
    auto cells = tooltipped(f, Shape::Kind::Rect);
    ASSERT_EQ(cells.size(), 6u);
    EXPECT_EQ(cells[2]->fill, Color::rgb(0xf2, 0xf2, 0xf2));
    EXPECT_NE(cells[2]->tooltip.find("masked"), std::string::npos);
    EXPECT_EQ(cells[0]->fill, sequentialColor(0.0));
    EXPECT_EQ(cells[3]->fill, sequentialColor(1.0));
    EXPECT_LT(cells[0]->x, cells[1]->x);
    EXPECT_LT(cells[0]->y, cells[3]->y);
}

TEST(ReportCharts, SignedBarLengthsAreProportionalAndPointBySign) {
    BarPanelsSpec s;
    s.labels = {"up", "down", "zero"};
    s.panelTitles = {"m"};
    s.values = {{2.0, -1.0, 0.0}};
    Figure f = signedBarPanels(s);
    auto bars = tooltipped(f, Shape::Kind::Rect);
    ASSERT_EQ(bars.size(), 3u);
    EXPECT_NEAR(bars[0]->width, 2.0 * bars[1]->width, 1e-9);
    EXPECT_EQ(bars[2]->width, 0.0);
    // Positive starts at the zero line, negative ends there.
    EXPECT_NEAR(bars[0]->x, bars[1]->x + bars[1]->width, 1e-9);
    EXPECT_GT(bars[0]->fill.r, bars[0]->fill.b);
    EXPECT_GT(bars[1]->fill.b, bars[1]->fill.r);
}

TEST(ReportCharts, HistogramBarHeightsFollowCounts) {
    HistogramSpec s;
    s.binEdges = {1, 2, 6, 11};
    s.counts = {4, 2, 0};
    s.integerBins = true;
    Figure f = histogram(s);
    auto bars = tooltipped(f, Shape::Kind::Rect);
    ASSERT_EQ(bars.size(), 3u);
    EXPECT_NEAR(bars[0]->height, 2.0 * bars[1]->height, 1e-9);
    EXPECT_EQ(bars[2]->height, 0.0);
    EXPECT_EQ(bars[1]->tooltip.substr(0, 1), "2");
}

TEST(ReportCharts, ScatterDropsNonPositivePointsOnLogAxesAndLabelsHighlight) {
    ScatterSpec s;
    s.x = {1, 10, 0, 100};
    s.y = {1, 0, 5, 1000};
    s.logX = s.logY = true;
    s.highlight = {3};
    s.highlightLabels = {"star"};
    Figure f = scatter(s);
    int circles = 0;
    for (const Shape& sh : f.shapes)
        circles += sh.kind == Shape::Kind::Circle;
    EXPECT_EQ(circles, 3); // two usable points + the highlight ring
    bool labelled = false;
    for (const Shape& sh : f.shapes)
        labelled = labelled || (sh.kind == Shape::Kind::Text && sh.text == "star");
    EXPECT_TRUE(labelled);
}

TEST(ReportCharts, EllipsizeKeepsUtf8Valid) {
    const std::string s = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac";
    for (std::size_t n = 1; n < 6; ++n) {
        std::string e = ellipsize(s, n);
        EXPECT_EQ(sanitizeUtf8(e), e) << n;
    }
    EXPECT_EQ(ellipsize("short", 10), "short");
    EXPECT_EQ(ellipsize("abcdefgh", 4), "abc\xe2\x80\xa6");
}

TEST(ReportSha256, MatchesFipsVectorsAndHashesFileBytes) {
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    std::string big(200000, 'a');
    const std::string path = test::scratchDir("sha") + "/blob.bin";
    ASSERT_TRUE(writeFileAtomically(path, big).ok());
    auto d = sha256File(path);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->bytes, big.size());
    EXPECT_EQ(d->sha256, sha256Hex(big));
    auto missing = sha256File(path + ".missing");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
}

namespace {

/// Estimated horizontal extent of a non-rotated text shape.
std::pair<double, double> textExtent(const Shape& s) {
    const double w = estimateTextWidth(s.text, s.fontSize);
    switch (s.anchor) {
    case TextAnchor::Start:
        return {s.x, s.x + w};
    case TextAnchor::Middle:
        return {s.x - w / 2, s.x + w / 2};
    case TextAnchor::End:
        break;
    }
    return {s.x - w, s.x};
}

const std::string kLongTitle =
    "6061 Aluminum Round Rod, Unpolished (Mill) Finish, Extruded, T6511 Temper, 1/2 in x 12 in";

} // namespace

// Long titles (Amazon Scientific) are shortened in the middle to their column instead of running
// off the figure's left edge, where HTML clips them; the ends that tell titles apart stay.
TEST(ReportCharts, LongLabelsStayInsideTheFigureAndKeepTheirEnds) {
    BarPanelsSpec bars;
    bars.labels = {"1 \xc2\xb7 " + kLongTitle, "2 \xc2\xb7 short"};
    for (int p = 0; p < 7; ++p) {
        bars.panelTitles.push_back("Integrated gradients (baseline " + std::to_string(p) + ")");
        bars.values.push_back({1.0, -0.5});
    }
    HeatmapSpec heat;
    heat.rowLabels = {"layer 1 head 1"};
    heat.colLabels = bars.labels;
    heat.values = {0.00707, 0.85};
    for (const Figure& f : {signedBarPanels(bars), heatmap(heat)}) {
        bool sawLong = false;
        for (const Shape& s : f.shapes) {
            if (s.kind != Shape::Kind::Text)
                continue;
            if (s.rotation == 0.0) {
                const auto [lo, hi] = textExtent(s);
                EXPECT_GE(lo, -0.5) << s.text;
                EXPECT_LE(hi, f.width + 0.5) << s.text;
            }
            if (s.text.rfind("1 \xc2\xb7 6061", 0) == 0) {
                sawLong = true;
                EXPECT_NE(s.text.find("\xe2\x80\xa6"), std::string::npos) << s.text;
                EXPECT_EQ(s.text.substr(s.text.size() - 4), "2 in") << s.text; // the size stays
            }
        }
        EXPECT_TRUE(sawLong);
    }
}

// Similar long titles (Amazon Scientific: one brand's filaments in many colours) shortened in
// the middle all read "3D Solutec…S (1.0KG)"; the saliency panels' rows must stay apart.
TEST(ReportCharts, SimilarTitlesShortenToDistinctLabels) {
    const std::string tail = " 3D Printer PLA Filament 1.75MM Filament, Dimensional Accuracy "
                             "+/- 0.03 mm, 2.2 LBS (1.0KG)";
    BarPanelsSpec bars;
    for (const char* colour : {"Silver Metal", "Chocolate Brown", "Natural Clear", "Real White"})
        bars.labels.push_back(std::to_string(bars.labels.size() + 1) + " \xc2\xb7 3D Solutech " +
                              colour + tail);
    bars.labels.push_back("5 \xc2\xb7 short");
    for (int p = 0; p < 7; ++p) {
        bars.panelTitles.push_back("method " + std::to_string(p));
        bars.values.push_back({1.0, -0.5, 0.2, 0.1, 0.3});
    }
    const Figure f = signedBarPanels(bars);
    std::vector<std::string> rows;
    for (const Shape& s : f.shapes)
        if (s.kind == Shape::Kind::Text && s.rotation == 0.0 &&
            s.text.find("\xc2\xb7") != std::string::npos)
            rows.push_back(s.text.substr(s.text.find("\xc2\xb7") + 2));
    ASSERT_EQ(rows.size(), 5u);
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = i + 1; j < rows.size(); ++j)
            EXPECT_NE(rows[i], rows[j]) << "rows " << i + 1 << " and " << j + 1 << " read the same";
    EXPECT_NE(rows[0].find("Silver"), std::string::npos) << rows[0]; // the part that differs
    EXPECT_NE(rows[3].find("Real Wh"), std::string::npos) << rows[3];
    EXPECT_EQ(rows[4], " short");
    for (const Shape& s : f.shapes) {
        if (s.kind == Shape::Kind::Text && s.rotation == 0.0) {
            EXPECT_GE(textExtent(s).first, -0.5) << s.text; // still inside the figure
        }
    }
}

// Each panel title fits its panel (on up to two lines), and each heatmap number fits its cell.
TEST(ReportCharts, PanelTitlesAndCellNumbersFitTheirBoxes) {
    BarPanelsSpec bars;
    bars.labels = {"a"};
    for (const char* t : {"Attention rollout", "Gradient (L2 norm)", "Gradient \xc3\x97 input",
                          "Integrated gradients", "Leave-one-out", "Occlusion in place"}) {
        bars.panelTitles.push_back(t);
        bars.values.push_back({0.5});
    }
    const Figure f = signedBarPanels(bars);
    const double panelWidth = 62.0; // six panels: the A4 layout of signedBarPanels
    for (const Shape& s : f.shapes) {
        if (s.kind == Shape::Kind::Text && s.bold) {
            EXPECT_LE(estimateTextWidth(s.text, s.fontSize), panelWidth) << s.text;
        }
    }
    HeatmapSpec heat;
    heat.rowLabels = {"r"};
    heat.colLabels = {"a", "b", "c"};
    heat.values = {0.00707, 5.56e-05, 0.853};
    const Figure h = heatmap(heat);
    const auto cells = tooltipped(h, Shape::Kind::Rect);
    ASSERT_EQ(cells.size(), 3u);
    std::vector<std::string> numbers;
    for (const Shape& s : h.shapes)
        if (s.kind == Shape::Kind::Text && s.fontSize <= 5.5) {
            numbers.push_back(s.text);
            EXPECT_LE(estimateTextWidth(s.text, s.fontSize), cells[0]->width) << s.text;
        }
    EXPECT_EQ(numbers, (std::vector<std::string>{"0.01", "<0.01", "0.85"}));
}
