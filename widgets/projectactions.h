#pragma once
// File → New project / Open project… / Save project / Save project as…, the recent projects and
// recent models submenus (QSettings), and reopening the last project at start-up. Owns the
// ProjectDocument and wires the views to it: the feedback bar and the notes under it (Saliency
// tab), the feedback summary (Model tab), the Bookmarks dock and Edit → Bookmark (Ctrl+D), and
// the What-if tab's edits (stored per customer, restored when the customer is shown again).
// The method shown first follows the analysts' ratings.

#include "bookmarksdock.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QAction;
class QMenu;

namespace reclens {

class MainWindow;
class ProjectDocument;
class WorkbenchController;

class ProjectActions : public QObject {
    Q_OBJECT
public:
    /// Adds the project actions to `fileMenu` (at its end) and the project's widgets to the
    /// window's Saliency and Model tabs and a Bookmarks dock.
    ProjectActions(MainWindow* window, WorkbenchController* controller, QMenu* fileMenu);

    ProjectDocument* document() const { return m_document; }
    /// Edit → Bookmark this explanation (Ctrl+D); the window puts it in its Edit menu.
    QAction* bookmarkAction() const { return m_bookmark; }
    BookmarksDock* bookmarksDock() const { return m_bookmarksDock; }

    /// Opens `path` after the unsaved-project question; a bad file is reported in the log and
    /// the status bar. True when the project was opened now (false also when it waits for a
    /// save the analyst asked for, after which it opens).
    bool openProject(const QString& path);
    /// Saves to the project's path, or asks for one. The write runs in a job: true when it
    /// started; `onSaved` runs once the file is written (never on failure, which comes as
    /// errorMessage naming the file and the reason, and leaves the project unsaved).
    bool saveProject(std::function<void()> onSaved = {});
    bool saveProjectAs(const QString& path, std::function<void()> onSaved = {});
    void newProject();
    /// Before something replaces or closes the project (`action`, e.g. "quitting"): runs
    /// `proceed` now when nothing would be lost; otherwise asks Save / Discard / Cancel about
    /// the unsaved changes (feedback, notes, bookmarks, what-if edits, pins). Save runs
    /// `proceed` once the project is written; Discard runs it now; Cancel never. A save already
    /// running is waited for first. Returns true when `proceed` already ran.
    bool whenUnsavedProjectHandled(const QString& action, const std::function<void()>& proceed);
    /// At start-up: reopens the project open when the application last quit (QSettings
    /// "project/last"), if it still exists. True when it did.
    bool reopenLast();

    static QStringList recentProjects();
    static QStringList recentModels();

private:
    bool openNow(const QString& path);
    void remember(const QString& path);
    void rebuildRecent();
    void applyPreferredMethod();
    void updateTitle();
    void addBookmark();
    /// What-if edits: stored when the analyst edits, restored when a customer's history shows.
    void wireWhatIf();
    void restoreWhatIf();

    MainWindow* m_window;
    WorkbenchController* m_controller;
    ProjectDocument* m_document;
    QMenu* m_recentProjects;
    QMenu* m_recentModels;
    QAction* m_save;
    QAction* m_bookmark;
    BookmarksDock* m_bookmarksDock;
};

} // namespace reclens
