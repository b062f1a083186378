// SasRecModel: creation, batched scoring and attention maps. Checkpoints live in
// checkpoint.cpp, gradients and integrated gradients in sasrecattribution.cpp.

#include "model/fastattention.h"
#include "model/prefixsharing.h"
#include "model/sasrecimpl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

namespace reclens {

namespace {

/// The dataset's path as an absolute one, so a checkpoint moved elsewhere still names it; ""
/// stays "" (datasets built in memory by tests and synth have no file).
std::string absoluteSource(const std::string& path) {
    if (path.empty())
        return {};
    std::error_code ec;
    const auto abs = std::filesystem::absolute(path, ec);
    return ec ? path : abs.lexically_normal().string();
}

std::string isoNowUtc() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string validateConfig(const ModelConfig& c) {
    if (c.maxLength < 1 || c.maxLength > 4096)
        return "maxLength must be between 1 and 4096, got " + std::to_string(c.maxLength);
    if (c.dim < 1 || c.heads < 1 || c.dim % c.heads != 0)
        return "dim (" + std::to_string(c.dim) + ") must be a positive multiple of heads (" +
               std::to_string(c.heads) + ")";
    if (c.layers < 1 || c.layers > 64)
        return "layers must be between 1 and 64, got " + std::to_string(c.layers);
    if (!(c.dropout >= 0.0f && c.dropout < 1.0f))
        return "dropout must be in [0, 1), got " + std::to_string(c.dropout);
    return {};
}

} // namespace

torch::Tensor SasRecModel::Impl::scoringTable() {
    std::vector<std::pair<const void*, std::int64_t>> key;
    for (const auto& t : net->parameters())
        key.emplace_back(t.data_ptr(), t._version());
    for (const auto& t : net->buffers())
        key.emplace_back(t.data_ptr(), t._version());
    std::lock_guard lock(m_tableMutex);
    if (!m_table.defined() || key != m_tableKey) {
        m_table = torch::Tensor(); // free the old table before building the new one
        m_table = net->itemTable().contiguous();
        m_tableKey = std::move(key);
    }
    return m_table;
}

PaddedBatch SasRecModel::Impl::pad(const std::vector<History>& histories, size_t begin,
                                   size_t end) const {
    std::vector<size_t> rows(end - begin);
    std::iota(rows.begin(), rows.end(), begin);
    return pad(histories, rows);
}

PaddedBatch SasRecModel::Impl::pad(const std::vector<History>& histories,
                                   const std::vector<size_t>& rows) const {
    const int maxLen = info.config.maxLength;
    const int items = info.itemCount;
    PaddedBatch b;
    int t = 1;
    for (size_t i : rows)
        t = std::max(t, std::min(static_cast<int>(histories[i].size()), maxLen));
    const auto count = static_cast<std::int64_t>(rows.size());
    std::vector<std::int64_t> ids(static_cast<size_t>(count * t), 0);
    std::vector<std::uint8_t> real(static_cast<size_t>(count * t), 0);
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto& h = histories[rows[r]];
        const int len = std::min(static_cast<int>(h.size()), maxLen);
        const size_t rowOff = r * static_cast<size_t>(t);
        const size_t skip = h.size() - static_cast<size_t>(len);
        for (int j = 0; j < len; ++j) {
            const ItemIndex item = h[skip + static_cast<size_t>(j)];
            // An occluded slot: the padding embedding (zero item, category and brand vectors)
            // at a real, attendable position, so every other item keeps its position.
            if (item == kMaskedSlot) {
                real[rowOff + static_cast<size_t>(t - len + j)] = 1;
                continue;
            }
            if (item < 0 || item >= items)
                throw std::out_of_range("item index " + std::to_string(item) +
                                        " is outside the model's catalog of " +
                                        std::to_string(items) + " items");
            ids[rowOff + static_cast<size_t>(t - len + j)] = item + 1;
            real[rowOff + static_cast<size_t>(t - len + j)] = 1;
        }
        if (len == 0)
            real[rowOff + static_cast<size_t>(t - 1)] = 1; // the empty history's padding token
        b.lengths.push_back(len);
    }
    b.items = torch::from_blob(ids.data(), {count, t}, torch::kLong).clone();
    b.real = torch::from_blob(real.data(), {count, t}, torch::kUInt8).to(torch::kBool);
    return b;
}

