#pragma once
// A child process the crash-safety tests can kill at a moment of their choosing (cliprocess.h
// only runs a command to completion).

#include "testfiles.h" // readFile

#include <string>
#include <sys/types.h>
#include <vector>

namespace reclens::test {

class ChildProcess {
public:
    /// Starts argv[0] with the given arguments; stdout goes to a pipe (see waitForLine),
    /// stderr to `stderrFile`.
    ChildProcess(const std::vector<std::string>& argv, const std::string& stderrFile);
    ~ChildProcess(); // kills and reaps a child that is still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool started() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    /// Reads stdout until a line equal to `line` arrives; false on EOF or after `timeoutMs`.
    bool waitForLine(const std::string& line, int timeoutMs);
    /// Sends `signal` (if the child still runs) and waits for it to end; returns the wait status.
    int signalAndWait(int signal);
    /// Waits up to `timeoutMs` for the child to end by itself; true and `status` set if it did.
    bool waitFor(int timeoutMs, int& status);

private:
    pid_t m_pid = -1;
    int m_out = -1;
    bool m_reaped = false;
    int m_status = 0;
    std::string m_pending;
};

/// A fresh, empty folder $TMPDIR/crash-<name> (ctest sets TMPDIR to the build tree).
std::string scratchDir(const std::string& name);

/// "exit 3", "killed by signal 9": for failure messages.
std::string describeWaitStatus(int status);

} // namespace reclens::test
