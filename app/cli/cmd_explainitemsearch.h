#pragma once
// explain-item --queries: the merchant view of one product across the searches of a query log.

#include <string>
#include <vector>

namespace reclens::cli {

/// True when `argv` asks explain-item for its search variant (--queries given).
bool wantsExplainItemSearch(const std::vector<std::string>& argv);
/// explain-item --queries FILE with a search model; returns the exit code.
int runExplainItemSearch(const std::vector<std::string>& argv);

} // namespace reclens::cli
