#include "projectactions.h"

#include "bookmarksdock.h"
#include "bookmarkspanel.h"
#include "counterfactualview.h"
#include "feedbackbar.h"
#include "feedbacksummaryview.h"
#include "mainwindow.h"
#include "modelview.h"
#include "notespanel.h"
#include "project/whatifedits.h"
#include "projectdocument.h"
#include "projectnoteedit.h"
#include "projectview.h"
#include "saliencyview.h"
#include "workbenchcontroller.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

#include <memory>

namespace reclens {

namespace {

const QString kRecentProjects = QStringLiteral("project/recent");
const QString kRecentModels = QStringLiteral("project/recentModels");
const QString kLastProject = QStringLiteral("project/last");

void prependRecent(const QString& key, const QString& path) {
    QSettings settings;
    QStringList list = settings.value(key).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > 10)
        list.removeLast();
    settings.setValue(key, list);
}

} // namespace

ProjectActions::ProjectActions(MainWindow* window, WorkbenchController* controller, QMenu* fileMenu)
    : QObject(window)
    , m_window(window)
    , m_controller(controller) {
    SaliencyView* saliency = window->saliencyView();
    m_document = new ProjectDocument(controller, SaliencyView::methods(), this);

    fileMenu->addSeparator();
    fileMenu->addAction(tr("&New project"), this, &ProjectActions::newProject);
    fileMenu->addAction(tr("Open pro&ject…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open project"), QString(),
                                                          tr("RecLens projects (*.reclens)"));
        if (!path.isEmpty())
            openProject(path);
    });
    m_recentProjects = fileMenu->addMenu(tr("Recent pro&jects"));
    m_save = fileMenu->addAction(tr("Save pro&ject"), this, [this] { saveProject(); });
    fileMenu->addAction(tr("Save project &as…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            m_window, tr("Save project"), m_document->path(), tr("RecLens projects (*.reclens)"));
        if (!path.isEmpty())
            saveProjectAs(path.endsWith(QStringLiteral(".reclens"))
                              ? path
                              : path + QStringLiteral(".reclens"));
    });
    m_recentModels = fileMenu->addMenu(tr("Recent &models"));
    rebuildRecent();

    // Bookmarks: Edit → Bookmark (the window adds it to its Edit menu), a button beside the
    // notes under the explanation, and the Bookmarks dock that lists them.
    m_bookmark = new QAction(tr("&Bookmark this explanation"), this);
    m_bookmark->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_bookmark->setToolTip(tr("Keep this customer and target in the project's Bookmarks (Ctrl+D)"));
    connect(m_bookmark, &QAction::triggered, this, &ProjectActions::addBookmark);
    // Each addBelowMethod goes right under the method note: the notes first, so that the
    // feedback bar added next sits between the method note and them.
    saliency->addBelowMethod(new NotesPanel(controller, m_document, m_bookmark));
    m_bookmarksDock = new BookmarksDock(controller, m_document, window);
    connect(m_bookmarksDock->panel(), &BookmarksPanel::bookmarkOpened, this,
            [this] { m_window->showTab(MainWindow::SaliencyTab); });
    wireWhatIf();

    // The project note on the Project tab.
    window->projectView()->addSection(tr("Project note"), new ProjectNoteEdit(m_document));

    // Feedback: rate on the Saliency tab, summary on the Model tab.
    auto* bar = new FeedbackBar(controller, m_document, [saliency] { return saliency->method(); });
    saliency->addBelowMethod(bar);
    connect(saliency, &SaliencyView::methodChanged, bar, &FeedbackBar::refresh);
    window->modelView()->addSection(tr("<b>Analyst feedback</b> on explanations, per method"),
                                    new FeedbackSummaryView(m_document));

    // The method shown first follows the ratings when a project opens; a rating given now
    // does not switch the method under the analyst's eyes.
    connect(m_document, &ProjectDocument::opened, this, &ProjectActions::applyPreferredMethod);
    connect(m_document, &ProjectDocument::saveFinished, this,
            [this](bool ok, const QString& path, const QString& error) {
                if (!ok) {
                    // Shown like every workbench error: a dialog, the log and the status bar.
                    Q_EMIT m_controller->errorMessage(
                        error.contains(path) ? tr("Saving project failed: %1").arg(error)
                                             : tr("Saving project %1 failed: %2").arg(path, error));
                    return;
                }
                remember(path);
                Q_EMIT m_controller->statusMessage(tr("Saved project %1").arg(path));
            });
    connect(m_document, &ProjectDocument::stateChanged, this, &ProjectActions::updateTitle);
    connect(controller, &WorkbenchController::modelChanged, this, [this] {
        const QString source = m_controller->modelSource();
        if (QFileInfo(source).isFile() && isCheckpointPath(source)) {
            prependRecent(kRecentModels, QFileInfo(source).absoluteFilePath());
            rebuildRecent();
        }
    });
}

