#include "testdata.h"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>

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

std::string sourcePath(const std::string& sub) {
    return (fs::path(RECLENS_SOURCE_DIR) / sub).string();
}

std::string scratchDir(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    fs::path base = (tmp && *tmp) ? fs::path(tmp) : fs::temp_directory_path();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "x";
    fs::path dir = base / "reclens-tests" / (test + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

} // namespace reclens::test
