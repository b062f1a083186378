#pragma once
// What `train`, `eval` and `recommend` share: the data options (--data, --format, --catalog)
// and loading a dataset from them.

#include "cliargs.h"
#include "common/expected.h"
#include "data/dataset.h"

#include <string>
#include <vector>

namespace reclens::cli {

/// --data, --format, --catalog, as every subcommand that reads data takes them.
std::vector<OptionSpec> dataOptionSpecs();

/// Loads the dataset named by --data with --format/--catalog. Throws UsageError for an
/// unknown --format name.
Expected<Dataset> loadDataFromArgs(const Args& args);

/// Prints "reclens-cli COMMAND: MESSAGE" on stderr and returns `code`.
int reportFailure(const std::string& command, int code, const std::string& message);

} // namespace reclens::cli
