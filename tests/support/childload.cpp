#include "childload.h"

#include "procstatus.h"

#include <chrono>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

namespace reclens::test {

ChildLoad loadInChild(const std::string& path, const ImportOptions& options) {
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        ChildLoad f;
        resetPeakRss();
        f.baseKb = statusKb("VmRSS:");
        const auto start = std::chrono::steady_clock::now();
        {
            auto ds = loadDataset(path, options);
            f.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            f.ok = ds.ok() ? 1 : 0;
            if (ds.ok()) {
                f.users = static_cast<long long>(ds->users.size());
                f.items = static_cast<long long>(ds->items.size());
                f.interactions = static_cast<long long>(ds->interactionCount());
            } else {
                std::snprintf(f.message, sizeof f.message, "%s", ds.error().message.c_str());
            }
            f.peakKb = statusKb("VmHWM:");
        }
        [[maybe_unused]] auto w = ::write(fds[1], &f, sizeof f);
        ::_exit(0); // no atexit handlers or static destructors of the parent's copy
    }
    ::close(fds[1]);
    ChildLoad f;
    const auto got = ::read(fds[0], &f, sizeof f);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (got != static_cast<ssize_t>(sizeof f))
        std::snprintf(f.message, sizeof f.message, "the child died (status %d; out of memory?)",
                      status);
    return f;
}

} // namespace reclens::test
