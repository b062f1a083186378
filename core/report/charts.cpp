// Matrix-like charts: heatmap, signed bars and side-by-side bar panels.
#include "report/charts.h"
#include "report/chartprimitives.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace reclens::report {

using namespace detail;

namespace {

constexpr double kLabelFont = 8.0;
constexpr std::size_t kMaxLabelChars = 30;

double labelColumnWidth(const std::vector<std::string>& labels, double cap) {
    double w = 0;
    for (const auto& l : labels)
        w = std::max(w, estimateTextWidth(ellipsize(l, kMaxLabelChars), kLabelFont));
    return std::min(w, cap) + 6.0;
}

/// Labels shortened to the space their column has (never past the figure's left edge), apart
/// from each other where similar titles would shorten to the same text.
std::vector<std::string> columnLabels(const std::vector<std::string>& labels, double columnWidth) {
    return fitDistinct(labels, columnWidth - 6.0, kLabelFont);
}

/// A heatmap cell's value as short as its cell: two decimals, "<0.01" for tiny non-zero values.
std::string cellText(double v) {
    char buf[32];
    const double a = std::abs(v);
    if (a != 0.0 && a < 0.005)
        return v > 0 ? "<0.01"
                     : "\xe2\x88\x92"
                       "0.00";
    if (a < 10)
        std::snprintf(buf, sizeof buf, "%.2f", v);
    else if (a < 1000)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        return formatCompact(v);
    return buf;
}

double maxAbsOf(const std::vector<double>& v) {
    double m = 0;
    for (double x : v)
        if (std::isfinite(x))
            m = std::max(m, std::abs(x));
    return m;
}

} // namespace

Figure heatmap(const HeatmapSpec& spec) {
    Figure fig;
    fig.caption = spec.caption;
    const std::size_t rows = spec.rowLabels.size(), cols = spec.colLabels.size();
    fig.altText =
        "Heatmap with " + std::to_string(rows) + " rows and " + std::to_string(cols) + " columns";
    const double cell =
        std::clamp(300.0 / static_cast<double>(std::max<std::size_t>({rows, cols, std::size_t{1}})),
                   6.0, 22.0);
    const double titleGap = spec.rowTitle.empty() ? 0.0 : 14.0;
    const double rowLabelW = labelColumnWidth(spec.rowLabels, 170.0);
    const double left = titleGap + rowLabelW;
    const double top = 8.0;
    const double gridW = cell * static_cast<double>(cols), gridH = cell * static_cast<double>(rows);
    const double colLabelH = labelColumnWidth(spec.colLabels, 130.0);
    const double legendX = left + gridW + 16.0;
    fig.width = legendX + 70.0;
    fig.height = top + gridH + colLabelH + (spec.colTitle.empty() ? 4.0 : 18.0);
    fig.height = std::max(fig.height, top + 130.0);

    double lo = spec.minValue, hi = spec.maxValue;
    if (spec.diverging)
        hi = std::max(std::abs(lo), std::abs(hi)), lo = -hi;
    auto colourOf = [&](double v) {
        if (spec.diverging)
            return divergingColor(v, hi);
        return sequentialColor(hi > lo ? (v - lo) / (hi - lo) : 0.5);
    };
    const bool printValues = cell >= 20.0;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            double v = r * cols + c < spec.values.size() ? spec.values[r * cols + c] : NAN;
            double x = left + cell * static_cast<double>(c),
                   y = top + cell * static_cast<double>(r);
            Shape s = rect(x, y, cell, cell, colourOf(v), Color::rgb(0xff, 0xff, 0xff), 0.5);
            s.tooltip = ellipsize(spec.rowLabels[r], 60) + " \xe2\x86\x92 " +
                        ellipsize(spec.colLabels[c], 60) + ": " +
                        (std::isfinite(v) ? formatCompact(v) : std::string("masked"));
            fig.shapes.push_back(std::move(s));
            if (printValues && std::isfinite(v)) {
                double t = spec.diverging ? std::abs(v) / (hi > 0 ? hi : 1)
                                          : (hi > lo ? (v - lo) / (hi - lo) : 0);
                bool darkCell = spec.diverging ? t > 0.6 : t < 0.55;
                // The number stays inside its cell: smaller type for longer numbers, none when
                // even that does not fit (the tooltip and the CSV have every value).
                const std::string label = cellText(v);
                const double size =
                    std::min(5.5, (cell - 2.0) / (0.62 * std::max<double>(1.0, label.size())));
                if (size >= 4.0)
                    fig.shapes.push_back(text(x + cell / 2, y + cell / 2 + size * 0.4, label, size,
                                              TextAnchor::Middle,
                                              darkCell ? Color::rgb(0xff, 0xff, 0xff) : kInk));
            }
        }
    const std::vector<std::string> rowLabels = columnLabels(spec.rowLabels, rowLabelW);
    for (std::size_t r = 0; r < rows; ++r)
        fig.shapes.push_back(text(left - 4, top + cell * (static_cast<double>(r) + 0.5) + 2.8,
                                  rowLabels[r], kLabelFont, TextAnchor::End));
    const std::vector<std::string> colLabels = columnLabels(spec.colLabels, colLabelH);
    for (std::size_t c = 0; c < cols; ++c) {
        Shape s = text(left + cell * (static_cast<double>(c) + 0.5) + 2.8, top + gridH + 4,
                       colLabels[c], kLabelFont, TextAnchor::End);
        s.rotation = -90;
        fig.shapes.push_back(std::move(s));
    }
    if (!spec.rowTitle.empty()) {
        Shape s = text(10, top + gridH / 2, spec.rowTitle, kLabelFont, TextAnchor::Middle, kMuted);
        s.rotation = -90;
        fig.shapes.push_back(std::move(s));
    }
    if (!spec.colTitle.empty())
        fig.shapes.push_back(text(left + gridW / 2, fig.height - 4, spec.colTitle, kLabelFont,
                                  TextAnchor::Middle, kMuted));
    // Colour legend: a vertical ramp with its end values.
    const int steps = 20;
    const double legendH = 100.0, stepH = legendH / steps;
    for (int i = 0; i < steps; ++i) {
        double v = hi - (hi - lo) * (i + 0.5) / steps;
        fig.shapes.push_back(rect(legendX, top + 12 + stepH * i, 10, stepH + 0.2, colourOf(v)));
    }
    fig.shapes.push_back(rect(legendX, top + 12, 10, legendH, Color::transparent(), kMuted, 0.5));
    fig.shapes.push_back(text(legendX, top + 7, spec.legendTitle, 7, TextAnchor::Start, kMuted));
    fig.shapes.push_back(text(legendX + 14, top + 16, formatCompact(hi), 7));
    fig.shapes.push_back(text(legendX + 14, top + 12 + legendH, formatCompact(lo), 7));
    return fig;
}

