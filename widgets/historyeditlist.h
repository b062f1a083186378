#pragma once
// The editable purchase list of the What-if tab: every purchase of the explained history with a
// tick box (unticked = removed, drawn struck through and grey so the edit is visible at a
// glance), drag to reorder, catalog items inserted anywhere. It turns what is shown into the
// HistoryEdit list the engine applies, so the view never re-derives positions itself.

#include "explain/explanation.h"

#include <QListWidget>

#include <set>

namespace reclens {

struct Dataset;

class HistoryEditList : public QListWidget {
    Q_OBJECT
public:
    explicit HistoryEditList(QWidget* parent = nullptr);

    /// Shows `history` with every purchase ticked. Returns false (and keeps the current edits)
    /// when it is the history already shown.
    bool load(const Dataset& ds, const History& history);
    void clearHistory();
    const History& original() const { return m_history; }

    /// Edits that turn the original history into the list as shown.
    std::vector<HistoryEdit> edits() const;
    /// The ticked items, top to bottom: the history the model will see.
    History shownHistory() const;
    /// Positions currently unticked (in the original history), ascending.
    std::vector<int> removedPositions() const;

    void setRemoved(int position, bool removed);
    /// Unticks exactly `positions` (ticks the rest) without emitting `edited`; scrolls the first
    /// unticked row into view.
    void setRemovedExactly(const std::set<int>& positions);
    /// Inserts catalog item `item` before list row `row` (clamped) and emits `edited`.
    void insertCatalogItem(const Dataset& ds, ItemIndex item, int row);
    /// Shows the loaded history edited into `wanted` (a stored what-if): purchases of the
    /// original matched in order, the rest unticked where they were, other items inserted.
    /// Emits `edited` when anything differs from the original.
    void setEditedHistory(const Dataset& ds, const History& wanted);

Q_SIGNALS:
    /// A tick, a move or an insertion changed the edited history.
    void edited();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Scrolls `row` into view now and whenever the list is resized (the texts below it in the
    /// tab grow after a search and shrink the list).
    void keepInView(int row);

    History m_history;
    bool m_loading = false;
    int m_keepInView = -1; // row kept in view, -1 = none
};

} // namespace reclens
