#include "projectdocument.h"

#include "project/projectfile.h"
#include "workbenchcontroller.h"

#include <QDateTime>
#include <QFileInfo>
#include <QPointer>

#include <memory>

namespace reclens {

namespace {

const char* const kCustomerKey = "current_customer";
const char* const kTargetKey = "current_target";

/// Pins the project's customer `u` again with the model it was pinned with: the open model
/// when that is the one (or none was recorded), else the recorded checkpoint, loaded for the
/// pin alone; when that file is gone, the open model with a label that says so.
void restorePin(WorkbenchController& controller, UserIndex u, const std::string& checkpoint) {
    const QFileInfo pinned(QString::fromStdString(checkpoint));
    if (checkpoint.empty() ||
        pinned.absoluteFilePath() == QFileInfo(controller.modelSource()).absoluteFilePath())
        controller.pinCustomer(u); // the label names the open model's file
    else if (!pinned.isFile())
        controller.pinCustomer(u,
                               ProjectDocument::tr("(model missing: %1; shown with the open model)")
                                   .arg(pinned.fileName()));
    else
        controller.pinCustomerWithCheckpoint(u, pinned.absoluteFilePath());
}

} // namespace

ProjectDocument::ProjectDocument(WorkbenchController* controller, std::vector<std::string> methods,
                                 QObject* parent)
    : QObject(parent)
    , m_controller(controller)
    , m_methods(std::move(methods)) {
    // What Save would capture changed: the project has unsaved changes.
    auto touched = [this] {
        if (!m_restoring)
            touch();
    };
    connect(controller, &WorkbenchController::datasetChanged, this, touched);
    connect(controller, &WorkbenchController::modelChanged, this, touched);
    connect(controller, &WorkbenchController::pinnedChanged, this, [this] {
        // The project's own pin (reopened) keeps the checkpoint it was stored with; a pin the
        // analyst makes records the model it was made with, when that model is a file.
        if (m_restoring)
            return; // the old pin dropped while the project's dataset and model open
        if (m_pinFromProject) {
            m_pinFromProject = false;
            return;
        }
        const QFileInfo model(m_controller->modelSource());
        m_pinCheckpoint = m_controller->pinnedCustomer() >= 0 && model.isFile()
                              ? model.absoluteFilePath().toStdString()
                              : std::string();
        touch();
    });
    connect(controller, &WorkbenchController::errorMessage, this, [this] { m_restoring = false; });
}

void ProjectDocument::touch() {
    ++m_revision;
    setModified(true);
}

void ProjectDocument::setModified(bool modified) {
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT stateChanged();
}

void ProjectDocument::newProject() {
    m_project = Project{};
    m_pinCheckpoint.clear();
    m_path.clear();
    m_modified = false;
    Q_EMIT stateChanged();
    Q_EMIT feedbackChanged();
    Q_EMIT bookmarksChanged();
    Q_EMIT notesChanged();
}

bool ProjectDocument::currentIds(std::string& customer, std::string& target) const {
    auto ds = m_controller->dataset();
    const UserIndex u = m_controller->customer();
    const ItemIndex t = m_controller->target();
    if (!ds || u < 0 || t < 0 || static_cast<size_t>(u) >= ds->users.size() ||
        static_cast<size_t>(t) >= ds->items.size())
        return false;
    customer = ds->users[static_cast<size_t>(u)].id;
    target = ds->items[static_cast<size_t>(t)].id;
    return true;
}

void ProjectDocument::capture() {
    auto ds = m_controller->dataset();
    m_project.datasetPath = ds ? ds->sourcePath : std::string();
    m_project.importOptions = m_controller->importOptions();
    // A model trained in this session and never saved has no file to reopen.
    m_project.checkpoints.clear();
    if (QFileInfo(m_controller->modelSource()).isFile())
        m_project.checkpoints.push_back(
            QFileInfo(m_controller->modelSource()).absoluteFilePath().toStdString());
    m_project.pinnedCustomers.clear();
    const UserIndex pinned = m_controller->pinnedCustomer();
    if (ds && pinned >= 0 && static_cast<size_t>(pinned) < ds->users.size())
        m_project.pinnedCustomers.push_back(
            {ds->users[static_cast<size_t>(pinned)].id, m_pinCheckpoint});
    std::string customer, target;
    const bool haveCurrent = currentIds(customer, target);
    const UserIndex u = m_controller->customer();
    if (!haveCurrent && ds && u >= 0 && static_cast<size_t>(u) < ds->users.size())
        customer = ds->users[static_cast<size_t>(u)].id;
    m_project.setSetting(kCustomerKey, customer);
    m_project.setSetting(kTargetKey, haveCurrent ? target : std::string());
}

bool ProjectDocument::save(const QString& path) {
    if (m_saving)
        return false;
    capture();
    // The job writes a snapshot: the analyst goes on rating and editing the live project.
    auto snapshot = std::make_shared<const Project>(m_project);
    const quint64 revision = m_revision;
    m_saving = true;
    Q_EMIT stateChanged();
    QPointer<ProjectDocument> self(this);
    m_controller->startJob(
        tr("Saving project %1").arg(path), 0, [self, snapshot, path, revision](Job&) {
            // A failure is not thrown: the document must hear it to keep its unsaved state.
            auto st = saveProject(path.toStdString(), *snapshot);
            const QString error = st ? QString() : QString::fromStdString(st.error().message);
            return std::function<void()>([self, path, revision, error] {
                if (self)
                    self->finishSave(path, revision, error);
            });
        });
    return true;
}

void ProjectDocument::finishSave(const QString& path, quint64 revision, const QString& error) {
    m_saving = false;
    if (error.isEmpty()) {
        m_path = path;
        m_modified = revision != m_revision; // changed while it was written: still unsaved
    }
    Q_EMIT stateChanged();
    Q_EMIT saveFinished(error.isEmpty(), path, error);
}

bool ProjectDocument::open(const QString& path, QString* error) {
    auto loaded = loadProject(path.toStdString());
    if (!loaded) {
        if (error)
            *error = QString::fromStdString(loaded.error().message);
        return false;
    }
    m_project = std::move(loaded).value();
    m_pinCheckpoint =
        m_project.pinnedCustomers.empty() ? std::string() : m_project.pinnedCustomers[0].checkpoint;
    m_path = path;
    m_modified = false;
    Q_EMIT stateChanged();
    Q_EMIT feedbackChanged();
    Q_EMIT bookmarksChanged();
    Q_EMIT notesChanged();
    Q_EMIT opened();
    restore();
    return true;
}

void ProjectDocument::restore() {
    if (m_project.datasetPath.empty())
        return;
    m_restoring = true;
    const Project p = m_project;
    // Dataset, then model, then pin and the customer on screen: each step starts when the
    // controller's job for the previous one has delivered.
    auto afterModel = [this, p] {
        m_restoring = false;
        auto ds = m_controller->dataset();
        if (!ds)
            return;
        if (!p.pinnedCustomers.empty())
            if (UserIndex u = ds->findUser(p.pinnedCustomers.front().customer); u >= 0) {
                m_pinFromProject = true;
                restorePin(*m_controller, u, p.pinnedCustomers.front().checkpoint);
            }
        if (UserIndex u = ds->findUser(p.setting(kCustomerKey)); u >= 0) {
            m_controller->selectCustomer(u);
            if (ItemIndex t = ds->findItem(p.setting(kTargetKey)); t >= 0)
                m_controller->setTarget(t);
        }
    };
    m_controller->openDataset(
        QString::fromStdString(p.datasetPath), p.importOptions, [this, p, afterModel] {
            if (p.checkpoints.empty()) {
                afterModel();
                return;
            }
            connect(m_controller, &WorkbenchController::modelChanged, this, afterModel,
                    Qt::SingleShotConnection);
            m_controller->openCheckpoint(QString::fromStdString(p.checkpoints.front()), QString(),
                                         /*offerDataset=*/false);
        });
}

bool ProjectDocument::rate(const std::string& method, FeedbackRating rating,
                           const QString& comment) {
    Feedback f;
    if (method.empty() || !currentIds(f.customer, f.target))
        return false;
    f.method = method;
    f.rating = rating;
    f.comment = comment.toStdString();
    f.time = QDateTime::currentSecsSinceEpoch();
    m_project.addFeedback(f);
    touch();
    Q_EMIT feedbackChanged();
    return true;
}

const Feedback* ProjectDocument::currentVerdict(const std::string& method) const {
    std::string customer, target;
    if (!currentIds(customer, target))
        return nullptr;
    for (const Feedback& f : m_project.feedback)
        if (f.customer == customer && f.target == target && f.method == method)
            return &f;
    return nullptr;
}

FeedbackSummary ProjectDocument::summary() const {
    return summarizeFeedback(m_project.feedback, m_methods);
}

} // namespace reclens
