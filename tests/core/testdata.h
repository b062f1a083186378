#pragma once
// Where tests find their inputs. Real datasets come from $RECLENS_DATA_DIR; when it is not set
// or the folder is missing, realDataPath() fails the calling test with a message saying how to
// set it (tests on real data never skip silently). The GoogleTest-free helpers (sourcePath,
// readFile, writeFile) are in tests/support/testfiles.h, shared with the benchmarks.

#include "testfiles.h"

#include <string>

namespace reclens::test {

/// $RECLENS_DATA_DIR/<sub>, or "" after recording a test failure that explains how to set it.
std::string realDataPath(const std::string& sub);
/// A fresh, empty directory under $TMPDIR (or the system's temp directory) for the calling test.
std::string scratchDir(const std::string& name);

} // namespace reclens::test
