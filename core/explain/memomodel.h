#pragma once
// A SequenceModel that remembers every history it has scored, for the length of one
// explanation bundle. The methods of a bundle score many of the same histories: the full one
// (rank, leave-one-out, Shapley, faithfulness), the empty one, and each single removal (LOO,
// every sampled Shapley order's last step, the first step of each deletion curve and of the
// counterfactual search). Served from here, each is computed once.

#include "explain/concurrent.h"

#include <map>
#include <utility>

namespace reclens {

class MemoModel final : public ForwardingModel {
public:
    explicit MemoModel(const SequenceModel& model)
        : ForwardingModel(model)
        , m_scorer(model) {}

    /// Rows already scored are copied; the others are scored in one call to the model.
    std::vector<float> scoreAll(const std::vector<History>& histories) const override;
    /// From a remembered scoreAll row or target score where there is one.
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override;

    /// Histories the wrapped model was asked to score (each counted once per call).
    std::size_t modelRows() const { return m_modelRows; }

    /// A memo is not thread-safe: a method running on another thread gets a fork holding this
    /// memo's histories so far, and absorb() takes the fork's histories back (for a history
    /// both hold, this memo's numbers stay, so the result does not depend on timing).
    MemoModel fork() const;
    void absorb(const MemoModel& other);
    /// Histories the model has not scored yet go to it on `workers` threads (ConcurrentModel).
    void setWorkers(int workers) {
        m_workers = workers;
        m_scorer.setWorkers(workers);
    }

private:
    /// Keyed by the history as the model sees it (its last maxLength() items).
    History key(const History& h) const;

    ConcurrentModel m_scorer; // the wrapped model on m_workers threads
    mutable std::map<History, std::vector<float>> m_rows;
    mutable std::map<std::pair<History, ItemIndex>, float> m_targets;
    mutable std::size_t m_modelRows = 0;
    int m_workers = 1;
};

} // namespace reclens
