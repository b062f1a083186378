#include "cliprocess.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
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
    r.out = readFile((dir / "out").string());
    r.err = readFile((dir / "err").string());
    return r;
}

std::string scratchDir(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "x";
    return makeScratchDir(fs::path("reclens-cli-tests") / (test + "-" + name), ScratchMode::Keep);
}

} // namespace reclens::test
