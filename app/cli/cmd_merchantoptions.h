#pragma once
// The merchant-view options `explain-item` and `report --items` share (seed, segment,
// comparison product, merchant what-if): one spec list and one parser, so both commands accept
// the same flags with the same meaning and the same errors.

#include "cliargs.h"
#include "data/dataset.h"
#include "explain/merchantexplanation.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace reclens::cli {

/// --seed, --segment-min-length, --segment-max-length, --segment-category, --compare,
/// --what-if-add.
std::vector<OptionSpec> merchantOptionSpecs();

/// The options that need no dataset (seed, segment lengths) into `cfg`, then checks the whole
/// config as the workbench does (checkMerchantConfig; callers set k and the sample first): a
/// bad value throws UsageError (exit 2) before any file is read.
void merchantOptionsFromArgs(const Args& args, MerchantConfig& cfg);

/// The options naming data (segment category, --compare and --what-if-add item ids) resolved
/// against `ds`: prints "reclens-cli COMMAND: unknown ..." and returns ExitBadInput for an id
/// the data does not have, ExitOk otherwise.
int resolveMerchantOptions(const Args& args, const Dataset& ds, const std::string& command,
                           MerchantConfig& cfg);

/// The values of these options as given (for a batch fingerprint): absent ones are "".
nlohmann::json merchantOptionsFingerprint(const Args& args);

} // namespace reclens::cli
