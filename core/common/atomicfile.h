#pragma once
// Crash-safe writes: every file RecLens writes goes to a temporary file in the same directory,
// is flushed and fsync'ed, then renamed over the target (and the directory is fsync'ed), so a
// crash, a SIGKILL or a failed save leaves either the old file or the complete new one, never a
// half-written one. docs/HARDENING.md ("Crash safety") lists every writer.
//
// Temporary files are named "<target>.tmp-<pid>-<n>". A writer killed mid-save leaves its
// temporary behind; the next save of the same target removes every such file whose process no
// longer runs, so at most the one of the last killed writer exists at any time.

#include "common/expected.h"

#include <functional>
#include <ostream>
#include <string>

namespace reclens {

/// Calls `write` with a stream on a temporary file next to `path`, then renames it onto `path`.
/// On any failure (write threw, stream went bad, disk full, rename failed) the temporary file is
/// removed, `path` is untouched, and an Io error naming `path` is returned. An existing target
/// keeps its permission bits; a symbolic link is written through (the link stays a link).
Status writeFileAtomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write);

/// Convenience for in-memory contents.
Status writeFileAtomically(const std::string& path, const std::string& contents);

/// For writers that only accept a file name (QCustomPlot::savePng/savePdf, QSvgGenerator,
/// QImage::save): `produce` writes the complete file at the temporary path it is given and
/// returns false on failure. Then the same fsync + rename as above; on failure `path` is
/// untouched and the temporary is removed.
Status writeFileAtomicallyVia(const std::string& path,
                              const std::function<bool(const std::string& tempPath)>& produce);

/// Removes "<path>.tmp-<pid>-<n>" files whose writer process no longer runs (a killed save).
/// Every save calls it for its own target; returns how many files were removed. Temporaries of
/// running processes (another save in progress) are left alone.
int removeAbandonedTemporaries(const std::string& path);

} // namespace reclens
