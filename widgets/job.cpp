#include "job.h"

#include <QMetaObject>

#include <algorithm>
#include <cerrno>
#include <exception>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace reclens {

Job::Job(QString name, quint64 requestId, Work work, QObject* parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_requestId(requestId)
    , m_work(std::move(work)) {
    // The owner deletes the job on the UI thread once finished() was handled, so that queued
    // signals never reach a deleted object.
    setAutoDelete(false);
}

void Job::reportProgress(double fraction, const QString& text) {
    Q_EMIT progress(fraction, text);
}

void Job::postToUi(std::function<void()> fn) {
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void Job::deliver() {
    if (m_deliver) {
        auto fn = std::move(m_deliver);
        m_deliver = nullptr;
        fn();
    }
}

void yieldToUiThread() {
    // Background work yields to the UI thread: nice +4 relative to this worker thread's own
    // nice (Linux applies nice per thread; threads the work spawns, like torch's pool, inherit
    // it). Relative, not absolute: setpriority(…, 4) under `nice -n 10` (how the tests and
    // benchmarks run) would raise the workers ABOVE the UI thread; that starved it of a core
    // for 100-200 ms while training and explaining (WorkbenchTest.UiStaysResponsive…).
    static thread_local bool niced = false;
    if (!niced) {
        niced = true;
        const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
        errno = 0;
        const int current = ::getpriority(PRIO_PROCESS, tid); // -1 is a valid nice value
        if (errno == 0)
            ::setpriority(PRIO_PROCESS, tid, std::min(current + 4, 19));
    }
}

void Job::run() {
    yieldToUiThread();
    Q_EMIT started();
    QString error;
    try {
        m_deliver = m_work(*this);
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
        if (error.isEmpty())
            error = QStringLiteral("internal error");
    } catch (...) {
        error = QStringLiteral("unknown internal error");
    }
    if (!error.isEmpty())
        Q_EMIT failed(m_name + QStringLiteral(" failed: ") + error);
    else if (isInterruptionRequested() && !m_deliver)
        Q_EMIT cancelled();
    else
        Q_EMIT succeeded();
    Q_EMIT finished();
}

} // namespace reclens
