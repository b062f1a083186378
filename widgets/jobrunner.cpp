#include "jobrunner.h"

#include "common/expected.h"

#include <algorithm>
#include <stdexcept>

namespace reclens {

JobRunner::JobRunner(QObject* parent)
    : QObject(parent) {
    // Training, an explanation and a merchant aggregation may overlap; torch parallelises each.
    m_pool.setMaxThreadCount(4);
}

JobRunner::~JobRunner() {
    shutdown();
}

void JobRunner::shutdown() {
    for (const QPointer<Job>& j : m_jobs)
        if (j)
            j->requestInterruption();
    m_pool.waitForDone();
}

void JobRunner::throwError(const Error& e) {
    throw std::runtime_error(e.message); // the job turns it into failed(message)
}

Job* JobRunner::start(const QString& name, quint64 requestId, Job::Work work, bool announceCancel) {
    auto* job = new Job(name, requestId, std::move(work));
    connect(job, &Job::succeeded, this, [job] { job->deliver(); });
    connect(job, &Job::failed, this,
            [this](const QString& message) { Q_EMIT errorMessage(message); });
    if (announceCancel)
        connect(job, &Job::cancelled, this,
                [this, name] { Q_EMIT statusMessage(name + QStringLiteral(" cancelled")); });
    connect(job, &Job::finished, this, [this, job] {
        std::erase_if(m_jobs, [job](const QPointer<Job>& j) { return !j || j == job; });
        job->deleteLater();
        if (--m_running == 0)
            Q_EMIT busyChanged(false);
    });
    m_jobs.emplace_back(job);
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
    m_pool.start(job);
    return job;
}

Job* JobRunner::startLatest(const QString& name, LatestRequest& slot, Job::Work work,
                            bool announceCancel) {
    slot.supersede();
    const quint64 id = slot.id = nextRequestId();
    // `slot` lives in the part that owns it, which outlives its jobs (shutdown() waits for them
    // before the parts are destroyed), and the deliver closure runs on the UI thread.
    LatestRequest* latest = &slot;
    slot.job = start(
        name, id,
        [work = std::move(work), latest, id](Job& job) -> Job::Deliver {
            Job::Deliver deliver = work(job);
            if (!deliver)
                return deliver;
            return [deliver = std::move(deliver), latest, id] {
                if (latest->id == id) // else a newer request superseded this one: dropped
                    deliver();
            };
        },
        announceCancel);
    return slot.job;
}

} // namespace reclens
