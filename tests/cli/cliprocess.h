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

struct CachedModel {
    int exitCode = -1;
    std::string path; ///< this test's own copy of the checkpoint
    std::string out;  ///< what `train` printed when it made the cached model
    std::string err;  ///< train's error output when it failed
};

/// `reclens-cli train <trainArgs> --out ...`, run once per build: the checkpoint is kept under
/// $TMPDIR keyed by the arguments, the CLI binary and the inputs the arguments name, and each
/// caller gets a private copy. Training is seeded and single-threaded in the tests that use it,
/// so the cached model is the one the test would have trained itself.
CachedModel trainCached(const std::vector<std::string>& trainArgs);

/// `reclens-cli synth --queries --users N` into scratchDir(name): the planted search shop.
std::string plantedSearchShop(const std::string& name, int users);

/// The tiny search model the search tests share (dim 16, one layer and head, max length 8),
/// trained on `shopDir` and its queries.csv through trainCached.
CachedModel tinySearchModel(const std::string& shopDir, int epochs);

} // namespace reclens::test
