#include "explain/memomodel.h"

#include "explain/concurrent.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace reclens {

MemoModel MemoModel::fork() const {
    MemoModel f(inner());
    f.setWorkers(m_workers);
    f.m_rows = m_rows;
    f.m_targets = m_targets;
    return f;
}

void MemoModel::absorb(const MemoModel& other) {
    m_rows.insert(other.m_rows.begin(), other.m_rows.end()); // keeps existing entries
    m_targets.insert(other.m_targets.begin(), other.m_targets.end());
    m_modelRows += other.m_modelRows;
}

History MemoModel::key(const History& h) const {
    const auto max = static_cast<size_t>(std::max(0, maxLength()));
    return h.size() <= max ? h : History(h.end() - static_cast<std::ptrdiff_t>(max), h.end());
}

std::vector<float> MemoModel::scoreAll(const std::vector<History>& histories) const {
    const auto n = static_cast<size_t>(itemCount());
    std::vector<History> missing;
    std::map<History, size_t> missingIndex;
    for (const auto& h : histories) {
        History k = key(h);
        if (!m_rows.count(k) && !missingIndex.count(k)) {
            missingIndex.emplace(k, missing.size());
            missing.push_back(std::move(k));
        }
    }
    if (!missing.empty()) {
        const auto rows = m_scorer.scoreAll(missing);
        m_modelRows += missing.size();
        for (size_t i = 0; i < missing.size(); ++i)
            m_rows.emplace(
                missing[i],
                std::vector<float>(rows.begin() + static_cast<std::ptrdiff_t>(i * n),
                                   rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * n)));
    }
    std::vector<float> out;
    out.reserve(histories.size() * n);
    for (const auto& h : histories) {
        const auto& row = m_rows.at(key(h));
        out.insert(out.end(), row.begin(), row.end());
    }
    return out;
}

std::vector<float> MemoModel::scoreTargets(const std::vector<History>& histories,
                                           const std::vector<ItemIndex>& targets) const {
    if (histories.size() != targets.size())
        throw std::invalid_argument("scoreTargets: " + std::to_string(histories.size()) +
                                    " histories but " + std::to_string(targets.size()) +
                                    " targets");
    std::vector<float> out(histories.size(), 0.0f);
    std::vector<History> missing;
    std::vector<ItemIndex> missingTargets;
    std::map<std::pair<History, ItemIndex>, std::vector<size_t>> waiting;
    for (size_t i = 0; i < histories.size(); ++i) {
        if (targets[i] < 0 || targets[i] >= itemCount())
            throw std::out_of_range("target item index " + std::to_string(targets[i]) +
                                    " is outside the catalog");
        History k = key(histories[i]);
        if (auto r = m_rows.find(k); r != m_rows.end()) {
            out[i] = r->second[static_cast<size_t>(targets[i])];
            continue;
        }
        auto pk = std::make_pair(std::move(k), targets[i]);
        if (auto t = m_targets.find(pk); t != m_targets.end()) {
            out[i] = t->second;
            continue;
        }
        auto [it, inserted] = waiting.try_emplace(std::move(pk));
        if (inserted) {
            missing.push_back(it->first.first);
            missingTargets.push_back(targets[i]);
        }
        it->second.push_back(i);
    }
    if (!missing.empty()) {
        const auto scores = m_scorer.scoreTargets(missing, missingTargets);
        m_modelRows += missing.size();
        for (size_t j = 0; j < missing.size(); ++j) {
            auto pk = std::make_pair(missing[j], missingTargets[j]);
            for (size_t i : waiting.at(pk))
                out[i] = scores[j];
            m_targets.emplace(std::move(pk), scores[j]);
        }
    }
    return out;
}

} // namespace reclens
