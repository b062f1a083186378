#pragma once
// The workbench's one job runner: a thread pool for every long task of the dataset session and
// the analysis and merchant controllers, the busy indicator (busyChanged when the first job
// starts and the last one ends), request ids, and the one channel for status and error
// messages the window shows. The parts never run engine work on the UI thread themselves.

#include "job.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <vector>

namespace reclens {

struct Error;

/// One kind of request of which only the latest counts (the explanation on screen, the merchant
/// view, a report preview): its current id and its running job. Owned by the part that makes
/// the requests; JobRunner::startLatest fills it.
struct LatestRequest {
    quint64 id = 0;
    QPointer<Job> job;

    /// Whatever is running is out of date: its result will be dropped and it is asked to stop.
    void supersede() {
        ++id;
        if (job)
            job->requestInterruption();
    }
    /// A request of this slot runs and is still wanted (a superseded job may still be ending).
    bool isPending() const { return job && job->requestId() == id; }
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    /// Calls shutdown().
    ~JobRunner() override;

    /// Runs `work` on the pool (busy indicator, failures as errorMessage). `announceCancel` =
    /// false for work that is only ever cancelled because a newer request superseded it (the
    /// user picked another customer): saying so would be noise.
    Job* start(const QString& name, quint64 requestId, Job::Work work, bool announceCancel = true);
    /// Starts `work` as the newest request of `slot`: the slot's running job is superseded
    /// (asked to stop, its result dropped), and the deliver closure `work` returns runs only if
    /// no newer request of the slot (nor a supersede()) came before it was delivered.
    Job* startLatest(const QString& name, LatestRequest& slot, Job::Work work,
                     bool announceCancel = true);
    /// A fresh id for a request; every part of the workbench draws from this one counter.
    quint64 nextRequestId() { return m_nextRequest++; }
    bool isBusy() const { return m_running > 0; }
    QThreadPool* pool() { return &m_pool; }
    /// Asks every running job to stop and waits for the pool: the owner calls it before the
    /// objects the jobs' closures point to are destroyed.
    void shutdown();

    void status(const QString& text) { Q_EMIT statusMessage(text); }
    void error(const QString& text) { Q_EMIT errorMessage(text); }
    /// Inside a job's work: stops it with `e` as the message the window shows.
    [[noreturn]] static void throwError(const Error& e);

Q_SIGNALS:
    void statusMessage(const QString& text);
    void errorMessage(const QString& text);
    void busyChanged(bool busy);

private:
    QThreadPool m_pool;
    std::vector<QPointer<Job>> m_jobs; // started and not yet finished
    quint64 m_nextRequest = 1;
    int m_running = 0;
};

} // namespace reclens
