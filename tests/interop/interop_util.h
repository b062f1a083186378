#pragma once
// Helpers shared by the interop tests: a fresh temporary directory, running a Python script of
// the repository with Debian's python3, dataset histories from item ids, relative comparison.

#include "data/dataset.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace reclens::interoptest {

inline std::string tempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/interop-XXXXXX";
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    return pattern;
}

/// Runs `python3 <source dir>/<script> <args>`; the exit status as the shell reports it (0 =
/// success), standard error into `stderrFile` when given.
inline int runPython(const std::string& script, const std::string& args,
                     const std::string& stderrFile = {}) {
    std::string cmd =
        std::string(RECLENS_PYTHON3) + " " + RECLENS_SOURCE_DIR + "/" + script + " " + args;
    if (!stderrFile.empty())
        cmd += " 2>" + stderrFile;
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline History historyOf(const Dataset& ds, const nlohmann::json& ids) {
    History h;
    for (const auto& id : ids) {
        const ItemIndex i = ds.findItem(id.get<std::string>());
        EXPECT_GE(i, 0) << "item " << id << " of the reference is not in sample_data";
        h.push_back(i);
    }
    return h;
}

inline void expectRelative(double got, double want, double tol, const std::string& what) {
    EXPECT_NEAR(got, want, tol * std::max(1.0, std::abs(want))) << what;
}

} // namespace reclens::interoptest
