#include "common/numberformat.h"

#include <cstddef>

namespace reclens {

std::string groupedInt(long long v) {
    std::string digits = std::to_string(v);
    const std::ptrdiff_t first = v < 0 ? 1 : 0; // commas go after the minus sign only
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > first; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

} // namespace reclens
