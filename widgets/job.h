#pragma once
// A unit of long work that runs on a QThreadPool, off the UI thread. The work function returns
// a "deliver" closure; the job runs it on the UI thread only when the owner still wants the
// result (see WorkbenchController: superseded requests are dropped). Exceptions stop here and
// become failed(message): the window shows them, the program keeps running.

#include <QObject>
#include <QRunnable>
#include <QString>

#include <atomic>
#include <functional>

namespace reclens {

/// Lowers the calling worker thread (once) to 4 nice levels below its own, so background work
/// yields the core to the UI thread. Every Job and the list queries (RowQueryModel) call it.
void yieldToUiThread();

class Job : public QObject, public QRunnable {
    Q_OBJECT
public:
    using Deliver = std::function<void()>;
    using Work = std::function<Deliver(Job&)>;

    Job(QString name, quint64 requestId, Work work, QObject* parent = nullptr);

    QString name() const { return m_name; }
    quint64 requestId() const { return m_requestId; }

    /// Thread-safe; the work polls isInterruptionRequested() (through the core's shouldStop).
    void requestInterruption() { m_stop.store(true); }
    bool isInterruptionRequested() const { return m_stop.load(); }
    const std::atomic_bool& stopFlag() const { return m_stop; }

    /// From the worker: reports progress (0..1, or < 0 when unknown). Emitted queued.
    void reportProgress(double fraction, const QString& text);
    /// The core's two callback shapes bound to this job: (done, total) progress, reported as
    /// done / total (unknown while total is 0), and shouldStop. Valid while the job runs.
    std::function<void(int, int)> progressCallback() {
        return [this](int done, int total) {
            reportProgress(total > 0 ? double(done) / total : -1.0, QString());
        };
    }
    std::function<bool()> stopCallback() const {
        return [this] {
            return isInterruptionRequested();
        };
    }
    /// From the worker: runs `fn` on the UI thread (the thread that owns this job).
    void postToUi(std::function<void()> fn);

    /// Called by the owner on the UI thread after succeeded() to apply the result.
    void deliver();

    void run() override;

Q_SIGNALS:
    void started();
    void progress(double fraction, const QString& text);
    void succeeded();
    void failed(const QString& message);
    void cancelled();
    /// Always last; the owner deletes the job after it.
    void finished();

private:
    QString m_name;
    quint64 m_requestId = 0;
    Work m_work;
    Deliver m_deliver;
    std::atomic_bool m_stop{false};
};

} // namespace reclens
