#pragma once
// "Rate this explanation: Helpful / Wrong / Unclear" with a comment field, under the Saliency
// method selector. A click stores a feedback row for (customer, target, shown method) in the
// open project (ProjectDocument::rate); the line says the verdict already given.

#include <QWidget>

#include <functional>
#include <string>

class QLabel;
class QLineEdit;
class QPushButton;

namespace reclens {

class ProjectDocument;
class WorkbenchController;

class FeedbackBar : public QWidget {
    Q_OBJECT
public:
    /// `currentMethod` returns the engine id of the method on screen.
    FeedbackBar(WorkbenchController* controller, ProjectDocument* document,
                std::function<std::string()> currentMethod, QWidget* parent = nullptr);

    QPushButton* helpfulButton() const { return m_helpful; }
    QPushButton* wrongButton() const { return m_wrong; }
    QPushButton* unclearButton() const { return m_unclear; }
    QLineEdit* commentEdit() const { return m_comment; }
    QString verdictText() const;

public Q_SLOTS:
    /// Re-reads the verdict of the current explanation and method (the method changed).
    void refresh();

private:
    WorkbenchController* m_controller;
    ProjectDocument* m_document;
    std::function<std::string()> m_method;
    QPushButton* m_helpful;
    QPushButton* m_wrong;
    QPushButton* m_unclear;
    QLineEdit* m_comment;
    QLabel* m_verdict;
};

} // namespace reclens
