#pragma once
// A next-item model trained outside RecLens, opened from a TorchScript file (torch.jit.save,
// PyTorch <= 1.13) that follows docs/MODEL_INTERFACE.md, plus its item map. LibTorch stays in
// the .cpp files.

#include "common/expected.h"
#include "model/itemmap.h"
#include "model/modelconfig.h"
#include "model/sequencemodel.h"

#include <memory>
#include <string>

namespace reclens {

class TorchScriptModel final : public SequenceModel {
public:
    /// Opens `path` and checks it against the contract before anything uses it: a file that is
    /// not a TorchScript archive, a missing method, outputs of the wrong type or shape, NaN
    /// outputs, or embed/forward_embedded that disagree with forward give an Error naming the
    /// file and what was expected (Schema); an item map that does not fit gives loadItemMap's
    /// error. Never throws.
    static Expected<TorchScriptModel> load(const std::string& path, const std::string& itemMapPath,
                                           const Dataset& ds);

    TorchScriptModel(TorchScriptModel&&) noexcept;
    TorchScriptModel& operator=(TorchScriptModel&&) noexcept;
    ~TorchScriptModel() override;

    const ItemMapping& mapping() const;
    /// What RecLens knows about the file: maxLength, dim, layers/heads (0 without attention),
    /// item count of the dataset, parameter count, dataset name. No training history.
    const ModelInfo& info() const override;

    int itemCount() const override;
    int maxLength() const override;
    std::vector<float> scoreAll(const std::vector<History>& histories) const override;
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override;
    /// Masked slots feed the padding embedding (embed of index 0) at a position the mask keeps.
    bool supportsMaskedSlots() const override { return true; }
    bool supportsAttention() const override;
    std::string attentionUnavailableReason() const override;
    AttentionMaps attention(const History& history) const override;
    EmbeddingGradients gradients(const History& history, ItemIndex target) const override;
    PathGradients pathGradients(const History& history, ItemIndex target, IgBaseline baseline,
                                const std::vector<double>& alphas) const override;
    bool supportsHistoryBaselines() const override { return true; }
    PathGradients pathGradientsFrom(const History& history, ItemIndex target,
                                    const History& baselineHistory,
                                    const std::vector<double>& alphas) const override;

    struct Impl; // defined in the torch-including .cpp files
    Impl& impl() const { return *d; }

private:
    explicit TorchScriptModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace reclens
