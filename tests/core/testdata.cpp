#include "testdata.h"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace reclens::test {

std::string realDataPath(const std::string& sub) {
    const char* dir = std::getenv("RECLENS_DATA_DIR");
    if (!dir || !*dir) {
        ADD_FAILURE() << "RECLENS_DATA_DIR is not set. Point it at the folder holding the real "
                         "datasets, e.g. `export RECLENS_DATA_DIR=$PWD/../shared/data` (see "
                         "README.md, section Data).";
        return {};
    }
    fs::path p = fs::path(dir) / sub;
    if (!fs::exists(p)) {
        ADD_FAILURE() << "RECLENS_DATA_DIR=" << dir << " has no " << sub
                      << ". Set RECLENS_DATA_DIR to the shared data folder (see README.md).";
        return {};
    }
    return p.string();
}

std::string scratchDir(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // Outside a test the process id keeps two test processes that ctest runs at once apart.
    std::string test = info ? std::string(info->test_suite_name()) + "." + info->name()
                            : "suite-" + std::to_string(::getpid());
    return makeScratchDir(fs::path("reclens-tests") / (test + "-" + name), ScratchMode::Fresh);
}

} // namespace reclens::test
