#pragma once
// The attribution methods' names as people read them, for reports and the workbench: the
// engine's ids ("loo", "ig") stay the keys of JSON and CSV, where programs read them.

#include <string>

namespace reclens {

/// "loo" -> "Leave-one-out", "ig" -> "Integrated gradients", also the faithfulness references
/// "random" and "popularity"; an unknown id is returned unchanged.
std::string methodDisplayName(const std::string& method);

} // namespace reclens
