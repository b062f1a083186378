#pragma once
// The product catalog of the synthetic shop and the seeded random generator behind it.
// Internal to core/data.

#include <cstdint>
#include <string>
#include <vector>

namespace reclens::data {

/// SplitMix64: fully specified, so a seed gives the same numbers on every platform and
/// standard library (std::uniform_*_distribution are implementation-defined).
class SynthRng {
public:
    explicit SynthRng(std::uint64_t seed)
        : m_state(seed) {}
    std::uint64_t next();
    /// Uniform in [0, n).
    int below(int n);
    /// Uniform in [0, 1).
    double unit();
    /// Index drawn with probability proportional to `weights` (all >= 0, sum > 0).
    int weighted(const std::vector<double>& weights);
    /// The same draw as weighted() from the running sums of the weights (cumulative[i] = w[0] +
    /// ... + w[i], summed in that order): one unit() and a binary search instead of a scan, for
    /// catalogs of a million products.
    int weightedCumulative(const std::vector<double>& cumulative);

private:
    std::uint64_t m_state;
};

struct SynthItem {
    std::string id;
    std::string title;
    std::string category;
    std::string brand;
    int priceCents = 0;
    int categoryIndex = 0;
};

/// `count` distinct products spread over the shop's departments.
std::vector<SynthItem> makeSynthCatalog(int count, SynthRng& rng, int& categoryCount);

} // namespace reclens::data
