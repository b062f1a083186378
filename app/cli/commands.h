#pragma once
// One function per subcommand; each lives in its own cmd_<name>.cpp. They return an ExitCode
// and may throw UsageError (turned into exit code 2 by main).

#include "cliargs.h"

#include <string>
#include <vector>

namespace reclens::cli {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>& args);
};

/// The registry in main.cpp.
const std::vector<Command>& commands();

} // namespace reclens::cli
