#pragma once
// Runs reclens-cli as a child process and captures its exit code, stdout and stderr.

#include <string>
#include <vector>

namespace reclens::test {

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

CliResult runCli(const std::vector<std::string>& args);

/// $RECLENS_DATA_DIR/<sub>, or "" after recording a failure that says how to set it.
std::string realDataPath(const std::string& sub);
std::string sourcePath(const std::string& sub);
std::string scratchDir(const std::string& name);

} // namespace reclens::test
