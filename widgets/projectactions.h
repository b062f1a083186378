#pragma once
// File → New project / Open project… / Save project / Save project as…, the recent projects and
// recent models submenus (QSettings), and reopening the last project at start-up. Owns the
// ProjectDocument and wires the feedback bar (Saliency tab) and the feedback summary (Model
// tab) to it; the method shown first follows the analysts' ratings.

#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QMenu;

namespace reclens {

class MainWindow;
class ProjectDocument;
class WorkbenchController;

class ProjectActions : public QObject {
    Q_OBJECT
public:
    /// Adds the project actions to `fileMenu` (at its end) and the feedback widgets to the
    /// window's Saliency and Model tabs.
    ProjectActions(MainWindow* window, WorkbenchController* controller, QMenu* fileMenu);

    ProjectDocument* document() const { return m_document; }

    /// Opens `path`; a bad file is reported in a message box and the log. True on success.
    bool openProject(const QString& path);
    /// Saves to the project's path, or asks for one. True when written.
    bool saveProject();
    bool saveProjectAs(const QString& path);
    void newProject();
    /// Before something replaces or closes the project (`action`, e.g. "quitting"): when it has
    /// unsaved changes (feedback, notes, pins), asks Save / Discard / Cancel. True when the
    /// caller may go on: nothing to save, saved, or discarded.
    bool confirmUnsavedProject(const QString& action);
    /// At start-up: reopens the project open when the application last quit (QSettings
    /// "project/last"), if it still exists. True when it did.
    bool reopenLast();

    static QStringList recentProjects();
    static QStringList recentModels();

private:
    void remember(const QString& path);
    void rebuildRecent();
    void applyPreferredMethod();
    void updateTitle();

    MainWindow* m_window;
    WorkbenchController* m_controller;
    ProjectDocument* m_document;
    QMenu* m_recentProjects;
    QMenu* m_recentModels;
    QAction* m_save;
};

} // namespace reclens
