#pragma once
// Reads and writes an analysis project (*.reclens) as an SQLite database (docs/PROJECT_FILE.md).
//
// Saving builds a complete new database in one transaction in a temporary file next to the
// target and renames it over the target (common/atomicfile.h), rather than updating the
// existing file in place with BEGIN IMMEDIATE ... COMMIT. Both survive a kill, but in-place
// updates rely on a rollback journal ("<file>-journal") that must stay beside the file until
// the next open rolls it back: a project copied, mailed or opened read-only in that window
// would be half-written. Temp + rename leaves one self-contained file that is always a complete
// save, and is the same mechanism as every other file RecLens writes.

#include "common/expected.h"
#include "project/project.h"

#include <string>

namespace reclens {

/// The schema version this build writes (PRAGMA user_version); it reads 1 .. this.
constexpr int kProjectSchemaVersion = 1;
/// PRAGMA application_id of a RecLens project ("RCLN"): tells it from other SQLite files.
constexpr int kProjectApplicationId = 0x52434C4E;

/// Loads the project at `path`. Errors name the file: Io when it cannot be opened, Parse when it
/// is not an SQLite database (or is damaged), Schema when it is another application's database
/// or was written by a newer RecLens (a newer schema version).
Expected<Project> loadProject(const std::string& path);

/// Writes `project` to `path` (created or replaced) atomically: after a crash or kill at any
/// moment the file holds either the previous save or this one. Io error naming `path` on failure,
/// which leaves `path` untouched.
Status saveProject(const std::string& path, const Project& project);

} // namespace reclens
