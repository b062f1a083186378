#include "mainwindow.h"
// MainWindow's file handling: open (dialog, path, drop, sample), save, pin a checkpoint and the
// recent-files menu. Every open that would replace the model asks about an unsaved one first.

#include "model/modelfile.h"

#include "importdialog.h"
#include "projectactions.h"
#include "unsavedmodelprompt.h"
#include "workbenchcontroller.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QSettings>

namespace reclens {

namespace {
const QString kCheckpointFilter =
    QStringLiteral("Models: RecLens or TorchScript (*.rlm *.pt *.ckpt);;All files (*)");
}

bool isCheckpointPath(const QString& path) {
    QString s = QFileInfo(path).suffix().toLower();
    return s == QStringLiteral("rlm") || s == QStringLiteral("pt") || s == QStringLiteral("ckpt");
}

void MainWindow::openPath(const QString& path) {
    if (path.endsWith(QStringLiteral(".reclens"))) {
        m_projectActions->openProject(path);
        return;
    }
    whenUnsavedModelHandled(this, m_controller, tr("opening %1").arg(QFileInfo(path).fileName()),
                            [this, path] {
                                if (isCheckpointPath(path))
                                    m_controller->openCheckpoint(path);
                                else
                                    m_controller->openDataset(path);
                            });
}

void MainWindow::openSampleGuarded() {
    whenUnsavedModelHandled(this, m_controller, tr("opening the bundled sample"),
                            [this] { m_controller->openSample(); });
}

void MainWindow::openDatasetDialog(const QString& initial) {
    if (m_controller->isModelUnsaved()) {
        // Ask first; after a Save the dialog opens once the checkpoint is written.
        whenUnsavedModelHandled(this, m_controller, tr("opening another dataset"),
                                [this, initial] { openDatasetDialogUnchecked(initial); });
        return;
    }
    openDatasetDialogUnchecked(initial);
}

void MainWindow::openDatasetDialogUnchecked(const QString& initial) {
    ImportDialog dialog(this, initial);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty())
        return;
    m_controller->openDataset(dialog.path(), dialog.options());
}

void MainWindow::openCheckpointDialog() {
    QString path =
        QFileDialog::getOpenFileName(this, tr("Open model"), QString(), kCheckpointFilter);
    if (path.isEmpty())
        return;
    // A TorchScript file needs its item map: the one beside it (<name>.items.csv or
    // item_map.csv), else the one the user picks.
    QString map;
    const std::string file = path.toStdString();
    if (isTorchScriptFile(file) && findItemMapBeside(file).empty()) {
        map = QFileDialog::getOpenFileName(this, tr("Item map of %1").arg(path), QString(),
                                           tr("Item map: index,item (*.csv);;All files (*)"));
        if (map.isEmpty())
            return;
    }
    whenUnsavedModelHandled(this, m_controller, tr("opening another model"),
                            [this, path, map] { m_controller->openCheckpoint(path, map); });
}

void MainWindow::saveCheckpointDialog() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save checkpoint"),
                                                QStringLiteral("model.rlm"), kCheckpointFilter);
    if (!path.isEmpty())
        m_controller->saveCheckpoint(path);
}

void MainWindow::pinCheckpointDialog() {
    QString path =
        QFileDialog::getOpenFileName(this, tr("Pin a checkpoint"), QString(), kCheckpointFilter);
    if (!path.isEmpty())
        m_controller->pinCheckpoint(path);
}

void MainWindow::addRecent(const QString& path) {
    if (path.isEmpty())
        return;
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& p : recent)
        m_recentMenu->addAction(p, this, [this, p] { openPath(p); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    for (const QUrl& url : urls)
        if (url.isLocalFile())
            openPath(url.toLocalFile());
    event->acceptProposedAction();
}

} // namespace reclens
