#include "bookmarksdock.h"

#include "bookmarkspanel.h"
#include "projectdocument.h"

#include <QAction>
#include <QMainWindow>
#include <QSettings>

namespace reclens {

namespace {
const QString kHiddenByUser = QStringLiteral("window/bookmarksHidden");
} // namespace

BookmarksDock::BookmarksDock(WorkbenchController* controller, ProjectDocument* document,
                             QWidget* parent)
    : QDockWidget(tr("Bookmarks"), parent)
    , m_document(document)
    , m_panel(new BookmarksPanel(controller, document)) {
    setObjectName(QStringLiteral("bookmarksDock"));
    setWidget(m_panel);
    hide(); // until the project has a bookmark: a hidden dock takes no space
    // Only the analyst's own clicks in the View menu count as a choice to remember; the dock
    // also hides and shows when it follows the document.
    connect(toggleViewAction(), &QAction::triggered, this,
            [](bool shown) { QSettings().setValue(kHiddenByUser, !shown); });
    connect(document, &ProjectDocument::bookmarksChanged, this, &BookmarksDock::followDocument);
}

bool BookmarksDock::hiddenByUser() {
    return QSettings().value(kHiddenByUser, false).toBool();
}

void BookmarksDock::followDocument() {
    const bool any = !m_document->project().bookmarks.empty();
    if (!any)
        hide();
    else if (!hiddenByUser())
        appear();
}

void BookmarksDock::closeEvent(QCloseEvent* event) {
    QSettings().setValue(kHiddenByUser, true);
    QDockWidget::closeEvent(event);
}

void BookmarksDock::showForNewBookmark() {
    QSettings().setValue(kHiddenByUser, false);
    appear();
}

void BookmarksDock::appear() {
    if (!isHidden())
        return;
    show();
    // A quarter of the column, as before it hid: the Customers list stays the long one.
    if (auto* window = qobject_cast<QMainWindow*>(parentWidget()))
        window->resizeDocks({this}, {window->height() / 4}, Qt::Vertical);
}

} // namespace reclens
