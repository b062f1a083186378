#pragma once
// Base of the SequenceModel decorators of the explanation engine (MemoModel, ConcurrentModel):
// everything goes to the wrapped model; a decorator overrides what it changes.

#include "model/sequencemodel.h"

namespace reclens {

class ForwardingModel : public SequenceModel {
public:
    explicit ForwardingModel(const SequenceModel& model)
        : m_model(model) {}

    const ModelInfo& info() const override { return m_model.info(); }
    int itemCount() const override { return m_model.itemCount(); }
    int maxLength() const override { return m_model.maxLength(); }
    std::vector<float> scoreAll(const std::vector<History>& histories) const override {
        return m_model.scoreAll(histories);
    }
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override {
        return m_model.scoreTargets(histories, targets);
    }
    bool supportsMaskedSlots() const override { return m_model.supportsMaskedSlots(); }
    bool supportsAttention() const override { return m_model.supportsAttention(); }
    std::string attentionUnavailableReason() const override {
        return m_model.attentionUnavailableReason();
    }
    AttentionMaps attention(const History& history) const override {
        return m_model.attention(history);
    }
    EmbeddingGradients gradients(const History& history, ItemIndex target) const override {
        return m_model.gradients(history, target);
    }
    PathGradients pathGradients(const History& history, ItemIndex target, IgBaseline baseline,
                                const std::vector<double>& alphas) const override {
        return m_model.pathGradients(history, target, baseline, alphas);
    }
    bool supportsHistoryBaselines() const override { return m_model.supportsHistoryBaselines(); }
    PathGradients pathGradientsFrom(const History& history, ItemIndex target,
                                    const History& baselineHistory,
                                    const std::vector<double>& alphas) const override {
        return m_model.pathGradientsFrom(history, target, baselineHistory, alphas);
    }

protected:
    const SequenceModel& inner() const { return m_model; }

private:
    const SequenceModel& m_model;
};

} // namespace reclens
