#pragma once
// Files and folders the tests and benchmarks share: the source tree, the scratch area under
// $TMPDIR, whole-file reads and writes. Free of GoogleTest (bench links this library); the
// suites wrap makeScratchDir with the name of the running test.

#include <filesystem>
#include <string>

namespace reclens::test {

/// The repository's source directory joined with `sub` (sample_data/, tests/data/, docs/).
std::string sourcePath(const std::string& sub);

/// $TMPDIR when set and not empty (ctest sets it to the build tree), else the system's temp
/// directory.
std::filesystem::path tempRoot();

enum class ScratchMode {
    Fresh, // remove whatever an earlier run left there
    Keep,  // keep it (a test that writes a file, then asks for the folder again)
};

/// <tempRoot()>/<relative>, created if missing; returns its path.
std::string makeScratchDir(const std::filesystem::path& relative, ScratchMode mode);

/// The whole file as bytes ("" if it cannot be read).
std::string readFile(const std::string& path);

/// Replaces the file with `bytes`; returns `path`, so a call can stand where the path is needed.
std::string writeFile(const std::string& path, const std::string& bytes);

} // namespace reclens::test
