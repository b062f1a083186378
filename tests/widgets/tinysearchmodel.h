#pragma once
// A tiny search model on the bundled sample and its made-up query log (search/makequeries.h),
// trained once per build and cached, for the widget tests of search mode.

#include "data/dataset.h"

#include <QString>

namespace reclens::test {

QString tinySearchModelPath(const std::string& fingerprint);
/// Trains (once per build, then cached at `path`) a small search model on `ds` and its made-up
/// query log: one query per purchase from the purchased product's category path.
void ensureTinySearchModel(const Dataset& ds, const QString& path);

} // namespace reclens::test
