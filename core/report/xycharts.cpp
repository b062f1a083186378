// Charts on x/y axes: histogram, line chart, scatter plot.
#include "report/chartprimitives.h"
#include "report/charts.h"
#include "report/reportformat.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace reclens::report {

using namespace detail;

namespace {

struct Frame {
    double left = 48, top = 12, width = 360, height = 170;
    double xLo = 0, xHi = 1, yLo = 0, yHi = 1;
    double px(double x) const { return left + (x - xLo) / (xHi - xLo) * width; }
    double py(double y) const { return top + height - (y - yLo) / (yHi - yLo) * height; }
};

std::string tickLabel(double v, bool log) {
    return formatCompact(log ? std::pow(10.0, v) : v);
}

/// Grid, ticks and axis titles. With log = true the axis values are log10 and ticks fall on
/// whole powers of ten.
void drawAxes(Figure& fig, Frame& f, bool logX, bool logY, const std::string& xTitle,
              const std::string& yTitle, bool xTicks = true) {
    auto ticksFor = [](double lo, double hi, bool log) {
        if (!log)
            return niceTicks(lo, hi, 5);
        std::vector<double> t;
        for (double e = std::ceil(lo); e <= std::floor(hi); e += 1)
            t.push_back(e);
        return t;
    };
    auto yt = ticksFor(f.yLo, f.yHi, logY);
    if (!yt.empty() && !logY) {
        f.yLo = std::min(f.yLo, yt.front());
        f.yHi = std::max(f.yHi, yt.back());
    }
    for (double t : yt) {
        double y = f.py(t);
        fig.shapes.push_back(line(f.left, y, f.left + f.width, y, kGrid, 0.5));
        fig.shapes.push_back(
            text(f.left - 4, y + 2.8, tickLabel(t, logY), 7, TextAnchor::End, kMuted));
    }
    if (xTicks)
        for (double t : ticksFor(f.xLo, f.xHi, logX)) {
            double x = f.px(t);
            fig.shapes.push_back(line(x, f.top + f.height, x, f.top + f.height + 3, kMuted, 0.5));
            fig.shapes.push_back(
                text(x, f.top + f.height + 12, tickLabel(t, logX), 7, TextAnchor::Middle, kMuted));
        }
    fig.shapes.push_back(
        line(f.left, f.top + f.height, f.left + f.width, f.top + f.height, kMuted, 0.75));
    fig.shapes.push_back(line(f.left, f.top, f.left, f.top + f.height, kMuted, 0.75));
    fig.shapes.push_back(
        text(f.left + f.width / 2, f.top + f.height + 26, xTitle, 8, TextAnchor::Middle, kInk));
    Shape yt2 = text(11, f.top + f.height / 2, yTitle, 8, TextAnchor::Middle, kInk);
    yt2.rotation = -90;
    fig.shapes.push_back(std::move(yt2));
}

void finishFrame(Figure& fig, const Frame& f) {
    fig.width = f.left + f.width + 16;
    fig.height = f.top + f.height + 32;
}

std::pair<double, double> rangeOf(const std::vector<double>& v,
                                  const std::function<bool(double)>& keep) {
    double lo = INFINITY, hi = -INFINITY;
    for (double x : v)
        if (std::isfinite(x) && keep(x))
            lo = std::min(lo, x), hi = std::max(hi, x);
    if (!std::isfinite(lo))
        return {0.0, 1.0};
    if (hi - lo < 1e-12)
        return {lo - 0.5, hi + 0.5};
    return {lo, hi};
}

} // namespace

Figure histogram(const HistogramSpec& spec) {
    Figure fig;
    fig.caption = spec.caption;
    const std::size_t bins =
        std::min(spec.counts.size(), spec.binEdges.empty() ? 0 : spec.binEdges.size() - 1);
    fig.altText = "Histogram with " + std::to_string(bins) + " bins";
    Frame f;
    f.xLo = 0;
    f.xHi = static_cast<double>(std::max<std::size_t>(bins, 1));
    double maxCount = 0;
    for (std::size_t i = 0; i < bins; ++i)
        maxCount = std::max(maxCount, std::isfinite(spec.counts[i]) ? spec.counts[i] : 0.0);
    f.yLo = 0;
    f.yHi = maxCount > 0 ? maxCount : 1;
    // Bins are drawn with equal widths and labelled by their range, so uneven (e.g. log-spaced
    // rank) bins stay readable.
    drawAxes(fig, f, false, false, spec.xTitle, spec.yTitle, false);
    const double bw = f.width / f.xHi;
    const std::size_t labelEvery = std::max<std::size_t>(1, (bins + 11) / 12);
    for (std::size_t i = 0; i < bins; ++i) {
        double c = std::isfinite(spec.counts[i]) ? spec.counts[i] : 0.0;
        double x = f.px(static_cast<double>(i)), y = f.py(c);
        Shape bar = rect(x + 1, y, bw - 2, f.top + f.height - y, kAccent);
        std::string range;
        double a = spec.binEdges[i], b = spec.binEdges[i + 1];
        if (spec.integerBins) {
            long lo = std::lround(std::ceil(a)), hi = std::lround(std::ceil(b)) - 1;
            range = lo >= hi ? groupedInt(lo) : groupedInt(lo) + "\xe2\x80\x93" + groupedInt(hi);
        } else {
            range = formatCompact(a) + "\xe2\x80\x93" + formatCompact(b);
        }
        bar.tooltip = range + ": " + formatCompact(c);
        fig.shapes.push_back(std::move(bar));
        // Smaller type for a range wider than its bar: "501–1,000" and "1,001–4,385" side by
        // side ran into each other at 7 pt (0.62 em per character: the margin fitToWidth uses).
        const double chars = estimateTextWidth(range, 1.0) / 0.58;
        const double size = std::clamp(
            (bw * static_cast<double>(labelEvery) - 3.0) / (0.62 * std::max(1.0, chars)), 5.0, 7.0);
        if (i % labelEvery == 0)
            fig.shapes.push_back(
                text(x + bw / 2, f.top + f.height + 12, range, size, TextAnchor::Middle, kMuted));
    }
    finishFrame(fig, f);
    return fig;
}

