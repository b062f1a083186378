// TorchScriptModel::load: the contract of docs/MODEL_INTERFACE.md checked on a probe batch
// before anything else calls the model, so a foreign or broken file is one clear error instead
// of a crash or NaN rankings later.

#include "model/torchscriptimpl.h"

#include <cmath>
#include <fstream>

namespace reclens {

namespace {

const char* const kContract = " (see docs/MODEL_INTERFACE.md)";

Error contractError(const std::string& path, const std::string& what) {
    return makeError(ErrorCode::Schema, path, 0, 0, what + kContract);
}

std::string shape(const torch::Tensor& t) {
    std::string s = "[";
    for (std::int64_t i = 0; i < t.dim(); ++i)
        s += (i ? " x " : "") + std::to_string(t.size(i));
    return s + "]";
}

/// Empty when `v` is a finite float tensor of `sizes`; otherwise what is wrong.
std::string checkTensor(const c10::IValue& v, const std::string& method,
                        const std::vector<std::int64_t>& sizes, const std::string& expected) {
    if (!v.isTensor())
        return method + " returned a " + v.tagKind() + ", expected a tensor " + expected;
    const auto t = v.toTensor();
    if (t.scalar_type() != torch::kFloat)
        return method + " returned " + std::string(c10::toString(t.scalar_type())) +
               ", expected float32 " + expected;
    if (t.sizes().vec() != sizes)
        return method + " returned shape " + shape(t) + ", expected " + expected;
    if (!torch::isfinite(t).all().item<bool>())
        return method + " returned NaN or infinite values on a probe batch of a short and an "
                        "empty history; expected finite values (an empty history is all "
                        "padding, so its last position must still attend to something)";
    return {};
}

/// Probe histories: the first three model items, and an empty history (all padding).
torch::Tensor probeItems(int n, int t) {
    auto items = torch::zeros({2, t}, torch::kLong);
    const int len = std::min({3, n, t});
    for (int j = 0; j < len; ++j)
        items[0][t - len + j] = j + 1;
    return items;
}

/// Whether forward() gives the same logits for the probe batch padded to fewer columns (one
/// padding column before the longest row instead of max_length()). True for models with
/// positions counted from the end (RecLens's exports); false for absolute positions, which
/// RecLens then always pads to max_length() as the contract says.
bool paddingWidthFree(torch::jit::Module& m, const torch::Tensor& items,
                      const torch::Tensor& logits) {
    const auto t = items.size(1);
    const auto narrow = std::min<std::int64_t>(4, t);
    if (narrow >= t)
        return false;
    try {
        const auto s = m.forward({items.narrow(1, t - narrow, narrow).contiguous()});
        if (!s.isTensor() || s.toTensor().sizes() != logits.sizes())
            return false;
        const double gap = (s.toTensor() - logits).abs().max().item<double>();
        return gap <= 1e-5 * (1.0 + logits.abs().max().item<double>());
    } catch (const c10::Error&) {
        return false;
    }
}

Expected<int> intMethod(torch::jit::Module& m, const std::string& path, const char* name, int lo,
                        int hi) {
    const auto v = m.get_method(name)({});
    if (!v.isInt() || v.toInt() < lo || v.toInt() > hi)
        return contractError(path, std::string(name) + "() must return an int between " +
                                       std::to_string(lo) + " and " + std::to_string(hi));
    return static_cast<int>(v.toInt());
}

Status validate(TorchScriptModel::Impl& d) {
    const auto& path = d.path;
    for (const char* name : {"forward", "embed", "forward_embedded", "max_length", "item_count"})
        if (!d.module.find_method(name))
            return contractError(path, std::string("the TorchScript module has no method '") +
                                           name +
                                           "'; expected forward, embed, forward_embedded, "
                                           "max_length and item_count");
    auto n = intMethod(d.module, path, "item_count", 1, 50'000'000);
    if (!n)
        return n.error();
    auto t = intMethod(d.module, path, "max_length", 1, 4096);
    if (!t)
        return t.error();
    d.modelItems = *n;
    d.length = *t;
    const std::string logitsShape =
        "[batch x (item_count() + 1)] = [2 x " + std::to_string(*n + 1) + "]";
    torch::NoGradGuard noGrad;
    const auto items = probeItems(*n, *t);
    const auto fwd = d.module.forward({items});
    if (auto why = checkTensor(fwd, "forward(items)", {2, *n + 1}, logitsShape); !why.empty())
        return contractError(path, why);
    const auto emb = d.module.get_method("embed")({items});
    if (!emb.isTensor() || emb.toTensor().dim() != 3)
        return contractError(path, "embed(items) must return a float tensor [batch x "
                                   "max_length() x dim]");
    const auto dim = emb.toTensor().size(2);
    if (auto why = checkTensor(emb, "embed(items)", {2, *t, dim}, "[batch x max_length() x dim]");
        !why.empty())
        return contractError(path, why);
    d.dim = static_cast<int>(dim);
    const auto again = d.module.get_method("forward_embedded")({emb.toTensor(), items});
    if (auto why = checkTensor(again, "forward_embedded(emb, items)", {2, *n + 1}, logitsShape);
        !why.empty())
        return contractError(path, why);
    const auto a = fwd.toTensor();
    const auto b = again.toTensor();
    const double gap = (a - b).abs().max().item<double>();
    if (gap > 1e-3 * (1.0 + a.abs().max().item<double>()))
        return contractError(path, "forward_embedded(embed(items), items) differs from "
                                   "forward(items) by " +
                                       std::to_string(gap) + "; expected the same logits");
    d.anyWidth = paddingWidthFree(d.module, items, a);
    d.hasAttention = d.module.find_method("attention").has_value();
    if (d.hasAttention) {
        const auto att = d.module.get_method("attention")({items});
        if (!att.isTensorList() || att.toTensorList().size() == 0)
            return contractError(path, "attention(items) must return a non-empty list of "
                                       "tensors [batch x heads x T x T], one per layer");
        const auto list = att.toTensorVector();
        const auto heads = list[0].dim() == 4 ? list[0].size(1) : 0;
        for (const auto& layer : list)
            if (auto why = checkTensor(layer, "attention(items)", {2, heads, *t, *t},
                                       "[batch x heads x max_length() x max_length()]");
                !why.empty())
                return contractError(path, why);
        d.info.config.layers = static_cast<int>(list.size());
        d.info.config.heads = static_cast<int>(heads);
    }
    return Ok{};
}

/// The first line of LibTorch's message, after what RecLens expected.
std::string loadFailure(const std::string& torchMessage) {
    return "expected a TorchScript module written by torch.jit.save (PyTorch <= 1.13; not "
           "torch.save of a state_dict, and no operators newer than LibTorch 1.13), but "
           "LibTorch says: " +
           [&] {
               const auto begin = torchMessage.find_first_not_of(" \n");
               if (begin == std::string::npos)
                   return std::string("(no message)");
               return torchMessage.substr(begin, torchMessage.find('\n', begin) - begin);
           }();
}

bool looksLikeZip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    return in.read(magic, 4) && std::string(magic, 4) == std::string("PK\x03\x04", 4);
}

} // namespace