std::vector<std::vector<size_t>> lengthBuckets(const std::vector<History>& histories,
                                               int maxLength) {
    const auto clipped = [&](size_t i) {
        return std::max(1, std::min(static_cast<int>(histories[i].size()), maxLength));
    };
    std::vector<size_t> order(histories.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return clipped(a) < clipped(b); });
    // Distinct lengths and their row counts, ascending.
    std::vector<size_t> lengths, counts;
    for (size_t i : order) {
        const auto len = static_cast<size_t>(clipped(i));
        if (lengths.empty() || lengths.back() != len) {
            lengths.push_back(len);
            counts.push_back(0);
        }
        ++counts.back();
    }
    // Which consecutive lengths share a padded batch: a dynamic programme over the distinct
    // lengths (≤ maxLength of them) minimising padded positions plus a fixed cost per forward
    // call (~80 positions' worth of per-op overhead). One batch padded to the longest row
    // wasted half the work on mixed-length requests (deletion curves, Shapley coalitions).
    constexpr double kCallCost = 80.0;
    const size_t m = lengths.size();
    std::vector<double> best(m + 1, 0.0);
    std::vector<size_t> cut(m + 1, 0);
    for (size_t j = 1; j <= m; ++j) {
        best[j] = std::numeric_limits<double>::infinity();
        double rows = 0;
        for (size_t i = j; i-- > 0;) { // group = distinct lengths [i, j)
            rows += static_cast<double>(counts[i]);
            const double padded = rows * static_cast<double>(lengths[j - 1]);
            const double calls = std::max(std::ceil(padded / static_cast<double>(kChunkTokens)),
                                          std::ceil(rows / static_cast<double>(kScoreChunk)));
            const double cost = best[i] + padded + calls * kCallCost;
            if (cost < best[j]) {
                best[j] = cost;
                cut[j] = i;
            }
        }
    }
    std::vector<size_t> groupEnds; // in distinct-length indices, exclusive
    for (size_t j = m; j > 0; j = cut[j])
        groupEnds.push_back(j);
    std::reverse(groupEnds.begin(), groupEnds.end());

    std::vector<std::vector<size_t>> buckets;
    size_t row = 0;
    size_t distinct = 0;
    for (size_t end : groupEnds) {
        size_t rowsInGroup = 0;
        for (; distinct < end; ++distinct)
            rowsInGroup += counts[distinct];
        const size_t t = lengths[end - 1];
        // Split the group into chunks within the row and padded-position limits.
        const size_t perChunk = std::max<size_t>(1, std::min(kScoreChunk, kChunkTokens / t));
        for (size_t done = 0; done < rowsInGroup; done += perChunk) {
            const size_t take = std::min(perChunk, rowsInGroup - done);
            buckets.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(row),
                                 order.begin() + static_cast<std::ptrdiff_t>(row + take));
            row += take;
        }
    }
    return buckets;
}

torch::Tensor SasRecModel::Impl::lastHidden(const PaddedBatch& batch) {
    return net->forwardLast(net->embedComponents(batch.items), batch.real);
}

