#include "projectdocument.h"

#include "project/projectfile.h"
#include "workbenchcontroller.h"

#include <QDateTime>
#include <QFileInfo>

namespace reclens {

namespace {

const char* const kCustomerKey = "current_customer";
const char* const kTargetKey = "current_target";

} // namespace

ProjectDocument::ProjectDocument(WorkbenchController* controller, std::vector<std::string> methods,
                                 QObject* parent)
    : QObject(parent)
    , m_controller(controller)
    , m_methods(std::move(methods)) {
    // What Save would capture changed: the project has unsaved changes.
    auto touched = [this] {
        if (!m_restoring)
            setModified(true);
    };
    connect(controller, &WorkbenchController::datasetChanged, this, touched);
    connect(controller, &WorkbenchController::modelChanged, this, touched);
    connect(controller, &WorkbenchController::pinnedChanged, this, touched);
    connect(controller, &WorkbenchController::errorMessage, this, [this] { m_restoring = false; });
}

void ProjectDocument::setModified(bool modified) {
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT stateChanged();
}

void ProjectDocument::newProject() {
    m_project = Project{};
    m_path.clear();
    m_modified = false;
    Q_EMIT stateChanged();
    Q_EMIT feedbackChanged();
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
        m_project.pinnedCustomers.push_back({ds->users[static_cast<size_t>(pinned)].id, ""});
    std::string customer, target;
    const bool haveCurrent = currentIds(customer, target);
    const UserIndex u = m_controller->customer();
    if (!haveCurrent && ds && u >= 0 && static_cast<size_t>(u) < ds->users.size())
        customer = ds->users[static_cast<size_t>(u)].id;
    m_project.setSetting(kCustomerKey, customer);
    m_project.setSetting(kTargetKey, haveCurrent ? target : std::string());
}

bool ProjectDocument::saveAs(const QString& path, QString* error) {
    capture();
    auto st = saveProject(path.toStdString(), m_project);
    if (!st) {
        if (error)
            *error = QString::fromStdString(st.error().message);
        return false;
    }
    m_path = path;
    m_modified = false;
    Q_EMIT stateChanged();
    return true;
}

bool ProjectDocument::open(const QString& path, QString* error) {
    auto loaded = loadProject(path.toStdString());
    if (!loaded) {
        if (error)
            *error = QString::fromStdString(loaded.error().message);
        return false;
    }
    m_project = std::move(loaded).value();
    m_path = path;
    m_modified = false;
    Q_EMIT stateChanged();
    Q_EMIT feedbackChanged();
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
            if (UserIndex u = ds->findUser(p.pinnedCustomers.front().customer); u >= 0)
                m_controller->pinCustomer(u);
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
    setModified(true);
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
