#pragma once
// Runs reclens-cli as a child process and captures its exit code, stdout and stderr.

#include "testfiles.h" // sourcePath, readFile

#include <string>
#include <vector>

namespace reclens::test {

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

CliResult runCli(const std::vector<std::string>& args);

/// A directory under $TMPDIR for the calling test, created if missing. Unlike the core tests'
/// scratchDir() it keeps what is there: tests write an input, then ask for the folder again.
std::string scratchDir(const std::string& name);

} // namespace reclens::test
