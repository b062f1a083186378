#include "projectactions.h"

#include "feedbackbar.h"
#include "feedbacksummaryview.h"
#include "mainwindow.h"
#include "modelview.h"
#include "projectdocument.h"
#include "saliencyview.h"
#include "workbenchcontroller.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

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

    // Feedback: rate on the Saliency tab, summary on the Model tab.
    auto* bar = new FeedbackBar(controller, m_document, [saliency] { return saliency->method(); });
    saliency->addBelowMethod(bar);
    connect(saliency, &SaliencyView::methodChanged, bar, &FeedbackBar::refresh);
    window->modelView()->addSection(tr("<b>Analyst feedback</b> on explanations, per method"),
                                    new FeedbackSummaryView(m_document));

    // The method shown first follows the ratings when a project opens; a rating given now
    // does not switch the method under the analyst's eyes.
    connect(m_document, &ProjectDocument::opened, this, &ProjectActions::applyPreferredMethod);
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
    m_save->setText(m_document->isModified() ? tr("Save pro&ject (%1, changed)").arg(name)
                                             : tr("Save pro&ject (%1)").arg(name));
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
    if (!confirmUnsavedProject(tr("opening another project")))
        return false;
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

bool ProjectActions::saveProject() {
    if (m_document->path().isEmpty()) {
        const QString path = QFileDialog::getSaveFileName(m_window, tr("Save project"), QString(),
                                                          tr("RecLens projects (*.reclens)"));
        return !path.isEmpty() && saveProjectAs(path);
    }
    return saveProjectAs(m_document->path());
}

bool ProjectActions::saveProjectAs(const QString& path) {
    QString error;
    if (!m_document->saveAs(path, &error)) {
        // Shown like every workbench error: the Messages log and the status bar.
        Q_EMIT m_controller->errorMessage(error);
        return false;
    }
    remember(path);
    Q_EMIT m_controller->statusMessage(tr("Saved project %1").arg(path));
    return true;
}

bool ProjectActions::confirmUnsavedProject(const QString& action) {
    if (!m_document->isModified())
        return true;
    const QString name = m_document->path().isEmpty()
                             ? tr("The unsaved project")
                             : tr("The project %1").arg(QFileInfo(m_document->path()).fileName());
    QMessageBox box(QMessageBox::Question, tr("Unsaved project"),
                    tr("%1 has changes that are not saved (feedback, notes, pinned customers). "
                       "Save them before %2?")
                        .arg(name, action),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_window);
    box.setObjectName(QStringLiteral("unsavedProjectPrompt"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveProject(); // a failed or cancelled save keeps the project and stops
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void ProjectActions::newProject() {
    if (!confirmUnsavedProject(tr("starting a new project")))
        return;
    m_document->newProject();
    QSettings().remove(kLastProject);
}

bool ProjectActions::reopenLast() {
    const QString last = QSettings().value(kLastProject).toString();
    return !last.isEmpty() && QFileInfo(last).isFile() && openProject(last);
}

} // namespace reclens