torch::Tensor SasRecModel::Impl::scoringHidden(const PaddedBatch& batch) {
    const auto rows = batch.items.size(0);
    const auto t = batch.items.size(1);
    // Below these sizes a plan cannot save more than its extra calls cost.
    if (!prefixSharingEnabled() || !net->sharesPrefixes() || rows < 3 || t < 16)
        return lastHidden(batch);
    // What a position holds: its item and whether it may be attended to (an occluded slot is
    // item 0 but real, padding is item 0 and not).
    const auto keyTensor = (batch.items * 2 + batch.real.to(torch::kLong)).contiguous();
    const auto* k = keyTensor.data_ptr<std::int64_t>();
    const PrefixPlan plan = planPrefixSharing(std::vector<std::int64_t>(k, k + rows * t),
                                              static_cast<size_t>(rows), static_cast<size_t>(t));
    if (plan.families.empty())
        return lastHidden(batch);
    const auto index = [](const std::vector<size_t>& r) {
        std::vector<std::int64_t> v(r.begin(), r.end());
        return torch::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, torch::kLong)
            .clone();
    };
    auto out = torch::empty({rows, net->options().dim}, torch::kFloat);
    for (const PrefixFamily& family : plan.families) {
        const auto base = static_cast<std::int64_t>(family.base);
        const SasRecPrefix prefix = net->prefixStates(
            net->embedComponents(batch.items.narrow(0, base, 1)), batch.real.narrow(0, base, 1));
        for (const PrefixGroup& g : family.groups) {
            const auto idx = index(g.rows);
            countPrefixSharedRows(g.rows.size());
            const auto items = batch.items.index_select(0, idx).narrow(1, t - g.suffix, g.suffix);
            const auto real = batch.real.index_select(0, idx).narrow(1, t - g.suffix, g.suffix);
            out.index_copy_(0, idx,
                            net->forwardLastAfterPrefix(prefix, net->embedComponents(items),
                                                        real.contiguous()));
        }
    }
    if (!plan.plainRows.empty()) {
        const auto idx = index(plan.plainRows);
        PaddedBatch plain;
        plain.items = batch.items.index_select(0, idx);
        plain.real = batch.real.index_select(0, idx);
        out.index_copy_(0, idx, lastHidden(plain));
    }
    return out;
}

SasRecModel::SasRecModel(std::unique_ptr<Impl> impl)
    : d(std::move(impl)) {}
SasRecModel::SasRecModel(SasRecModel&&) noexcept = default;
SasRecModel& SasRecModel::operator=(SasRecModel&&) noexcept = default;
SasRecModel::~SasRecModel() = default;

Expected<SasRecModel> SasRecModel::create(const Dataset& ds, const ModelConfig& config,
                                          std::uint64_t seed) {
    if (auto why = validateConfig(config); !why.empty())
        return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                         "invalid model configuration: " + why);
    if (ds.items.empty())
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "the dataset has no items; there is nothing to recommend");
    try {
        SasRecNetOptions o;
        o.itemCount = static_cast<int>(ds.items.size());
        o.categoryCount = config.useCategory ? static_cast<int>(ds.categories.size()) : 0;
        o.brandCount = config.useBrand ? static_cast<int>(ds.brands.size()) : 0;
        o.maxLength = config.maxLength;
        o.dim = config.dim;
        o.layers = config.layers;
        o.heads = config.heads;
        o.dropout = config.dropout;
        o.outputFeatures = config.outputFeatures;
        torch::manual_seed(seed);
        auto impl = std::make_unique<Impl>();
        impl->net = SasRecNet(o);
        {
            torch::NoGradGuard noGrad;
            auto cat = impl->net->itemCategory.accessor<std::int64_t, 1>();
            auto brand = impl->net->itemBrand.accessor<std::int64_t, 1>();
            for (size_t i = 0; i < ds.items.size(); ++i) {
                const auto& it = ds.items[i];
                if (o.categoryCount > 0 && it.categoryId >= 0 && it.categoryId < o.categoryCount)
                    cat[static_cast<std::int64_t>(i) + 1] = it.categoryId + 1;
                if (o.brandCount > 0 && it.brandId >= 0 && it.brandId < o.brandCount)
                    brand[static_cast<std::int64_t>(i) + 1] = it.brandId + 1;
            }
        }
        ModelInfo& info = impl->info;
        info.config = config;
        info.training.model = config;
        info.training.seed = seed;
        info.datasetName = ds.name;
        info.datasetFingerprint = ds.fingerprint;
        info.datasetSource = absoluteSource(ds.sourcePath);
        info.itemCount = o.itemCount;
        info.categoryCount = o.categoryCount;
        info.brandCount = o.brandCount;
        std::map<std::string, std::int64_t> byModule;
        for (const auto& p : impl->net->named_parameters()) {
            std::string name = p.key();
            auto dot = name.find('.');
            if (name.rfind("blocks.", 0) == 0)
                dot = name.find('.', dot + 1);
            byModule[name.substr(0, dot)] += p.value().numel();
            info.parameterCount += p.value().numel();
        }
        info.parametersByModule.assign(byModule.begin(), byModule.end());
        info.createdAt = isoNowUtc();
        info.reclensVersion = RECLENS_VERSION;
        return SasRecModel(std::move(impl));
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, "", 0, 0,
                         std::string("could not create the model: ") + e.what_without_backtrace());
    }
}

