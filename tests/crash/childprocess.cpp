#include "childprocess.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace reclens::test {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& stderrFile) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return;
    // Everything the child needs is prepared before fork: only async-signal-safe calls after.
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int err = ::open(stderrFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        if (err >= 0)
            ::dup2(err, STDERR_FILENO);
        const int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0)
            ::dup2(devNull, STDIN_FILENO);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    if (err >= 0)
        ::close(err);
    m_out = fds[0];
}

ChildProcess::~ChildProcess() {
    if (m_pid > 0 && !m_reaped)
        signalAndWait(SIGKILL);
    if (m_out >= 0)
        ::close(m_out);
}

bool ChildProcess::waitForLine(const std::string& line, int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto nl = m_pending.find('\n');
        if (nl != std::string::npos) {
            const std::string got = m_pending.substr(0, nl);
            m_pending.erase(0, nl + 1);
            if (got == line)
                return true;
            continue;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0 || m_out < 0)
            return false;
        pollfd p{m_out, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        char buf[4096];
        const ssize_t n = ::read(m_out, buf, sizeof buf);
        if (n <= 0)
            return false;
        m_pending.append(buf, static_cast<size_t>(n));
    }
}

int ChildProcess::signalAndWait(int signal) {
    if (m_pid <= 0)
        return -1;
    if (!m_reaped) {
        ::kill(m_pid, signal);
        while (::waitpid(m_pid, &m_status, 0) < 0 && errno == EINTR) {
        }
        m_reaped = true;
    }
    return m_status;
}

bool ChildProcess::waitFor(int timeoutMs, int& status) {
    if (m_pid <= 0)
        return false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!m_reaped) {
        const pid_t r = ::waitpid(m_pid, &m_status, WNOHANG);
        if (r == m_pid) {
            m_reaped = true;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    status = m_status;
    return true;
}

std::string describeWaitStatus(int status) {
    if (WIFEXITED(status))
        return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "killed by signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
}

std::string scratchDir(const std::string& name) {
    return makeScratchDir("crash-" + name, ScratchMode::Fresh);
}

} // namespace reclens::test
