// exportTorchScript: a torch::jit::Module built in C++ (LibTorch cannot script a C++
// nn::Module), holding SasRecNet's weights and methods defined from TorchScript source that
// replays sasrecnet.cpp's evaluation forward (forwardLast for the logits, forward for the
// attention maps).

#include "model/torchscriptexport.h"

#include "common/atomicfile.h"
#include "model/itemmap.h"
#include "model/sasrecimpl.h"

#include <torch/script.h>

#include <cmath>

namespace reclens {

namespace {

// The methods of the contract. `_real` marks the last position real even in an all-padding
// row, as SasRecModel does for an empty history; attention scales the queries by
// 1/sqrt(head dim) before the product, as SasRecModel's evaluation passes do.
const char* const kSource = R"TS(
def embed(self, items: Tensor) -> Tensor:
    flat = items.flatten()
    e = torch.embedding(self.item_emb, items)
    e = e + torch.embedding(self.category_emb, self.item_category.index_select(0, flat).view_as(items))
    e = e + torch.embedding(self.brand_emb, self.item_brand.index_select(0, flat).view_as(items))
    return e

def _real(self, items: Tensor) -> Tensor:
    t = items.size(1)
    real = items != 0
    return torch.cat([real.narrow(1, 0, t - 1), torch.ones_like(real.narrow(1, t - 1, 1))], 1)

def _input(self, emb: Tensor, real: Tensor) -> Tensor:
    t = emb.size(1)
    x = emb * self.scale
    pos = torch.arange(t - 1, -1, -1).clamp_max(self.max_len - 1)
    x = x + torch.embedding(self.position_emb, pos).unsqueeze(0)
    return x * real.unsqueeze(-1).type_as(x)

def _bias(self, real: Tensor) -> Tensor:
    t = real.size(1)
    causal = torch.ones([t, t]).tril() > 0.5
    eye = torch.eye(t) > 0.5
    allowed = (causal.unsqueeze(0) & (real.unsqueeze(1) | eye.unsqueeze(0))).unsqueeze(1)
    return torch.zeros(allowed.size()).masked_fill(allowed.logical_not(), float("-inf"))

def _block(self, i: int, x: Tensor, bias: Tensor) -> Tuple[Tensor, Tensor]:
    b = x.size(0)
    t = x.size(1)
    d = x.size(2)
    h = self.heads
    dh = d // h
    q = torch.layer_norm(x, [d], self.ln1_w[i], self.ln1_b[i], 1e-8)
    qh = (torch.linear(q, self.q_w[i], self.q_b[i]) * self.inv_root).view([b, t, h, dh]).transpose(1, 2)
    kh = torch.linear(x, self.k_w[i], self.k_b[i]).view([b, t, h, dh]).transpose(1, 2)
    vh = torch.linear(x, self.v_w[i], self.v_b[i]).view([b, t, h, dh]).transpose(1, 2)
    w = torch.softmax(torch.matmul(qh, kh.transpose(-2, -1)) + bias, -1)
    ctx = torch.matmul(w, vh).transpose(1, 2).contiguous().view([b, t, d])
    y = torch.layer_norm(q + torch.linear(ctx, self.o_w[i], self.o_b[i]), [d], self.ln2_w[i], self.ln2_b[i], 1e-8)
    y = y + torch.linear(torch.relu(torch.linear(y, self.f1_w[i], self.f1_b[i])), self.f2_w[i], self.f2_b[i])
    return y, w

def _last(self, i: int, x: Tensor, real: Tensor) -> Tensor:
    b = x.size(0)
    t = x.size(1)
    d = x.size(2)
    h = self.heads
    dh = d // h
    q = torch.layer_norm(x.select(1, t - 1), [d], self.ln1_w[i], self.ln1_b[i], 1e-8)
    qh = (torch.linear(q, self.q_w[i], self.q_b[i]) * self.inv_root).view([b, h, 1, dh])
    kh = torch.linear(x, self.k_w[i], self.k_b[i]).view([b, t, h, dh]).transpose(1, 2)
    vh = torch.linear(x, self.v_w[i], self.v_b[i]).view([b, t, h, dh]).transpose(1, 2)
    bias = torch.zeros([b, 1, 1, t]).masked_fill(real.logical_not().view([b, 1, 1, t]), float("-inf"))
    w = torch.softmax(torch.matmul(qh, kh.transpose(-2, -1)) + bias, -1)
    ctx = torch.matmul(w, vh).view([b, d])
    y = torch.layer_norm(q + torch.linear(ctx, self.o_w[i], self.o_b[i]), [d], self.ln2_w[i], self.ln2_b[i], 1e-8)
    return y + torch.linear(torch.relu(torch.linear(y, self.f1_w[i], self.f1_b[i])), self.f2_w[i], self.f2_b[i])

def forward_embedded(self, emb: Tensor, items: Tensor) -> Tensor:
    real = self._real(items)
    x = self._input(emb, real)
    keep = real.unsqueeze(-1).type_as(x)
    if self.n_layers > 1:
        bias = self._bias(real)
        for i in range(self.n_layers - 1):
            y, w = self._block(i, x, bias)
            x = y * keep
    t = x.size(1)
    y = self._last(self.n_layers - 1, x, real) * keep.select(1, t - 1)
    y = torch.layer_norm(y, [y.size(1)], self.final_w, self.final_b, 1e-8)
    return torch.matmul(y, self.output_table.t())

def forward(self, items: Tensor) -> Tensor:
    return self.forward_embedded(self.embed(items), items)

def attention(self, items: Tensor) -> List[Tensor]:
    real = self._real(items)
    x = self._input(self.embed(items), real)
    keep = real.unsqueeze(-1).type_as(x)
    bias = self._bias(real)
    maps: List[Tensor] = []
    for i in range(self.n_layers):
        y, w = self._block(i, x, bias)
        x = y * keep
        maps.append(w)
    return maps

def max_length(self) -> int:
    return self.max_len

def item_count(self) -> int:
    return self.n_items
)TS";

torch::Tensor copyOf(const torch::Tensor& t) {
    return t.detach().clone().contiguous();
}

/// One tensor [layers, ...] of the named weight of every block.
torch::Tensor stacked(SasRecNetImpl& net,
                      const std::function<torch::Tensor(SasRecBlockImpl&)>& pick) {
    std::vector<torch::Tensor> parts;
    for (const auto& m : *net.blocks)
        parts.push_back(pick(*m->as<SasRecBlockImpl>()).detach());
    return torch::stack(parts).contiguous();
}

torch::jit::Module buildModule(SasRecNetImpl& net) {
    torch::NoGradGuard noGrad;
    const auto& o = net.options();
    torch::jit::Module m("RecLensSasRec");
    const auto zeroTable = torch::zeros({1, o.dim});
    m.register_parameter("item_emb", copyOf(net.itemEmb->weight), false);
    m.register_parameter("category_emb",
                         net.categoryEmb ? copyOf(net.categoryEmb->weight) : zeroTable, false);
    m.register_parameter("brand_emb", net.brandEmb ? copyOf(net.brandEmb->weight) : zeroTable,
                         false);
    // Without a category (brand) embedding every item points at the zero row.
    m.register_buffer("item_category", net.categoryEmb ? copyOf(net.itemCategory)
                                                       : torch::zeros_like(net.itemCategory));
    m.register_buffer("item_brand",
                      net.brandEmb ? copyOf(net.itemBrand) : torch::zeros_like(net.itemBrand));
    m.register_parameter("position_emb", copyOf(net.positionEmb->weight), false);
    // Row 0 (padding) scores 0; rows 1..N are the candidates SasRecModel scores against.
    auto output = torch::zeros({o.itemCount + 1, o.dim});
    output.narrow(0, 1, o.itemCount).copy_(net.itemTable());
    m.register_buffer("output_table", output);
    using B = SasRecBlockImpl;
    const std::vector<std::pair<const char*, std::function<torch::Tensor(B&)>>> weights = {
        {"ln1_w",
         [](B& b) {
             return b.attnNorm->weight;
         }},
        {"ln1_b",
         [](B& b) {
             return b.attnNorm->bias;
         }},
        {"q_w",
         [](B& b) {
             return b.query->weight;
         }},
        {"q_b",
         [](B& b) {
             return b.query->bias;
         }},
        {"k_w",
         [](B& b) {
             return b.key->weight;
         }},
        {"k_b",
         [](B& b) {
             return b.key->bias;
         }},
        {"v_w",
         [](B& b) {
             return b.value->weight;
         }},
        {"v_b",
         [](B& b) {
             return b.value->bias;
         }},
        {"o_w",
         [](B& b) {
             return b.out->weight;
         }},
        {"o_b",
         [](B& b) {
             return b.out->bias;
         }},
        {"ln2_w",
         [](B& b) {
             return b.ffnNorm->weight;
         }},
        {"ln2_b",
         [](B& b) {
             return b.ffnNorm->bias;
         }},
        {"f1_w",
         [](B& b) {
             return b.ffn1->weight;
         }},
        {"f1_b",
         [](B& b) {
             return b.ffn1->bias;
         }},
        {"f2_w",
         [](B& b) {
             return b.ffn2->weight;
         }},
        {"f2_b",
         [](B& b) {
             return b.ffn2->bias;
         }},
    };
    for (const auto& [name, pick] : weights)
        m.register_parameter(name, stacked(net, pick), false);
    m.register_parameter("final_w", copyOf(net.finalNorm->weight), false);
    m.register_parameter("final_b", copyOf(net.finalNorm->bias), false);
    m.register_attribute("n_layers", c10::IntType::get(), std::int64_t{o.layers});
    m.register_attribute("heads", c10::IntType::get(), std::int64_t{o.heads});
    m.register_attribute("max_len", c10::IntType::get(), std::int64_t{o.maxLength});
    m.register_attribute("n_items", c10::IntType::get(), std::int64_t{o.itemCount});
    m.register_attribute("scale", c10::FloatType::get(), std::sqrt(static_cast<double>(o.dim)));
    m.register_attribute("inv_root", c10::FloatType::get(),
                         1.0 / std::sqrt(static_cast<double>(o.dim / o.heads)));
    m.define(kSource);
    m.eval();
    return m;
}

} // namespace

Status exportTorchScript(const SasRecModel& model, const Dataset& ds, const std::string& path,
                         const std::string& itemMapPath) {
    if (model.info().datasetFingerprint != ds.fingerprint ||
        model.itemCount() != static_cast<int>(ds.items.size()))
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "the model was trained on other data than '" + ds.name +
                             "'; the item map would not fit");
    torch::jit::Module module;
    try {
        module = buildModule(*model.impl().net);
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, path, 0, 0,
                         std::string("could not build the TorchScript module: ") +
                             e.what_without_backtrace());
    }
    auto saved = writeFileAtomicallyVia(path, [&](const std::string& tmp) {
        try {
            module.save(tmp);
            return true;
        } catch (const c10::Error&) {
            return false;
        }
    });
    if (!saved)
        return saved;
    return writeItemMap(itemMapPath, ds);
}

} // namespace reclens
