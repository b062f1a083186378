#pragma once
// The open analysis project (*.reclens, core/project): what the workbench shows that is worth
// keeping (dataset and import options, model, pinned customer, the customer on screen) plus
// what only the project holds (analyst feedback on explanations, notes, bookmarks). Save
// captures the controller's state into the Project; Open reopens it through the controller's
// own open paths, so the loading runs in its jobs, off the UI thread.

#include "project/feedbacksummary.h"
#include "project/project.h"

#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace reclens {

class WorkbenchController;

class ProjectDocument : public QObject {
    Q_OBJECT
public:
    /// `methods`: the engine's method order, its default first (the summary's tie rule).
    ProjectDocument(WorkbenchController* controller, std::vector<std::string> methods,
                    QObject* parent = nullptr);

    const Project& project() const { return m_project; }
    /// "" until the project was saved or opened.
    QString path() const { return m_path; }
    /// True when something changed since the last save or open.
    bool isModified() const { return m_modified; }

    /// Forgets the project (feedback, notes, ...) and its path; the open dataset stays.
    void newProject();
    /// Captures the workbench state and writes the project to `path` (a small SQLite file,
    /// written in milliseconds). On failure returns false with `error` naming the file; the file
    /// on disk is then unchanged.
    bool saveAs(const QString& path, QString* error);
    /// Reads `path` and reopens its dataset, model and pinned customer through the controller
    /// (asynchronously). False with `error` (naming the file) when the file cannot be read; the
    /// current project then stays.
    bool open(const QString& path, QString* error);

    /// Records the analyst's verdict on the current explanation (controller's customer and
    /// target) by `method`; false when no customer and target are on screen.
    bool rate(const std::string& method, FeedbackRating rating, const QString& comment);
    /// The verdict already given on the current explanation by `method`, if any.
    const Feedback* currentVerdict(const std::string& method) const;
    FeedbackSummary summary() const;

Q_SIGNALS:
    /// Path or modified flag changed.
    void stateChanged();
    void feedbackChanged();
    /// A project file was opened (its feedback is loaded; the dataset may still be opening).
    void opened();

private:
    void setModified(bool modified);
    void capture();
    void restore();
    /// Source ids of the current customer and target; false when either is missing.
    bool currentIds(std::string& customer, std::string& target) const;

    WorkbenchController* m_controller;
    std::vector<std::string> m_methods;
    Project m_project;
    QString m_path;
    bool m_modified = false;
    bool m_restoring = false; // controller signals during open() do not modify the project
};

} // namespace reclens
