#include "cliprocess.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace reclens::test {

namespace {

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

CliResult runCli(const std::vector<std::string>& args) {
    fs::path dir = scratchDir("cli-io");
    std::string cmd = shellQuote(RECLENS_CLI);
    for (const auto& a : args) {
        cmd += ' ';
        cmd += shellQuote(a);
    }
    // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on `"literal" + std::string&&`.
    cmd += " >";
    cmd += shellQuote((dir / "out").string());
    cmd += " 2>";
    cmd += shellQuote((dir / "err").string());
    cmd += " </dev/null";
    int status = std::system(cmd.c_str());
    CliResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(dir / "out");
    r.err = slurp(dir / "err");
    return r;
}

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
    fs::path d = base / "reclens-cli-tests" / (test + "-" + name);
    fs::create_directories(d);
    return d.string();
}

} // namespace reclens::test
