#pragma once
// explain --query: a search result explained through the recommendation explanation engine.

#include "cliargs.h"
#include "explain/explanation.h"

namespace reclens::cli {

/// Runs explain for a search model: --model (a search checkpoint), data options, --user,
/// --query, optional --item (default: the top result) and --json; `cfg` holds the explain
/// options already parsed (--k, --methods, IG options). Returns the exit code.
int explainSearchCommand(const Args& args, ExplainConfig cfg);

} // namespace reclens::cli
