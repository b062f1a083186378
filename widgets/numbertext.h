#pragma once
// Integers in the workbench read like those in reports and the merchant sentence: "8,442
// customers", by the one rule of common/numberformat.h. Not QLocale: its C locale prints
// "8442" and a German one "8.442", beside a core sentence that says "8,442".

#include "common/numberformat.h"

#include <QString>

namespace reclens {

/// `v` with its thousands grouped: "8,442".
inline QString groupedCount(long long v) {
    return QString::fromStdString(groupedInt(v));
}

} // namespace reclens