const ModelInfo& SasRecModel::info() const {
    return d->info;
}
ModelInfo& SasRecModel::mutableInfo() {
    return d->info;
}
int SasRecModel::itemCount() const {
    return d->info.itemCount;
}
int SasRecModel::maxLength() const {
    return d->info.config.maxLength;
}

std::vector<float> SasRecModel::scoreAll(const std::vector<History>& histories) const {
    return guardTorch([&] {
        c10::InferenceMode inference;
        const auto n = static_cast<size_t>(itemCount());
        std::vector<float> out(histories.size() * n);
        const auto table = d->scoringTable();
        for (const auto& rows : lengthBuckets(histories, maxLength())) {
            // One sgemm against the item table, no layout conversion (densegemm.h).
            auto scores = denseProduct(d->scoringHidden(d->pad(histories, rows)), table.t());
            const float* p = scores.data_ptr<float>();
            for (size_t i = 0; i < rows.size(); ++i)
                std::copy_n(p + i * n, n, out.begin() + static_cast<std::ptrdiff_t>(rows[i] * n));
        }
        return out;
    });
}

std::vector<float> SasRecModel::scoreTargets(const std::vector<History>& histories,
                                             const std::vector<ItemIndex>& targets) const {
    if (histories.size() != targets.size())
        throw std::invalid_argument("scoreTargets: " + std::to_string(histories.size()) +
                                    " histories but " + std::to_string(targets.size()) +
                                    " targets");
    for (ItemIndex t : targets)
        if (t < 0 || t >= itemCount())
            throw std::out_of_range("target item index " + std::to_string(t) +
                                    " is outside the catalog");
    return guardTorch([&] {
        c10::InferenceMode inference;
        std::vector<float> out(histories.size());
        for (const auto& rows : lengthBuckets(histories, maxLength())) {
            std::vector<std::int64_t> ids;
            ids.reserve(rows.size());
            for (size_t r : rows)
                ids.push_back(targets[r] + 1);
            auto idx =
                torch::from_blob(ids.data(), {static_cast<std::int64_t>(ids.size())}, torch::kLong);
            auto emb = d->net->candidateEmbedding(idx - 1);
            // One dot product per row: only the target's logit, never the whole catalog.
            auto s = (d->scoringHidden(d->pad(histories, rows)) * emb).sum(-1).contiguous();
            const float* p = s.data_ptr<float>();
            for (size_t i = 0; i < rows.size(); ++i)
                out[rows[i]] = p[i];
        }
        return out;
    });
}

AttentionMaps SasRecModel::attention(const History& history) const {
    return guardTorch([&] {
        c10::InferenceMode inference;
        AttentionMaps maps;
        maps.layers = d->info.config.layers;
        maps.heads = d->info.config.heads;
        const std::vector<History> one{history};
        auto batch = d->pad(one, 0, 1);
        const int len = batch.lengths[0];
        maps.length = len;
        if (len == 0)
            return maps;
        auto fwd = d->net->forward(d->net->embedComponents(batch.items), batch.real, false, true);
        maps.weights.reserve(static_cast<size_t>(maps.layers * maps.heads * len * len));
        for (const auto& a : fwd.attention) {
            // [1, H, T, T] with T == len (a single history is never padded).
            auto w = a.squeeze(0).contiguous();
            const float* p = w.data_ptr<float>();
            maps.weights.insert(maps.weights.end(), p, p + w.numel());
        }
        return maps;
    });
}

std::vector<float> SasRecModel::scoreAllPositions(const History& history) const {
    return guardTorch([&] {
        torch::NoGradGuard noGrad;
        const std::vector<History> one{history};
        auto batch = d->pad(one, 0, 1);
        const int len = batch.lengths[0];
        if (len == 0)
            return std::vector<float>{};
        auto fwd = d->net->forward(d->net->embedComponents(batch.items), batch.real, false);
        auto scores = denseProduct(fwd.hidden.squeeze(0), d->net->itemTable().t());
        const float* p = scores.data_ptr<float>();
        return std::vector<float>(p, p + scores.numel());
    });
}

} // namespace reclens
