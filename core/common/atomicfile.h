#pragma once
// Crash-safe writes: every file RecLens writes goes to a temporary file in the same directory,
// is flushed and fsync'ed, then renamed over the target, so a crash or a failed save leaves
// either the old file or the complete new one, never a half-written one.

#include "common/expected.h"

#include <functional>
#include <ostream>
#include <string>

namespace reclens {

/// Calls `write` with a stream on a temporary file next to `path`, then renames it onto `path`.
/// On any failure (write threw, stream went bad, rename failed) the temporary file is removed,
/// `path` is untouched, and an Io error naming `path` is returned.
Status writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Convenience for in-memory contents.
Status writeFileAtomically(const std::string& path, const std::string& contents);

} // namespace reclens
