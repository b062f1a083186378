#include "model/densegemm.h"

#include "model/onednngemm.h"

#include <algorithm>

namespace reclens {

namespace {

/// A 2-D float tensor as a row-major operand of a product: its data, whether it is the
/// transpose of a row-major matrix, and its row stride.
struct Operand {
    torch::Tensor storage; // keeps a contiguous copy alive when one was needed
    bool transposed = false;
    std::int64_t ld = 0;
};

Operand operand(const torch::Tensor& x) {
    if (x.stride(1) == 1 && x.stride(0) >= std::max<std::int64_t>(1, x.size(1)))
        return {x, false, x.stride(0)};
    if (x.stride(0) == 1 && x.stride(1) >= std::max<std::int64_t>(1, x.size(0)))
        return {x, true, x.stride(1)};
    auto c = x.contiguous();
    return {c, false, std::max<std::int64_t>(1, c.size(1))};
}

/// c = alpha * a · b + beta * c through oneDNN; false when it is not loaded or refused.
bool sgemmInto(const torch::Tensor& a, const torch::Tensor& b, double alpha, float beta,
               torch::Tensor& c) {
    if (!oneDnnGemmAvailable())
        return false;
    const Operand oa = operand(a), ob = operand(b);
    return oneDnnGemm(oa.transposed, ob.transposed, a.size(0), b.size(1), a.size(1),
                      static_cast<float>(alpha), oa.storage.data_ptr<float>(), oa.ld,
                      ob.storage.data_ptr<float>(), ob.ld, beta, c.data_ptr<float>(), c.size(1));
}

bool plainFloats(std::initializer_list<const torch::Tensor*> ts) {
    return std::all_of(ts.begin(), ts.end(), [](const torch::Tensor* t) {
        return !t->defined() || (t->scalar_type() == torch::kFloat && t->device().is_cpu() &&
                                 t->layout() == torch::kStrided);
    });
}

} // namespace

torch::Tensor denseProduct(const torch::Tensor& a, const torch::Tensor& b, double alpha) {
    if (plainFloats({&a, &b}) && a.numel() > 0 && b.numel() > 0) {
        auto c = torch::empty({a.size(0), b.size(1)}, a.options());
        if (sgemmInto(a, b, alpha, 0.0f, c))
            return c;
    }
    auto c = torch::mm(a, b);
    return alpha == 1.0 ? c : c.mul_(alpha);
}

torch::Tensor denseLinear(const torch::Tensor& x, const torch::Tensor& weight,
                          const torch::Tensor& bias) {
    if (torch::GradMode::is_enabled() || !plainFloats({&x, &weight, &bias}) || x.numel() == 0)
        return torch::nn::functional::linear(x, weight, bias);
    auto sizes = x.sizes().vec();
    const auto in = sizes.back();
    sizes.back() = weight.size(0);
    const auto rows = x.numel() / in;
    // A fresh result that starts as the bias: bias.expand(...).contiguous() would hand back the
    // bias's own storage for a single row (a size-1 dimension counts as contiguous), and the
    // product would be added into the model's parameter.
    auto out = torch::empty({rows, weight.size(0)}, x.options());
    if (bias.defined())
        out.copy_(bias);
    if (sgemmInto(x.reshape({rows, in}), weight.t(), 1.0, bias.defined() ? 1.0f : 0.0f, out))
        return out.view(sizes);
    return torch::nn::functional::linear(x, weight, bias);
}

} // namespace reclens
