#pragma once
// Every table of the workbench copies its selection (Ctrl+C, tab-separated for spreadsheets)
// and exports the whole table as CSV from its context menu.

#include <QString>

class QAbstractItemModel;
class QTableView;

namespace reclens {

/// Installs Copy (Ctrl+C) and "Export CSV…" on `view`, and workbench defaults (row selection,
/// alternating colours, stretch of the last column).
void installTableActions(QTableView* view);

/// Sizes every column to its contents and gives `column` (a name) the rest of the width,
/// eliding it if needed, instead of stretching the last column: numbers to the right of a
/// long product title stay in view.
void fitColumnsStretching(QTableView* view, int column);

/// The whole model as RFC 4180 CSV (header row from the horizontal header).
QString tableToCsv(const QAbstractItemModel* model);

/// Writes `text` atomically (temporary file + rename). Returns an error message or "".
QString writeTextFile(const QString& path, const QString& text);

} // namespace reclens
