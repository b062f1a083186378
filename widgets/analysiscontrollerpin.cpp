// AnalysisController, the pinned comparison: a customer pinned beside the one on screen (with
// the open model, or with the checkpoint a project recorded for the pin), or a checkpoint
// pinned to compare the current customer's list under two models. Same rules as the other
// analyses: jobs off the UI thread, only the latest pin request is applied.

#include "analysiscontroller.h"

#include <QFileInfo>

namespace reclens {

namespace {

QString customerLabel(const Dataset& ds, UserIndex user) {
    return QStringLiteral("customer %1")
        .arg(QString::fromStdString(ds.users[static_cast<size_t>(user)].id));
}

} // namespace

void AnalysisController::pinCustomer(UserIndex user, const QString& modelNote) {
    if (!m_state.model || !m_state.dataset || user < 0)
        return;
    m_pinnedModel.reset();
    m_pinnedCustomerModel.reset();
    m_pinnedCustomer = user;
    m_pinnedLabel = customerLabel(*m_state.dataset, user);
    // Which model the pin was taken with: a saved one by its file, else the note given.
    if (!modelNote.isEmpty())
        m_pinnedLabel += QStringLiteral(" ") + modelNote;
    else if (QFileInfo(m_state.modelSource).isFile())
        m_pinnedLabel +=
            QStringLiteral(" (model %1)").arg(QFileInfo(m_state.modelSource).fileName());
    rankPinnedCustomer(m_state.model);
}

void AnalysisController::pinCustomerWithCheckpoint(UserIndex user, const QString& path) {
    if (!m_state.dataset || user < 0)
        return;
    auto ds = m_state.dataset;
    const int k = m_state.topK();
    const History bought = m_state.boughtBy(user);
    m_jobs.startLatest(
        QStringLiteral("Pinning customer"), m_pinRequest, [this, ds, user, path, k, bought](Job&) {
            auto loaded = SasRecModel::load(path.toStdString(), ds.get());
            if (!loaded) {
                // Unreadable or of another dataset: the pin is still worth showing, with the
                // open model and a label that says so.
                const QString why = QString::fromStdString(loaded.error().message);
                return std::function<void()>([this, user, path, why] {
                    m_jobs.error(QStringLiteral("Pinning customer: %1").arg(why));
                    pinCustomer(user, QStringLiteral("(model %1 unreadable; shown with the "
                                                     "open model)")
                                          .arg(QFileInfo(path).fileName()));
                });
            }
            std::shared_ptr<const SasRecModel> m =
                std::make_shared<SasRecModel>(std::move(loaded).value());
            // The pin's own model reads the last maxLength purchases it was trained with.
            const History h =
                clipHistory(ds->users[static_cast<size_t>(user)].sequence, m->maxLength());
            CustomerRecs r{user, h, rankRow(*m, h, k, bought)};
            return std::function<void()>([this, ds, user, m, r, path] {
                m_pinnedModel.reset();
                m_pinnedCustomerModel = m;
                m_pinnedCustomer = user;
                m_pinnedLabel = customerLabel(*ds, user) +
                                QStringLiteral(" (model %1)").arg(QFileInfo(path).fileName());
                m_pinnedRecs = r;
                Q_EMIT pinnedChanged();
            });
        });
}

void AnalysisController::repinCustomer() {
    if (m_pinnedCustomer < 0 || !m_state.dataset)
        return;
    if (m_pinnedCustomerModel)
        rankPinnedCustomer(m_pinnedCustomerModel);
    else if (m_state.model)
        rankPinnedCustomer(m_state.model);
}

void AnalysisController::rankPinnedCustomer(std::shared_ptr<const SequenceModel> model) {
    const UserIndex user = m_pinnedCustomer;
    const History h =
        clipHistory(m_state.dataset->users[static_cast<size_t>(user)].sequence, model->maxLength());
    const int k = m_state.topK();
    const History bought = m_state.boughtBy(user);
    m_jobs.startLatest(QStringLiteral("Pinning customer"), m_pinRequest,
                       [this, model, user, h, k, bought](Job&) {
                           CustomerRecs r{user, h, rankRow(*model, h, k, bought)};
                           return std::function<void()>([this, r] {
                               m_pinnedRecs = r;
                               Q_EMIT pinnedChanged();
                           });
                       });
}

void AnalysisController::pinCheckpoint(const QString& path) {
    if (!m_state.dataset)
        return;
    auto ds = m_state.dataset;
    UserIndex u = m_customer;
    History h = m_state.historyOf(u);
    int k = m_state.topK();
    History bought = m_state.boughtBy(u);
    m_jobs.startLatest(QStringLiteral("Pinning checkpoint"), m_pinRequest,
                       [this, ds, path, u, h, k, bought](Job&) {
                           auto loaded = SasRecModel::load(path.toStdString(), ds.get());
                           if (!loaded)
                               JobRunner::throwError(loaded.error());
                           std::shared_ptr<const SasRecModel> m =
                               std::make_shared<SasRecModel>(std::move(loaded).value());
                           std::optional<CustomerRecs> r;
                           if (u >= 0)
                               r = CustomerRecs{u, h, rankRow(*m, h, k, bought)};
                           return std::function<void()>([this, m, r, path] {
                               m_pinnedModel = m;
                               m_pinnedCustomerModel.reset();
                               m_pinnedCustomer = -1;
                               m_pinnedLabel =
                                   QStringLiteral("checkpoint %1").arg(QFileInfo(path).fileName());
                               m_pinnedRecs = r;
                               Q_EMIT pinnedChanged();
                           });
                       });
}

void AnalysisController::clearPin() {
    m_pinRequest.supersede();
    m_pinnedModel.reset();
    m_pinnedCustomerModel.reset();
    m_pinnedCustomer = -1;
    m_pinnedRecs.reset();
    m_pinnedLabel.clear();
    Q_EMIT pinnedChanged();
}

} // namespace reclens
