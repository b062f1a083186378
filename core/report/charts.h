#pragma once
// Chart builders: data in, a Figure of vector shapes out. Pure functions, no rendering, so the
// HTML (SVG) and PDF (QPainter) outputs draw exactly the same geometry. Non-finite values are
// drawn as empty (hatched-grey) cells or skipped points, never as garbage.

#include "report/reportdocument.h"

#include <string>
#include <vector>

namespace reclens::report {

/// Diverging palette for signed values (blue = negative, white = 0, red = positive), clamped
/// to [-maxAbs, maxAbs]. Red/blue stay distinguishable for the common colour-vision deficiencies.
Color divergingColor(double value, double maxAbs);
/// Sequential palette (viridis-like, dark = low, yellow = high) for t in [0, 1].
Color sequentialColor(double t);

/// Shortens `text` to at most `maxChars` code points, ending with "…" when cut. UTF-8 safe.
std::string ellipsize(const std::string& text, std::size_t maxChars);
/// Rough width of `text` at `fontSize` (points); used for layout only.
double estimateTextWidth(const std::string& text, double fontSize);
/// `text` shortened in the middle ("6061 Aluminum Round…1/2 in x 12 in") so that its estimated
/// width at `fontSize` is at most `width`; similar titles keep the ends that tell them apart.
std::string fitToWidth(const std::string& text, double width, double fontSize);
/// Each label fitted to `width` like fitToWidth, except those that would then read the same as
/// another (similar long titles: "3D Solutec…S (1.0KG)" three times): they keep a leading
/// "12 · " position, their first word and then the words where they differ from the others
/// ("3 · 3D…Silver Metal 3D Pri…").
std::vector<std::string> fitDistinct(const std::vector<std::string>& labels, double width,
                                     double fontSize);
/// `text` broken at spaces into at most two lines that each fit `width` (the second line
/// shortened by fitToWidth when the text is longer still).
std::vector<std::string> wrapTwoLines(const std::string& text, double width, double fontSize);

struct HeatmapSpec {
    std::vector<std::string> rowLabels; // top to bottom
    std::vector<std::string> colLabels; // left to right
    std::vector<double> values;         // row-major rows × cols; NaN = not defined (masked)
    double minValue = 0.0;              // colour scale range
    double maxValue = 1.0;
    bool diverging = false; // true: signed palette around 0 (uses max |min|,|max|)
    std::string rowTitle;
    std::string colTitle;
    std::string legendTitle;
    std::string caption;
};
Figure heatmap(const HeatmapSpec& spec);

struct BarSpec {
    std::vector<std::string> labels; // one bar per label, top to bottom
    std::vector<double> values;      // signed
    std::string valueTitle;          // axis title under the bars
    std::string caption;
};
/// Horizontal bars from a centred zero line, coloured by sign and magnitude.
Figure signedBars(const BarSpec& spec);

struct BarPanelsSpec {
    std::vector<std::string> labels;         // shared rows (e.g. history items)
    std::vector<std::string> panelTitles;    // one panel per method
    std::vector<std::vector<double>> values; // values[panel][row]; each panel has its own scale
    std::string caption;
};
/// Small multiples: one signed-bar panel per method side by side sharing the row labels, each
/// scaled to its own max |value| (methods have different units), with the value printed.
Figure signedBarPanels(const BarPanelsSpec& spec);

struct HistogramSpec {
    std::vector<double> binEdges; // size bins+1, increasing
    std::vector<double> counts;   // size bins
    std::string xTitle;
    std::string yTitle;
    std::string caption;
    bool integerBins = false; // label bins by their integer range ("1", "2-5")
};
Figure histogram(const HistogramSpec& spec);

struct Series {
    std::string name;
    std::vector<double> x, y;
};
struct LineChartSpec {
    std::vector<Series> series;
    std::string xTitle, yTitle, caption;
};
Figure lineChart(const LineChartSpec& spec);

struct ScatterSpec {
    std::vector<double> x, y;           // points; non-positive values are dropped on log axes
    std::vector<std::string> tooltips;  // optional, per point
    std::vector<std::size_t> highlight; // indices drawn large and labelled
    std::vector<std::string> highlightLabels;
    bool logX = false, logY = false;
    std::string xTitle, yTitle, caption;
};
Figure scatter(const ScatterSpec& spec);

} // namespace reclens::report
