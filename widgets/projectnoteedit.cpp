#include "projectnoteedit.h"

#include "projectdocument.h"

#include <QFontMetrics>

namespace reclens {

ProjectNoteEdit::ProjectNoteEdit(ProjectDocument* document, QWidget* parent)
    : QPlainTextEdit(parent)
    , m_document(document) {
    setObjectName(QStringLiteral("projectNote"));
    setPlaceholderText(tr("Notes about the whole project: what was checked, what to tell the "
                          "client. Saved with the project and printed in its reports."));
    setTabChangesFocus(true);
    // Four lines: opened at the top of the Project tab's settings column (ProjectView::
    // addSection), it leaves the dataset summary's first lines in sight at 1,024 x 700.
    setFixedHeight(fontMetrics().lineSpacing() * 4 + 12);
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_following)
            m_document->setProjectNote(toPlainText());
    });
    connect(document, &ProjectDocument::notesChanged, this, &ProjectNoteEdit::follow);
    follow();
}

void ProjectNoteEdit::follow() {
    // Blank text is stored as no note: typing spaces must not be undone under the cursor.
    const QString shown = toPlainText().trimmed().isEmpty() ? QString() : toPlainText();
    if (shown == m_document->projectNote())
        return;
    m_following = true;
    setPlainText(m_document->projectNote());
    m_following = false;
}

} // namespace reclens
