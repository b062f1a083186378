#include "train/catalogsoftmax.h"

#include "model/densegemm.h"

namespace reclens {

namespace {

class CatalogCrossEntropy : public torch::autograd::Function<CatalogCrossEntropy> {
public:
    // Runs without autograd (torch::autograd::Function's forward does), so the in-place edits
    // below touch no graph.
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& hidden,
                                 const torch::Tensor& table, const torch::Tensor& targets,
                                 const torch::Tensor& maskedRow, const torch::Tensor& maskedItem,
                                 double labelSmoothing) {
        const auto rows = hidden.size(0);
        const auto items = table.size(0);
        auto logits = denseProduct(hidden, table.t());
        const bool masked = maskedRow.numel() > 0;
        if (masked)
            logits.index_put_({maskedRow, maskedItem}, torch::full({}, -1e9f, logits.options()));
        auto grad = torch::log_softmax(logits, 1);
        logits = torch::Tensor(); // its memory goes back before the gradient's products
        const auto flatTarget = torch::arange(rows, targets.options()) * items + targets;
        auto flat = grad.view({-1});
        const auto targetLogp = flat.index_select(0, flatTarget);
        auto loss = targetLogp.sum().neg_().div_(static_cast<double>(rows));
        if (labelSmoothing > 0.0) {
            // torch: (1 - e) * nll + e / items * mean over rows of -(sum of the row's log p)
            const auto smooth = grad.sum(1).neg_().mean();
            loss = loss * (1.0 - labelSmoothing) + smooth * (labelSmoothing / items);
        }
        // d loss / d logits = (softmax - (1 - e) onehot - e / items) / rows; the 1 / rows (and
        // the incoming gradient) is applied to the [N, D] and [I, D] products in backward.
        grad.exp_();
        flat.index_put_({flatTarget}, flat.index_select(0, flatTarget).sub_(1.0 - labelSmoothing));
        if (labelSmoothing > 0.0)
            grad.sub_(labelSmoothing / static_cast<double>(items));
        if (masked) // a constant written by index_put passes no gradient back
            grad.index_put_({maskedRow, maskedItem}, torch::zeros({}, grad.options()));
        ctx->save_for_backward({hidden, table, grad});
        return loss;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& hidden = saved[0];
        const auto& table = saved[1];
        const auto& grad = saved[2];
        const double scale = gradOutputs[0].item<double>() / static_cast<double>(hidden.size(0));
        auto gradHidden = denseProduct(grad, table, scale);
        auto gradTable = denseProduct(grad.t(), hidden, scale);
        return {gradHidden,      gradTable,       torch::Tensor(),
                torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor catalogCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& table,
                                  const torch::Tensor& targets, const torch::Tensor& maskedRow,
                                  const torch::Tensor& maskedItem, double labelSmoothing) {
    TORCH_CHECK(hidden.dim() == 2 && table.dim() == 2 && hidden.size(1) == table.size(1),
                "catalogCrossEntropy: hidden [N, D] and table [I, D] expected");
    TORCH_CHECK(targets.dim() == 1 && targets.size(0) == hidden.size(0),
                "catalogCrossEntropy: one target per row of hidden expected");
    return CatalogCrossEntropy::apply(hidden, table, targets, maskedRow, maskedItem,
                                      labelSmoothing);
}

} // namespace reclens
