// TorchScriptModel: padding, batched scoring and attention through the contract's methods.
// Loading and validation live in torchscriptload.cpp, gradients in torchscriptattribution.cpp.

#include "model/sasrecimpl.h" // lengthBuckets
#include "model/torchscriptimpl.h"

#include <algorithm>
#include <stdexcept>

namespace reclens {

ScriptBatch TorchScriptModel::Impl::pad(const std::vector<History>& histories,
                                        const std::vector<size_t>& rows, std::int64_t width) const {
    const auto maxLen = static_cast<size_t>(length);
    size_t t = static_cast<size_t>(width);
    if (t == 0) {
        t = anyWidth ? 1 : maxLen;
        if (anyWidth)
            for (size_t r : rows)
                t = std::max(t, std::min(histories[r].size(), maxLen));
    }
    const auto count = static_cast<std::int64_t>(rows.size());
    std::vector<std::int64_t> embedIds(rows.size() * t, 0);
    std::vector<std::int64_t> maskIds(embedIds.size(), 0);
    const auto& toModel = mapping.modelIndexOfItem;
    ScriptBatch b;
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto& h = histories[rows[r]];
        const size_t len = std::min({h.size(), maxLen, t});
        const size_t skip = h.size() - len;
        const size_t row = r * t + (t - len);
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
    b.width = static_cast<std::int64_t>(t);
    b.embedItems = torch::from_blob(embedIds.data(), {count, b.width}, torch::kLong).clone();
    b.maskItems = torch::from_blob(maskIds.data(), {count, b.width}, torch::kLong).clone();
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
        for (const auto& rows : lengthBuckets(histories, d->length)) {
            auto s = d->logits(d->pad(histories, rows))
                         .index_select(1, d->columns)
                         .masked_fill_(d->unknown.unsqueeze(0), kUnknownItemScore)
                         .contiguous();
            const float* p = s.data_ptr<float>();
            for (size_t i = 0; i < rows.size(); ++i)
                std::copy_n(p + i * m, m, out.begin() + static_cast<std::ptrdiff_t>(rows[i] * m));
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
        for (const auto& rows : lengthBuckets(histories, d->length)) {
            std::vector<std::int64_t> rowCols;
            for (size_t r : rows)
                rowCols.push_back(cols[r]);
            auto idx = torch::from_blob(rowCols.data(), {static_cast<std::int64_t>(rows.size()), 1},
                                        torch::kLong);
            auto s = d->logits(d->pad(histories, rows)).gather(1, idx).squeeze(1).contiguous();
            const float* p = s.data_ptr<float>();
            for (size_t i = 0; i < rows.size(); ++i)
                out[rows[i]] = p[i];
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
        const auto batch = d->padOne(history);
        AttentionMaps maps;
        maps.layers = d->info.config.layers;
        maps.heads = d->info.config.heads;
        const int len = batch.lengths[0];
        maps.length = len;
        if (len == 0)
            return maps;
        const auto list = d->module.get_method("attention")({batch.embedItems}).toTensorVector();
        const auto t = batch.width;
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
