#pragma once
// The open analysis project (*.reclens, core/project): what the workbench shows that is worth
// keeping (dataset and import options, model, pinned customer and the model it was pinned
// with, the customer on screen) plus what only the project holds (analyst feedback on
// explanations, notes, bookmarks, what-if edits per customer). Save captures the controller's
// state into a snapshot and writes it in the controller's job runner, off the UI thread; Open
// reopens it through the controller's own open paths, so the loading runs in its jobs too.

#include "explain/explanation.h"
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
    /// True from save() until saveFinished.
    bool isSaving() const { return m_saving; }

    /// Forgets the project (feedback, notes, ...) and its path; the open dataset stays.
    void newProject();
    /// Captures the workbench state into a copy of the project and writes the copy to `path` in
    /// a job; saveFinished reports the outcome. Changes made while it runs stay unsaved. A
    /// failed write leaves the file on disk unchanged and the project modified. False (nothing
    /// started) while another save runs.
    bool save(const QString& path);
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

    /// Bookmarks the customer on screen and its target (if any) with `label`; a second bookmark
    /// of the same (customer, target) replaces the label. False without a customer.
    bool addBookmark(const QString& label);
    void removeBookmark(int index);
    void setBookmarkLabel(int index, const QString& label);
    /// A note about the customer on screen and its target ("" when none); false without a
    /// customer or with an empty text.
    bool addNote(const QString& text);
    /// The notes about the customer on screen, stored order.
    std::vector<Note> currentNotes() const;
    /// The free-text note about the whole project (Project::note); "" = none.
    QString projectNote() const { return QString::fromStdString(m_project.note); }
    /// Replaces the project note (blank text clears it); notesChanged when it changed.
    void setProjectNote(const QString& text);

    /// Stores `edits` (of the history as the model sees it) as customer `user`'s what-if.
    void storeWhatIf(UserIndex user, const std::vector<HistoryEdit>& edits);
    /// The stored what-if edits of `user` (none when the customer has none).
    std::vector<WhatIfEdit> whatIfEditsOf(UserIndex user) const;

    /// The checkpoint the pinned customer was pinned with ("" = a model never saved).
    QString pinCheckpoint() const { return QString::fromStdString(m_pinCheckpoint); }

Q_SIGNALS:
    /// Path, modified or saving flag changed.
    void stateChanged();
    void feedbackChanged();
    void bookmarksChanged();
    void notesChanged();
    /// A project file was opened (its feedback is loaded; the dataset may still be opening).
    void opened();
    /// A save() ended: `error` names the file and the reason when `ok` is false.
    void saveFinished(bool ok, const QString& path, const QString& error);

private:
    void setModified(bool modified);
    /// Something the project holds changed: it is modified, also for a save already running.
    void touch();
    void capture();
    void restore();
    void finishSave(const QString& path, quint64 revision, const QString& error);
    /// Source ids of the current customer and target; false when either is missing.
    bool currentIds(std::string& customer, std::string& target) const;
    /// Source id of the current customer ("" when none).
    std::string currentCustomerId() const;

    WorkbenchController* m_controller;
    std::vector<std::string> m_methods;
    Project m_project;
    QString m_path;
    bool m_modified = false;
    bool m_saving = false;
    quint64 m_revision = 0;        // counts touch(); a save clears modified only if none came since
    bool m_restoring = false;      // controller signals during open() do not modify the project
    bool m_pinFromProject = false; // the next pinnedChanged is the project's own pin
    std::string m_pinCheckpoint;   // see pinCheckpoint()
};

} // namespace reclens
