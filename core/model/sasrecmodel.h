#pragma once
// The SASRec recommender as an opaque object: LibTorch stays inside the .cpp files.

#include "common/expected.h"
#include "model/computebackend.h"
#include "model/modelconfig.h"
#include "model/sequencemodel.h"

#include <memory>
#include <string>

namespace reclens {

class SasRecModel final : public SequenceModel {
public:
    /// A freshly initialised (untrained) model for `ds`, seeded for reproducibility.
    static Expected<SasRecModel> create(const Dataset& ds, const ModelConfig& config,
                                        std::uint64_t seed = 42);

    /// Reads a checkpoint written by save(). A truncated or corrupt file, or one whose format
    /// version is unknown, gives an Error (never a crash). When `expected` is given, a
    /// checkpoint trained on a dataset with another fingerprint is refused (ErrorCode::Mismatch)
    /// with a message naming both datasets.
    static Expected<SasRecModel> load(const std::string& path, const Dataset* expected = nullptr);

    /// Writes weights, optimizer state (if any), config and ModelInfo atomically (temporary
    /// file + rename): on failure the previous file at `path` is intact.
    Status save(const std::string& path) const;

    SasRecModel(SasRecModel&&) noexcept;
    SasRecModel& operator=(SasRecModel&&) noexcept;
    ~SasRecModel() override;

    const ModelInfo& info() const override;
    ModelInfo& mutableInfo();

    int itemCount() const override;
    int maxLength() const override;
    std::vector<float> scoreAll(const std::vector<History>& histories) const override;
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override;
    bool supportsMaskedSlots() const override { return true; }
    AttentionMaps attention(const History& history) const override;
    /// Logits of every item at every real position of one history, row-major
    /// [T × itemCount()] (row t = the prediction after history[0..t] as seen inside the whole
    /// history). Shows causal masking: editing position k never changes rows < k.
    std::vector<float> scoreAllPositions(const History& history) const;
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
    explicit SasRecModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace reclens
