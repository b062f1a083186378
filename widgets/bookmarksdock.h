#pragma once
// The Bookmarks dock. An empty list is not worth a quarter of the left column (at 1,024 x 700
// it left the Customers list four rows), so the dock stays hidden while the project has no
// bookmark and appears with the first one. View -> Bookmarks still shows or hides it; hiding it
// while it lists bookmarks is remembered (QSettings), so an opened project with bookmarks does
// not bring it back against the analyst's choice. Adding a bookmark always shows it: the status
// message that confirms the bookmark points at the dock.

#include <QDockWidget>

namespace reclens {

class BookmarksPanel;
class ProjectDocument;
class WorkbenchController;

class BookmarksDock : public QDockWidget {
    Q_OBJECT
public:
    BookmarksDock(WorkbenchController* controller, ProjectDocument* document, QWidget* parent);

    BookmarksPanel* panel() const { return m_panel; }
    /// Shown when the project has bookmarks (unless the analyst hid it), hidden when it has
    /// none. The window calls it after restoring a saved layout, which restores visibility too.
    void followDocument();
    /// A bookmark was just added: show the dock whatever was remembered.
    void showForNewBookmark();
    /// True when the analyst hid the dock from the View menu while it listed bookmarks.
    static bool hiddenByUser();

protected:
    /// The dock's own close button is the analyst's choice too.
    void closeEvent(QCloseEvent* event) override;

private:
    /// Shows the hidden dock at a quarter of the window's height.
    void appear();

    ProjectDocument* m_document;
    BookmarksPanel* m_panel;
};

} // namespace reclens
