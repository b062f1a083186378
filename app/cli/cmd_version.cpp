#include "commands.h"
#include "model/sasrecmodel.h"

#include <iostream>

namespace reclens::cli {

int runVersion(const std::vector<std::string>& argv) {
    const std::vector<OptionSpec> specs = {
        {"threads", "T", "torch threads to report (0 = all cores)"},
    };
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp("version", "Print the version and the compute backend in use.",
                                    specs);
            return ExitOk;
        }
    Args args(argv, specs);
    setComputeThreads(args.getInt("threads", 0));
    std::cout << "RecLens " RECLENS_VERSION "\n" << computeBackendDescription() << "\n";
    return ExitOk;
}

} // namespace reclens::cli
