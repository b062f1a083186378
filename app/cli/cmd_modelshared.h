#pragma once
// What every subcommand that reads data shares: the data options (--data, --format, --catalog,
// column names, --k-core) and loading a dataset from them.

#include "cliargs.h"
#include "common/expected.h"
#include "data/dataset.h"
#include "model/modelfile.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace reclens::cli {

/// --data, --format, --catalog, --user/item/time-column and --k-core.
std::vector<OptionSpec> dataOptionSpecs();

/// Loads the dataset named by --data with --format/--catalog. Throws UsageError for an
/// unknown --format name.
Expected<Dataset> loadDataFromArgs(const Args& args);

/// --model's help line: a RecLens checkpoint or a TorchScript file.
extern const char* const kModelOptionHelp;
/// --item-map FILE: the item map of a TorchScript --model.
OptionSpec itemMapOptionSpec();

/// Opens --model (with --item-map for a TorchScript file) for `ds`. For a TorchScript model whose
/// map leaves items unmatched, prints the counts on stderr ("reclens-cli COMMAND: note: ...").
Expected<OpenedModel> openModelFromArgs(const Args& args, const Dataset& ds,
                                        const std::string& command);

/// The message for a checkpoint that failed to open; for a dataset mismatch it adds that the
/// data options (--format, --catalog, columns, --k-core) must be the ones used for training.
std::string modelLoadMessage(const Error& error);

/// JSON text for stdout. Titles and paths from foreign files may hold invalid UTF-8; those bytes
/// become U+FFFD instead of aborting the command with a serialisation error.
/// The version of the CLI's --json layouts (docs/cli-json.md); raise it when a key changes.
inline constexpr int kCliJsonSchemaVersion = 1;
/// `j` as text; an object gets "schema_version" (kCliJsonSchemaVersion) unless it has one.
std::string jsonText(const nlohmann::json& j, int indent = -1);

/// Prints "reclens-cli COMMAND: MESSAGE" on stderr and returns `code`.
int reportFailure(const std::string& command, int code, const std::string& message);

} // namespace reclens::cli
