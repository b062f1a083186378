#include "unsavedmodelprompt.h"

#include "workbenchcontroller.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

namespace reclens {

QString askCheckpointSavePath(QWidget* parent) {
    return QFileDialog::getSaveFileName(parent, QObject::tr("Save checkpoint"),
                                        QStringLiteral("model.rlm"),
                                        QObject::tr("RecLens models (*.rlm);;All files (*)"));
}

bool whenUnsavedModelHandled(QWidget* parent, WorkbenchController* controller,
                             const QString& action, const std::function<void()>& proceed) {
    if (!controller->isModelUnsaved()) {
        proceed();
        return true;
    }
    QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved model"),
                    QObject::tr("The model trained in this session has not been saved."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("unsavedModelPrompt"));
    box.setInformativeText(
        QObject::tr("Save it before %1? Discarding it loses the training run.").arg(action));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Discard:
        proceed();
        return true;
    case QMessageBox::Save: {
        const QString path = askCheckpointSavePath(parent);
        if (path.isEmpty())
            return false; // the user changed their mind: nothing is replaced
        controller->saveCheckpoint(path, proceed);
        return false;
    }
    default:
        return false;
    }
}

} // namespace reclens
