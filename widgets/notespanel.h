#pragma once
// Under the Saliency tab's feedback bar, where the analyst reads one customer's explanation of a
// target: "Bookmark" (the same action as Edit -> Bookmark this explanation, Ctrl+D), a short
// note field, and the notes already written about this customer with their time and product.
// Everything goes into the open project (ProjectDocument).

#include <QWidget>

class QAction;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace reclens {

class ProjectDocument;
class WorkbenchController;

class NotesPanel : public QWidget {
    Q_OBJECT
public:
    /// `bookmark` is the window's bookmark action; its button triggers it.
    NotesPanel(WorkbenchController* controller, ProjectDocument* document, QAction* bookmark,
               QWidget* parent = nullptr);

    QLineEdit* noteEdit() const { return m_edit; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* bookmarkButton() const { return m_bookmark; }
    QListWidget* notesList() const { return m_notes; }

private:
    void refresh();
    void addNote();

    WorkbenchController* m_controller;
    ProjectDocument* m_document;
    QPushButton* m_bookmark;
    QLineEdit* m_edit;
    QPushButton* m_add;
    QListWidget* m_notes;
};

} // namespace reclens
