#pragma once
// Integers in the workbench read like those in reports and the merchant sentence: "8,442
// customers", by the one rule of common/numberformat.h. Not QLocale: its C locale prints
// "8442" and a German one "8.442", beside a core sentence that says "8,442".

#include "common/numberformat.h"

#include <QRegularExpression>
#include <QString>

namespace reclens {

/// `v` with its thousands grouped: "8,442".
inline QString groupedCount(long long v) {
    return QString::fromStdString(groupedInt(v));
}

/// `v` with `decimals` digits after the point, and never "-0.000": a value that rounds to zero
/// reads as zero, not as a negative contribution.
inline QString fixedText(double v, int decimals) {
    QString s = QString::number(v, 'f', decimals);
    if (s.startsWith(QLatin1Char('-')) && !s.contains(QRegularExpression(QStringLiteral("[1-9]"))))
        s.remove(0, 1);
    return s;
}

} // namespace reclens
