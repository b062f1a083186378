#include "notespanel.h"

#include "projectdocument.h"
#include "titletext.h"
#include "workbenchcontroller.h"

#include <QAction>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace reclens {

NotesPanel::NotesPanel(WorkbenchController* controller, ProjectDocument* document,
                       QAction* bookmark, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_document(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_bookmark = new QPushButton(tr("Bookmark"));
    m_bookmark->setToolTip(bookmark->toolTip());
    connect(m_bookmark, &QPushButton::clicked, bookmark, &QAction::trigger);
    m_edit = new QLineEdit;
    m_edit->setPlaceholderText(tr("Note about this customer and target (Enter adds it)"));
    m_edit->setMaxLength(1000);
    m_add = new QPushButton(tr("Add note"));
    row->addWidget(m_bookmark);
    row->addWidget(new QLabel(tr("Note:")));
    row->addWidget(m_edit, 1);
    row->addWidget(m_add);
    layout->addLayout(row);
    m_notes = new QListWidget;
    m_notes->setObjectName(QStringLiteral("notesList"));
    m_notes->setWordWrap(true);
    m_notes->setTextElideMode(Qt::ElideMiddle);
    m_notes->setMaximumHeight(90); // a few notes; it scrolls, the plot keeps its room
    layout->addWidget(m_notes);
    connect(m_add, &QPushButton::clicked, this, &NotesPanel::addNote);
    connect(m_edit, &QLineEdit::returnPressed, this, &NotesPanel::addNote);
    connect(document, &ProjectDocument::notesChanged, this, &NotesPanel::refresh);
    connect(controller, &WorkbenchController::customerChanged, this, &NotesPanel::refresh);
    connect(controller, &WorkbenchController::datasetChanged, this, &NotesPanel::refresh);
    refresh();
}

void NotesPanel::addNote() {
    if (m_document->addNote(m_edit->text()))
        m_edit->clear();
}

void NotesPanel::refresh() {
    const bool customer = m_controller->customer() >= 0;
    m_bookmark->setEnabled(customer);
    m_edit->setEnabled(customer);
    m_add->setEnabled(customer);
    m_notes->clear();
    auto ds = m_controller->dataset();
    const std::vector<Note> notes = m_document->currentNotes();
    for (const Note& n : notes) {
        QString about;
        if (!n.target.empty()) {
            const ItemIndex t = ds ? ds->findItem(n.target) : -1;
            const std::string title = t >= 0 ? ds->items[static_cast<size_t>(t)].title : "";
            about = QString::fromStdString(title.empty() ? n.target : title);
        }
        const QString when =
            QDateTime::fromSecsSinceEpoch(n.time).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        const QString text = QString::fromStdString(n.text);
        auto* item = new QListWidgetItem(
            about.isEmpty()
                ? QStringLiteral("%1  %2").arg(when, text)
                : QStringLiteral("%1  [%2]  %3").arg(when, elideTitleMiddle(about, 40), text));
        item->setToolTip(about.isEmpty() ? text : QStringLiteral("%1\n%2").arg(about, text));
        m_notes->addItem(item);
    }
    m_notes->setVisible(!notes.empty());
}

} // namespace reclens