void ProjectActions::applyPreferredMethod() {
    // The default method follows the ratings once there are any; without feedback the view
    // keeps the engine default (or what the analyst picked).
    const FeedbackSummary s = m_document->summary();
    if (s.ratings > 0)
        m_window->saliencyView()->setMethod(s.preferredMethod);
}

void ProjectActions::updateTitle() {
    const QString name = m_document->path().isEmpty() ? tr("unsaved project")
                                                      : QFileInfo(m_document->path()).fileName();
    m_save->setEnabled(!m_document->isSaving());
    m_save->setText(m_document->isSaving()     ? tr("Saving pro&ject %1…").arg(name)
                    : m_document->isModified() ? tr("Save pro&ject (%1, changed)").arg(name)
                                               : tr("Save pro&ject (%1)").arg(name));
}

void ProjectActions::addBookmark() {
    if (!m_document->addBookmark(QString())) {
        Q_EMIT m_controller->statusMessage(tr("Select a customer to bookmark first"));
        return;
    }
    m_bookmarksDock->showForNewBookmark();
    Q_EMIT m_controller->statusMessage(
        tr("Bookmarked (Bookmarks dock; select its Label cell and press F2 to name it)"));
}

void ProjectActions::wireWhatIf() {
    CounterfactualView* whatIf = m_window->counterfactualView();
    // The edits of the history as the model sees it, each time they change (a tick, a drag,
    // an insertion) and each time a what-if ran (the minimal explanation unticks silently).
    auto store = [this, whatIf] {
        const auto& recs = m_controller->recommendations();
        if (recs && recs->user == m_controller->customer() &&
            whatIf->historyList()->original() == recs->history && !recs->history.empty())
            m_document->storeWhatIf(recs->user, whatIf->currentEdits());
    };
    connect(whatIf->historyList(), &HistoryEditList::edited, this, store);
    connect(m_controller, &WorkbenchController::whatIfChanged, this, [this, store] {
        if (m_controller->whatIfResult())
            store();
    });
    // Connected after the view's own handlers: the list has loaded the history by then.
    connect(m_controller, &WorkbenchController::recommendationsChanged, this,
            &ProjectActions::restoreWhatIf);
    connect(m_controller, &WorkbenchController::explanationChanged, this,
            &ProjectActions::restoreWhatIf);
}

void ProjectActions::restoreWhatIf() {
    CounterfactualView* whatIf = m_window->counterfactualView();
    const auto& recs = m_controller->recommendations();
    auto ds = m_controller->dataset();
    if (!ds || !recs || recs->user != m_controller->customer() ||
        whatIf->historyList()->original() != recs->history || !whatIf->currentEdits().empty())
        return;
    const std::vector<WhatIfEdit> stored = m_document->whatIfEditsOf(recs->user);
    if (stored.empty())
        return;
    std::vector<std::string> missing;
    const History edited = applyWhatIfEdits(*ds, recs->history, stored, &missing);
    if (!missing.empty()) {
        QStringList names;
        for (const std::string& id : missing)
            names << QString::fromStdString(id);
        Q_EMIT m_controller->statusMessage(
            tr("What-if of customer %1: dropped %2, no longer in the dataset")
                .arg(QString::fromStdString(ds->users[static_cast<size_t>(recs->user)].id),
                     names.join(QStringLiteral(", "))));
    }
    if (edited == recs->history) { // nothing left once the gone products are dropped
        m_document->storeWhatIf(recs->user, {});
        return;
    }
    // The list emits `edited`: the view runs the what-if and the project stores the edits
    // as the list now shows them (without the dropped products).
    whatIf->historyList()->setEditedHistory(*ds, edited);
}