Figure lineChart(const LineChartSpec& spec) {
    Figure fig;
    fig.caption = spec.caption;
    fig.altText = "Line chart with " + std::to_string(spec.series.size()) + " series";
    Frame f;
    f.width = 320;
    std::vector<double> xs, ys;
    for (const auto& s : spec.series) {
        xs.insert(xs.end(), s.x.begin(), s.x.end());
        ys.insert(ys.end(), s.y.begin(), s.y.end());
    }
    auto all = [](double) {
        return true;
    };
    std::tie(f.xLo, f.xHi) = rangeOf(xs, all);
    std::tie(f.yLo, f.yHi) = rangeOf(ys, all);
    drawAxes(fig, f, false, false, spec.xTitle, spec.yTitle);
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        const auto& s = spec.series[i];
        Shape poly;
        poly.kind = Shape::Kind::Polyline;
        poly.stroke = seriesColor(i);
        poly.strokeWidth = 1.5;
        for (std::size_t k = 0; k < std::min(s.x.size(), s.y.size()); ++k)
            if (std::isfinite(s.x[k]) && std::isfinite(s.y[k]))
                poly.points.push_back({f.px(s.x[k]), f.py(s.y[k])});
        poly.tooltip = s.name;
        fig.shapes.push_back(std::move(poly));
        // Legend to the right of the plot, so it never hides a curve.
        const double lx = f.left + f.width + 12, ly = f.top + 8 + 11.0 * static_cast<double>(i);
        fig.shapes.push_back(line(lx, ly - 3, lx + 14, ly - 3, seriesColor(i), 2));
        fig.shapes.push_back(text(lx + 18, ly, ellipsize(s.name, 18), 7));
    }
    finishFrame(fig, f);
    if (!spec.series.empty())
        fig.width += 90;
    return fig;
}

Figure scatter(const ScatterSpec& spec) {
    Figure fig;
    fig.caption = spec.caption;
    Frame f;
    auto tx = [&](double v) {
        return spec.logX ? std::log10(v) : v;
    };
    auto ty = [&](double v) {
        return spec.logY ? std::log10(v) : v;
    };
    auto usable = [&](std::size_t i) {
        return std::isfinite(spec.x[i]) && std::isfinite(spec.y[i]) &&
               (!spec.logX || spec.x[i] > 0) && (!spec.logY || spec.y[i] > 0);
    };
    const std::size_t n = std::min(spec.x.size(), spec.y.size());
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < n; ++i)
        if (usable(i))
            xs.push_back(tx(spec.x[i])), ys.push_back(ty(spec.y[i]));
    fig.altText = "Scatter plot of " + std::to_string(xs.size()) + " points";
    auto all = [](double) {
        return true;
    };
    std::tie(f.xLo, f.xHi) = rangeOf(xs, all);
    std::tie(f.yLo, f.yHi) = rangeOf(ys, all);
    if (spec.logX)
        f.xLo = std::floor(f.xLo), f.xHi = std::ceil(f.xHi + 1e-9);
    if (spec.logY)
        f.yLo = std::floor(f.yLo), f.yHi = std::ceil(f.yHi + 1e-9);
    drawAxes(fig, f, spec.logX, spec.logY, spec.xTitle, spec.yTitle);
    for (std::size_t i = 0; i < n; ++i) {
        if (!usable(i))
            continue;
        Shape c = circle(f.px(tx(spec.x[i])), f.py(ty(spec.y[i])), 1.8, kAccent);
        c.opacity = 0.45;
        if (i < spec.tooltips.size())
            c.tooltip = spec.tooltips[i];
        fig.shapes.push_back(std::move(c));
    }
    for (std::size_t h = 0; h < spec.highlight.size(); ++h) {
        std::size_t i = spec.highlight[h];
        if (i >= n || !usable(i))
            continue;
        double x = f.px(tx(spec.x[i])), y = f.py(ty(spec.y[i]));
        fig.shapes.push_back(circle(x, y, 4, kHighlight, Color::rgb(0xff, 0xff, 0xff)));
        if (h < spec.highlightLabels.size()) {
            bool right = x < f.left + f.width * 0.7;
            fig.shapes.push_back(
                text(right ? x + 7 : x - 7, y + 3, ellipsize(spec.highlightLabels[h], 28), 7.5,
                     right ? TextAnchor::Start : TextAnchor::End, kHighlight, true));
        }
    }
    finishFrame(fig, f);
    return fig;
}

} // namespace reclens::report
