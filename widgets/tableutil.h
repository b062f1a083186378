#pragma once
// Every table of the workbench copies its selection (Ctrl+C, tab-separated for spreadsheets)
// and exports the whole table as CSV from its context menu.

#include <QString>
#include <QWidget>

#include <functional>

class QAbstractItemModel;
class QStandardItem;
class QTableView;

namespace reclens {

/// Installs Copy (Ctrl+C) and "Export CSV…" on `view`, and workbench defaults (row selection,
/// alternating colours, stretch of the last column, middle elision with the whole text of an
/// elided cell as its tooltip).
void installTableActions(QTableView* view);

/// Sizes every column to its contents (at most `maxOtherWidth` px, elided beyond) and gives
/// `column` (a name) the rest of the width, elided in the middle, instead of stretching the
/// last column: numbers beside a long product title stay in view. Every column stays
/// user-resizable; the name column follows the view's width until the user drags a column,
/// and is never narrower than `minWidth` px. With `fill` it takes all the width left even when
/// its text needs less: the table ends at the view's edge, no empty strip beside it.
void fitColumnsStretching(QTableView* view, int column, int maxOtherWidth = 220, int minWidth = 120,
                          bool fill = false);

/// A right-aligned count cell shown with its thousands grouped ("3,457", as in reports and the
/// merchant sentence) that still sorts as a number against other count cells (the view's sort
/// role stays the display text for every other column). The CSV export writes "3,457" too.
QStandardItem* countItem(long long v);

/// The body of every tab's page (MainWindow puts each page in one): it does not pass its
/// children's height-for-width (wrapped or rich-text labels) up to the tab's scroll area, which
/// sizes a height-for-width page by its preferred height, taller than a 1,024 x 700 window,
/// and cut off its bottom (the What-if buttons, the Merchant customers table, Saliency's
/// agreement table). Inside, labels still wrap at the width they get.
class PageBody : public QWidget {
public:
    using QWidget::QWidget;
    bool hasHeightForWidth() const override { return false; }
};

/// The whole model as RFC 4180 CSV (header row from the horizontal header).
QString tableToCsv(const QAbstractItemModel* model);

/// Writes `text` atomically (temporary file + rename). Returns an error message or "".
QString writeTextFile(const QString& path, const QString& text);

/// "Export table as CSV…" of `view` to `path`. Virtual tables over the dataset (RowQueryModel)
/// are written from a snapshot of their rows on a worker thread, streamed to a temporary file
/// and renamed: a million rows never hold the window. Others are written on the spot.
/// `done` gets "" or the error message, on the UI thread, once the file is complete.
void exportTableCsv(QTableView* view, const QString& path,
                    const std::function<void(const QString& error)>& done);

} // namespace reclens
