// SasRecModel: creation, batched scoring and attention maps. Checkpoints live in
// checkpoint.cpp, gradients and integrated gradients in sasrecattribution.cpp.

#include "model/sasrecimpl.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <stdexcept>

namespace reclens {

namespace {

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

PaddedBatch SasRecModel::Impl::pad(const std::vector<History>& histories, size_t begin,
                                   size_t end) const {
    const int maxLen = info.config.maxLength;
    const int items = info.itemCount;
    PaddedBatch b;
    int t = 1;
    for (size_t i = begin; i < end; ++i)
        t = std::max(t, std::min(static_cast<int>(histories[i].size()), maxLen));
    const auto rows = static_cast<std::int64_t>(end - begin);
    std::vector<std::int64_t> ids(static_cast<size_t>(rows * t), 0);
    std::vector<std::uint8_t> real(static_cast<size_t>(rows * t), 0);
    for (size_t i = begin; i < end; ++i) {
        const auto& h = histories[i];
        const int len = std::min(static_cast<int>(h.size()), maxLen);
        const size_t rowOff = (i - begin) * static_cast<size_t>(t);
        const size_t skip = h.size() - static_cast<size_t>(len);
        for (int j = 0; j < len; ++j) {
            const ItemIndex item = h[skip + static_cast<size_t>(j)];
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
    b.items = torch::from_blob(ids.data(), {rows, t}, torch::kLong).clone();
    b.real = torch::from_blob(real.data(), {rows, t}, torch::kUInt8).to(torch::kBool);
    return b;
}

torch::Tensor SasRecModel::Impl::lastHidden(const PaddedBatch& batch) {
    auto fwd = net->forward(net->embedComponents(batch.items), batch.real, /*train=*/false);
    return fwd.hidden.select(1, fwd.hidden.size(1) - 1);
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
        torch::NoGradGuard noGrad;
        const auto n = static_cast<size_t>(itemCount());
        std::vector<float> out(histories.size() * n);
        auto table = d->net->itemTable();
        for (size_t begin = 0; begin < histories.size(); begin += kScoreChunk) {
            const size_t end = std::min(histories.size(), begin + kScoreChunk);
            auto scores =
                torch::matmul(d->lastHidden(d->pad(histories, begin, end)), table.t()).contiguous();
            std::copy_n(scores.data_ptr<float>(), scores.numel(),
                        out.begin() + static_cast<std::ptrdiff_t>(begin * n));
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
        torch::NoGradGuard noGrad;
        std::vector<float> out(histories.size());
        for (size_t begin = 0; begin < histories.size(); begin += kScoreChunk) {
            const size_t end = std::min(histories.size(), begin + kScoreChunk);
            std::vector<std::int64_t> rows(targets.begin() + static_cast<std::ptrdiff_t>(begin),
                                           targets.begin() + static_cast<std::ptrdiff_t>(end));
            for (auto& r : rows)
                r += 1;
            auto idx = torch::from_blob(rows.data(), {static_cast<std::int64_t>(rows.size())},
                                        torch::kLong);
            auto emb = d->net->itemEmb->weight.index_select(0, idx);
            auto s = (d->lastHidden(d->pad(histories, begin, end)) * emb).sum(-1).contiguous();
            std::copy_n(s.data_ptr<float>(), s.numel(),
                        out.begin() + static_cast<std::ptrdiff_t>(begin));
        }
        return out;
    });
}

AttentionMaps SasRecModel::attention(const History& history) const {
    return guardTorch([&] {
        torch::NoGradGuard noGrad;
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
        auto scores = torch::matmul(fwd.hidden.squeeze(0), d->net->itemTable().t()).contiguous();
        const float* p = scores.data_ptr<float>();
        return std::vector<float>(p, p + scores.numel());
    });
}

} // namespace reclens
