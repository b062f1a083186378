#pragma once
// "Save the trained model?" before something replaces it (another dataset, a checkpoint, the
// sample, a dropped file, quitting), as every desktop editor asks before closing an unsaved
// document. The model is saved by the controller's job; the replacing action runs only once
// the checkpoint is written, so a failed save never loses the model.

#include <QString>

#include <functional>

class QWidget;

namespace reclens {

class WorkbenchController;

/// Runs `proceed` now when nothing would be lost; otherwise asks Save / Discard / Cancel about
/// the controller's unsaved model before `action` (e.g. "opening another dataset"). Save asks
/// for a file name and runs `proceed` after the checkpoint is written; Discard runs it now;
/// Cancel (or closing either dialog) never runs it. Returns true when `proceed` already ran.
bool whenUnsavedModelHandled(QWidget* parent, WorkbenchController* controller,
                             const QString& action, const std::function<void()>& proceed);

/// Asks where to save the model (a file dialog); empty when the user cancelled.
QString askCheckpointSavePath(QWidget* parent);

} // namespace reclens
