#pragma once
// Which rows of a padded scoring batch can reuse another row's attention keys and values.
//
// SASRec attention is causal: the states at positions 0..p depend only on the inputs at 0..p.
// Two left-padded rows of one batch that agree on their first P positions (same item, same
// attendable flag; positions count from the end, so equal padded length means equal position
// embeddings) therefore have the same keys and values there in every layer. Explanation batches
// are made of such rows: every in-place occlusion of a history agrees with the history before
// the occluded slot, and every single removal agrees with the history without its newest
// purchase before the removed one. Such a row needs only its last S = T − P positions computed,
// attending to the base row's cached keys and values for the first P (SasRecNet's
// forwardLastAfterPrefix). This file plans that: pure index work, no LibTorch.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace reclens {

/// Rows whose last `suffix` positions are computed, the first T − suffix taken from the base.
struct PrefixGroup {
    std::vector<size_t> rows;
    std::int64_t suffix = 0;
};

/// Rows sharing a prefix with `base` (itself one of them, with suffix 1).
struct PrefixFamily {
    size_t base = 0;
    std::vector<PrefixGroup> groups;
};

struct PrefixPlan {
    std::vector<PrefixFamily> families;
    std::vector<size_t> plainRows; // scored by the ordinary forward
};

/// Plans a batch of `rows` padded rows of length `t`, `keys[r · t + p]` identifying what row r
/// holds at position p (equal keys = equal input). Greedy: the row that shares the most prefix
/// positions with the others becomes a base, the rows sharing at least a quarter of their
/// positions with it join its family, and so on for up to `maxFamilies` bases. Within a family
/// rows are grouped by suffix length (each group computes its longest suffix) where the saved
/// positions outweigh the cost of another call, `callCost` positions' worth. All rows end up
/// plain when sharing would not save at least a fifth of the positions.
PrefixPlan planPrefixSharing(const std::vector<std::int64_t>& keys, size_t rows, size_t t,
                             double callCost = 80.0, int maxFamilies = 3);

} // namespace reclens
