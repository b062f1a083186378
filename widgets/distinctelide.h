#pragma once
// Similar long titles (Amazon Scientific: "AcuRite 00613 Humidity Monitor … Gauge Indicator"
// and "AcuRite 00613 Digital Hygrometer … Gauge Indicator") elided in the middle read the same
// in a narrow column. These cells are elided together instead, with report::fitDistinct (the
// report's charts do the same): titles that differ keep the words where they differ.

#include <QModelIndex>
#include <QString>

class QTableView;

namespace reclens {

/// Set on the cells of such a column: a short key (the product's id) written after the title
/// where two cells carry the same title (Amazon lists different products under one title).
inline constexpr int DistinctKeyRole = Qt::UserRole + 91;

/// Draws `column` of `view` with its titles elided so that different titles stay different at
/// the column's width, and titles that repeat are told apart by their DistinctKeyRole. The model
/// keeps the whole titles (copy, CSV export and the elided cell's tooltip use them).
void elideColumnDistinctly(QTableView* view, int column);

/// The text `view` draws in the cell `index`: its delegate's text (see elideColumnDistinctly),
/// elided as the view elides text that is still too wide for the cell.
QString shownCellText(const QTableView* view, const QModelIndex& index);

} // namespace reclens