Figure signedBars(const BarSpec& spec) {
    BarPanelsSpec p;
    p.labels = spec.labels;
    p.panelTitles = {spec.valueTitle};
    p.values = {spec.values};
    p.caption = spec.caption;
    Figure fig = signedBarPanels(p);
    return fig;
}

Figure signedBarPanels(const BarPanelsSpec& spec) {
    Figure fig;
    fig.caption = spec.caption;
    const std::size_t rows = spec.labels.size(), panels = spec.values.size();
    fig.altText = "Signed bar chart, " + std::to_string(panels) + " panel(s) of " +
                  std::to_string(rows) + " bars";
    const double labelW = labelColumnWidth(spec.labels, panels > 3 ? 120.0 : 170.0);
    const double left = labelW + 4.0;
    const double rowH = rows > 30 ? 10.0 : 14.0, barH = rowH - 4.0;
    // Six methods side by side must fit an A4 text column (about 510 pt) without shrinking.
    const double panelW = panels > 3 ? 62.0 : panels > 1 ? 120.0 : 240.0;
    const double titleFont = 7.5;
    std::vector<std::vector<std::string>> titles;
    std::size_t titleLines = 1;
    for (std::size_t p = 0; p < panels; ++p) {
        titles.push_back(wrapTwoLines(p < spec.panelTitles.size() ? spec.panelTitles[p] : "",
                                      panelW - 2.0, titleFont));
        titleLines = std::max(titleLines, titles.back().size());
    }
    const double top = 10.0 + 8.5 * static_cast<double>(titleLines);
    const double gap = panels > 3 ? 4.0 : 10.0;
    const double plotH = rowH * static_cast<double>(rows);
    fig.width = left + (panelW + gap) * static_cast<double>(panels);
    fig.height = top + plotH + 16.0;
    const std::vector<std::string> labels = columnLabels(spec.labels, labelW);
    for (std::size_t r = 0; r < rows; ++r) {
        double y = top + rowH * static_cast<double>(r);
        if (r % 2 == 1)
            fig.shapes.push_back(rect(0, y, fig.width, rowH, Color::rgb(0xf7, 0xf7, 0xf7)));
        fig.shapes.push_back(
            text(left - 6, y + rowH / 2 + 2.8, labels[r], kLabelFont, TextAnchor::End));
    }
    for (std::size_t p = 0; p < panels; ++p) {
        const auto& vals = spec.values[p];
        const double x0 = left + (panelW + gap) * static_cast<double>(p);
        const double mid = x0 + panelW / 2, half = panelW / 2 - 2;
        const double m = maxAbsOf(vals);
        const std::string title = p < spec.panelTitles.size() ? spec.panelTitles[p] : "";
        const auto& lines = titles[p];
        for (std::size_t l = 0; l < lines.size(); ++l)
            fig.shapes.push_back(text(mid,
                                      top - 6 - 8.5 * static_cast<double>(lines.size() - 1 - l),
                                      lines[l], titleFont, TextAnchor::Middle, kInk, true));
        for (std::size_t r = 0; r < rows && r < vals.size(); ++r) {
            const double v = vals[r];
            const double y = top + rowH * static_cast<double>(r);
            if (!std::isfinite(v)) {
                fig.shapes.push_back(
                    text(mid, y + rowH / 2 + 2.5, "n/a", 6.5, TextAnchor::Middle, kMuted));
                continue;
            }
            const double len = m > 0 ? half * std::abs(v) / m : 0.0;
            Shape bar = rect(v >= 0 ? mid : mid - len, y + 2, len, barH,
                             divergingColor(m > 0 ? 0.25 * m + 0.75 * std::abs(v) : 0, m));
            if (v < 0)
                bar.fill = divergingColor(-(0.25 * m + 0.75 * std::abs(v)), m);
            bar.tooltip =
                ellipsize(spec.labels[r], 60) + " \xc2\xb7 " + title + ": " + formatCompact(v);
            fig.shapes.push_back(std::move(bar));
            // The value sits on the empty side of the zero line so it never covers the bar.
            fig.shapes.push_back(text(v >= 0 ? mid - 3 : mid + 3, y + rowH / 2 + 2.5,
                                      formatCompact(v), panels > 3 ? 5.5 : 6.5,
                                      v >= 0 ? TextAnchor::End : TextAnchor::Start, kMuted));
        }
        fig.shapes.push_back(line(mid, top, mid, top + plotH, kMuted, 0.75));
        fig.shapes.push_back(text(mid, top + plotH + 10, "max |v| " + formatCompact(m), 6.5,
                                  TextAnchor::Middle, kMuted));
    }
    return fig;
}

} // namespace reclens::report
