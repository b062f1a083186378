// TorchScriptModel: padding, batched scoring and attention through the contract's methods.
// Loading and validation live in torchscriptload.cpp, gradients in torchscriptattribution.cpp.

#include "model/torchscriptimpl.h"

#include <algorithm>
#include <stdexcept>

namespace reclens {

namespace {

/// Histories per forward call: bounds memory for huge requests.
constexpr size_t kScriptChunk = 256;

} // namespace

ScriptBatch TorchScriptModel::Impl::pad(const std::vector<History>& histories, size_t begin,
                                        size_t end) const {
    const auto count = static_cast<std::int64_t>(end - begin);
    const auto t = static_cast<size_t>(length);
    std::vector<std::int64_t> embedIds(static_cast<size_t>(count) * t, 0);
    std::vector<std::int64_t> maskIds(embedIds.size(), 0);
    const auto& toModel = mapping.modelIndexOfItem;
    ScriptBatch b;
    for (size_t r = begin; r < end; ++r) {
        const auto& h = histories[r];
        const size_t len = std::min(h.size(), t);
        const size_t skip = h.size() - len;
        const size_t row = (r - begin) * t + (t - len);
        for (size_t j = 0; j < len; ++j) {
            const ItemIndex item = h[skip + j];
            if (item != kMaskedSlot && (item < 0 || static_cast<size_t>(item) >= toModel.size()))
                throw std::out_of_range("item index " + std::to_string(item) +
                                        " is outside the catalog of " +
                                        std::to_string(toModel.size()) + " items");
            const std::int64_t id = item == kMaskedSlot ? 0 : toModel[static_cast<size_t>(item)];
            // Masked slots and items the model does not know: the padding embedding at a
            // position the mask keeps (any non-zero index marks it real).
            embedIds[row + j] = id;
            maskIds[row + j] = id == 0 ? 1 : id;
            b.hasMaskedSlots = b.hasMaskedSlots || id == 0;
        }
        b.lengths.push_back(static_cast<int>(len));
    }
    const auto tt = static_cast<std::int64_t>(t);
    b.embedItems = torch::from_blob(embedIds.data(), {count, tt}, torch::kLong).clone();
    b.maskItems = torch::from_blob(maskIds.data(), {count, tt}, torch::kLong).clone();
    return b;
}

torch::Tensor TorchScriptModel::Impl::embed(const torch::Tensor& items) const {
    return module.get_method("embed")({items}).toTensor();
}

torch::Tensor TorchScriptModel::Impl::forwardEmbedded(const torch::Tensor& emb,
                                                      const torch::Tensor& maskItems) const {
    return module.get_method("forward_embedded")({emb, maskItems}).toTensor();
}

torch::Tensor TorchScriptModel::Impl::logits(const ScriptBatch& batch) const {
    if (batch.hasMaskedSlots)
        return forwardEmbedded(embed(batch.embedItems), batch.maskItems);
    return module.forward({batch.embedItems}).toTensor();
}

std::int64_t TorchScriptModel::Impl::targetColumn(ItemIndex target) const {
    if (target < 0 || static_cast<size_t>(target) >= mapping.modelIndexOfItem.size())
        throw std::out_of_range("target item index " + std::to_string(target) +
                                " is outside the catalog");
    const auto c = mapping.modelIndexOfItem[static_cast<size_t>(target)];
    if (c == 0)
        throw std::invalid_argument("item index " + std::to_string(target) +
                                    " is not in the model's item map: " + path +
                                    " cannot score it");
    return c;
}

TorchScriptModel::TorchScriptModel(std::unique_ptr<Impl> impl)
    : d(std::move(impl)) {}
TorchScriptModel::TorchScriptModel(TorchScriptModel&&) noexcept = default;
TorchScriptModel& TorchScriptModel::operator=(TorchScriptModel&&) noexcept = default;
TorchScriptModel::~TorchScriptModel() = default;

const ItemMapping& TorchScriptModel::mapping() const {
    return d->mapping;
}
const ModelInfo& TorchScriptModel::info() const {
    return d->info;
}
int TorchScriptModel::itemCount() const {
    return d->info.itemCount;
}
int TorchScriptModel::maxLength() const {
    return d->length;
}
bool TorchScriptModel::supportsAttention() const {
    return d->hasAttention;
}
std::string TorchScriptModel::attentionUnavailableReason() const {
    return d->hasAttention ? std::string() : "the TorchScript model has no attention(items) method";
}

std::vector<float> TorchScriptModel::scoreAll(const std::vector<History>& histories) const {
    return guardScript(d->path, [&] {
        torch::NoGradGuard noGrad;
        const auto m = static_cast<size_t>(itemCount());
        std::vector<float> out(histories.size() * m);
        for (size_t b = 0; b < histories.size(); b += kScriptChunk) {
            const size_t e = std::min(histories.size(), b + kScriptChunk);
            auto s = d->logits(d->pad(histories, b, e))
                         .index_select(1, d->columns)
                         .masked_fill_(d->unknown.unsqueeze(0), kUnknownItemScore)
                         .contiguous();
            std::copy_n(s.data_ptr<float>(), s.numel(),
                        out.begin() + static_cast<std::ptrdiff_t>(b * m));
        }
        return out;
    });
}

std::vector<float> TorchScriptModel::scoreTargets(const std::vector<History>& histories,
                                                  const std::vector<ItemIndex>& targets) const {
    if (histories.size() != targets.size())
        throw std::invalid_argument("scoreTargets: " + std::to_string(histories.size()) +
                                    " histories but " + std::to_string(targets.size()) +
                                    " targets");
    std::vector<std::int64_t> cols(targets.size());
    for (size_t i = 0; i < targets.size(); ++i) {
        if (targets[i] < 0 || targets[i] >= itemCount())
            throw std::out_of_range("target item index " + std::to_string(targets[i]) +
                                    " is outside the catalog");
        cols[i] = d->mapping.modelIndexOfItem[static_cast<size_t>(targets[i])];
    }
    return guardScript(d->path, [&] {
        torch::NoGradGuard noGrad;
        std::vector<float> out(histories.size());
        for (size_t b = 0; b < histories.size(); b += kScriptChunk) {
            const size_t e = std::min(histories.size(), b + kScriptChunk);
            auto idx = torch::from_blob(cols.data() + b, {static_cast<std::int64_t>(e - b), 1},
                                        torch::kLong);
            auto s = d->logits(d->pad(histories, b, e)).gather(1, idx).squeeze(1).contiguous();
            std::copy_n(s.data_ptr<float>(), s.numel(),
                        out.begin() + static_cast<std::ptrdiff_t>(b));
        }
        for (size_t i = 0; i < out.size(); ++i)
            if (cols[i] == 0)
                out[i] = kUnknownItemScore;
        return out;
    });
}

AttentionMaps TorchScriptModel::attention(const History& history) const {
    if (!d->hasAttention)
        throw std::logic_error(attentionUnavailableReason());
    return guardScript(d->path, [&] {
        torch::NoGradGuard noGrad;
        const std::vector<History> one{history};
        const auto batch = d->pad(one, 0, 1);
        AttentionMaps maps;
        maps.layers = d->info.config.layers;
        maps.heads = d->info.config.heads;
        const int len = batch.lengths[0];
        maps.length = len;
        if (len == 0)
            return maps;
        const auto list = d->module.get_method("attention")({batch.embedItems}).toTensorVector();
        const auto t = static_cast<std::int64_t>(d->length);
        for (const auto& a : list) {
            // The real positions are the last len of the padded row.
            auto w = a.squeeze(0).narrow(1, t - len, len).narrow(2, t - len, len).contiguous();
            const float* p = w.data_ptr<float>();
            maps.weights.insert(maps.weights.end(), p, p + w.numel());
        }
        return maps;
    });
}

} // namespace reclens