void ProjectActions::remember(const QString& path) {
    const QString abs = QFileInfo(path).absoluteFilePath();
    prependRecent(kRecentProjects, abs);
    QSettings().setValue(kLastProject, abs);
    rebuildRecent();
}

QStringList ProjectActions::recentProjects() {
    return QSettings().value(kRecentProjects).toStringList();
}

QStringList ProjectActions::recentModels() {
    return QSettings().value(kRecentModels).toStringList();
}

void ProjectActions::rebuildRecent() {
    m_recentProjects->clear();
    for (const QString& p : recentProjects())
        m_recentProjects->addAction(p, this, [this, p] { openProject(p); });
    m_recentProjects->setEnabled(!m_recentProjects->isEmpty());
    m_recentModels->clear();
    for (const QString& p : recentModels())
        m_recentModels->addAction(p, this, [this, p] { m_window->openPath(p); });
    m_recentModels->setEnabled(!m_recentModels->isEmpty());
}

bool ProjectActions::openProject(const QString& path) {
    // Shared: after a Save the open runs later, when this call has returned.
    auto opened = std::make_shared<bool>(false);
    whenUnsavedProjectHandled(tr("opening another project"),
                              [this, path, opened] { *opened = openNow(path); });
    return *opened;
}

bool ProjectActions::openNow(const QString& path) {
    QString error;
    if (!m_document->open(path, &error)) {
        // Shown like every workbench error: the Messages log and the status bar.
        Q_EMIT m_controller->errorMessage(error);
        return false;
    }
    remember(path);
    Q_EMIT m_controller->statusMessage(tr("Opened project %1").arg(path));
    return true;
}

bool ProjectActions::saveProject(std::function<void()> onSaved) {
    if (m_document->path().isEmpty()) {
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Save project"), QString(),
                                                          tr("RecLens projects (*.reclens)"));
        return !path.isEmpty() && saveProjectAs(path, std::move(onSaved));
    }
    return saveProjectAs(m_document->path(), std::move(onSaved));
}

bool ProjectActions::saveProjectAs(const QString& path, std::function<void()> onSaved) {
    if (m_document->isSaving()) {
        Q_EMIT m_controller->statusMessage(tr("The project is being saved; try again in a moment"));
        return false;
    }
    if (onSaved)
        connect(
            m_document, &ProjectDocument::saveFinished, this,
            [onSaved](bool ok, const QString&, const QString&) {
                if (ok)
                    onSaved();
            },
            Qt::SingleShotConnection);
    Q_EMIT m_controller->statusMessage(tr("Saving project %1…").arg(path));
    return m_document->save(path);
}

bool ProjectActions::whenUnsavedProjectHandled(const QString& action,
                                               const std::function<void()>& proceed) {
    if (m_document->isSaving()) {
        // Ask again (or go on) once the running save has ended.
        connect(
            m_document, &ProjectDocument::saveFinished, this,
            [this, action, proceed] { whenUnsavedProjectHandled(action, proceed); },
            Qt::SingleShotConnection);
        return false;
    }
    if (!m_document->isModified()) {
        proceed();
        return true;
    }
    const QString name = m_document->path().isEmpty()
                             ? tr("The unsaved project")
                             : tr("The project %1").arg(QFileInfo(m_document->path()).fileName());
    QMessageBox box(QMessageBox::Question, tr("Unsaved project"),
                    tr("%1 has changes that are not saved (feedback, notes, bookmarks, what-if "
                       "edits, pinned customers). Save them before %2?")
                        .arg(name, action),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_window);
    box.setObjectName(QStringLiteral("unsavedProjectPrompt"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        saveProject(proceed); // a failed or cancelled save keeps the project and stops
        return false;
    case QMessageBox::Discard:
        proceed();
        return true;
    default:
        return false;
    }
}

void ProjectActions::newProject() {
    whenUnsavedProjectHandled(tr("starting a new project"), [this] {
        m_document->newProject();
        QSettings().remove(kLastProject);
    });
}

bool ProjectActions::reopenLast() {
    const QString last = QSettings().value(kLastProject).toString();
    return !last.isEmpty() && QFileInfo(last).isFile() && openProject(last);
}

} // namespace reclens