Expected<TorchScriptModel>
TorchScriptModel::load(const std::string& path, const std::string& itemMapPath, const Dataset& ds) {
    if (!std::ifstream(path, std::ios::binary))
        return makeError(ErrorCode::Io, path, 0, 0, "cannot open the model file for reading");
    if (!looksLikeZip(path))
        return contractError(path, "not a TorchScript file: expected the zip archive that "
                                   "torch.jit.save writes");
    if (itemMapPath.empty())
        return makeError(ErrorCode::InvalidArgument, path, 0, 0,
                         "a TorchScript model needs its item map (--item-map FILE, a CSV "
                         "'index,item' from model index to dataset item id)");
    auto d = std::make_unique<Impl>();
    d->path = path;
    try {
        d->module = torch::jit::load(path);
        d->module.eval();
        if (auto ok = validate(*d); !ok)
            return ok.error();
    } catch (const c10::Error& e) {
        return contractError(path, loadFailure(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        return contractError(path, std::string("the TorchScript module failed on a probe batch "
                                               "(expected the methods of the contract): ") +
                                       e.what());
    }
    auto mapping = loadItemMap(itemMapPath, d->modelItems, ds);
    if (!mapping)
        return mapping.error();
    d->mapping = std::move(*mapping);
    const auto m = static_cast<std::int64_t>(ds.items.size());
    d->columns = torch::from_blob(d->mapping.modelIndexOfItem.data(), {m}, torch::kLong).clone();
    d->unknown = d->columns.eq(0);
    try {
        torch::NoGradGuard noGrad;
        // The mean item embedding (IG's mean-item baseline) over rows of T model items.
        const auto t = static_cast<std::int64_t>(d->length);
        const std::int64_t rows = (d->modelItems + t - 1) / t;
        auto ids = torch::zeros({rows * t}, torch::kLong);
        ids.narrow(0, 0, d->modelItems).copy_(torch::arange(1, d->modelItems + 1, torch::kLong));
        d->meanEmbedding =
            d->embed(ids.view({rows, t})).reshape({-1, d->dim}).narrow(0, 0, d->modelItems).mean(0);
    } catch (const c10::Error& e) {
        return contractError(path, std::string("embed() failed on the model's items: ") +
                                       e.what_without_backtrace());
    }
    ModelInfo& info = d->info;
    info.config.maxLength = d->length;
    info.config.dim = d->dim;
    info.config.useCategory = info.config.useBrand = info.config.outputFeatures = false;
    if (!d->hasAttention)
        info.config.layers = info.config.heads = 0;
    info.datasetName = ds.name;
    info.datasetFingerprint = ds.fingerprint;
    info.itemCount = static_cast<int>(m);
    for (const auto& p : d->module.parameters())
        info.parameterCount += p.numel();
    return TorchScriptModel(std::move(d));
}

} // namespace reclens
