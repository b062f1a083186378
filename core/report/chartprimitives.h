#pragma once
// Internal helpers shared by the chart builders: shape factories, tick placement, number
// formatting. Not part of the report API.

#include "report/reportdocument.h"

#include <string>
#include <vector>

namespace reclens::report::detail {

inline const Color kInk = Color::rgb(0x22, 0x22, 0x22);
inline const Color kMuted = Color::rgb(0x6b, 0x6b, 0x6b);
inline const Color kGrid = Color::rgb(0xdd, 0xdd, 0xdd);
inline const Color kMasked = Color::rgb(0xf2, 0xf2, 0xf2);
inline const Color kAccent = Color::rgb(0x1f, 0x5f, 0xa8);
inline const Color kHighlight = Color::rgb(0xd6, 0x4f, 0x1f);

Shape rect(double x, double y, double w, double h, Color fill, Color stroke = Color::transparent(),
           double strokeWidth = 0.5);
Shape line(double x1, double y1, double x2, double y2, Color stroke, double width = 0.75);
Shape text(double x, double y, std::string s, double size, TextAnchor anchor = TextAnchor::Start,
           Color color = kInk, bool bold = false);
Shape circle(double cx, double cy, double r, Color fill, Color stroke = Color::transparent());

/// About `target` round tick values covering [lo, hi].
std::vector<double> niceTicks(double lo, double hi, int target = 5);
/// Compact number text for axes and labels: 3 significant digits, no trailing zeros.
std::string formatCompact(double v);

/// Categorical palette for series (colour-blind safe, Okabe–Ito).
Color seriesColor(std::size_t i);

} // namespace reclens::report::detail
