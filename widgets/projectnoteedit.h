#pragma once
// The project note on the Project tab: one free-text field about the whole analysis project
// (what was checked, what to tell the client), stored in the project file (Project::note) and
// shown in the "Analyst feedback and notes" section of every report exported from the project.
// Each edit goes to the ProjectDocument at once, so the project counts as changed and Save
// keeps it.

#include <QPlainTextEdit>

namespace reclens {

class ProjectDocument;

class ProjectNoteEdit : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit ProjectNoteEdit(ProjectDocument* document, QWidget* parent = nullptr);

private:
    /// Shows the document's note when another project (or none) replaced it.
    void follow();

    ProjectDocument* m_document;
    bool m_following = false; // setPlainText from the document is not an edit
};

} // namespace reclens
