// Background jobs must run below the UI thread's priority whatever nice level the program was
// started at: the workers once set an absolute nice of 4, which under `nice -n 10` (how the
// tests and benchmarks run) put them ABOVE the UI thread and starved it of a core.

#include "job.h"

#include <QThreadPool>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <thread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace reclens::test {

namespace {

int threadNice() {
    errno = 0;
    int n = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
    return errno == 0 ? n : -100;
}

} // namespace

TEST(Job, WorkersRunFourNiceLevelsBelowTheThreadThatStartedThemEvenWhenThatIsNiced) {
    std::atomic_int starter{-100};
    std::atomic_int worker{-100};
    // A thread at nice 10 plays the UI thread of a program started with `nice -n 10`; raising
    // one's own nice needs no privilege. The pool's threads are created by (and inherit the
    // nice of) the thread that starts the job.
    std::thread ui([&] {
        const int base = threadNice();
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), std::max(base, 10));
        starter = threadNice();
        QThreadPool pool;
        auto* job = new Job(QStringLiteral("probe"), 1, [&](Job&) {
            worker = threadNice();
            return Job::Deliver();
        });
        pool.start(job);
        pool.waitForDone();
        delete job;
    });
    ui.join();
    ASSERT_GE(starter.load(), 10);
    EXPECT_EQ(worker.load(), std::min(starter.load() + 4, 19))
        << "UI-side thread at nice " << starter.load() << ", its worker at " << worker.load();
}

} // namespace reclens::test
