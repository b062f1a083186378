#pragma once
// The Bookmarks dock: the (customer, target) pairs the analyst bookmarked in the open project,
// with the product title (elided in the middle, whole in the tooltip) and the label.
// Double-click (or Enter) opens that customer and target the way the Merchant view's
// drill-down does; Delete removes the bookmark.

#include <QWidget>

class QTreeWidget;

namespace reclens {

class ProjectDocument;
class WorkbenchController;

class BookmarksPanel : public QWidget {
    Q_OBJECT
public:
    BookmarksPanel(WorkbenchController* controller, ProjectDocument* document,
                   QWidget* parent = nullptr);

    QTreeWidget* list() const { return m_list; }
    /// Selects bookmark `index`'s customer and target; false (with a status message) when
    /// the customer or product is not in the open dataset.
    bool openBookmark(int index);
    void removeSelected();

Q_SIGNALS:
    /// A bookmark was opened: the window shows the explanation.
    void bookmarkOpened();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();

    WorkbenchController* m_controller;
    ProjectDocument* m_document;
    QTreeWidget* m_list;
    bool m_rebuilding = false;   // itemChanged while filling the list is not an edit
    bool m_editingLabel = false; // the document's bookmarksChanged for an edit in the list
};

} // namespace reclens
