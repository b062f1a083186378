// The already-bought candidate filter (see candidatefilter.h).

#include "explain/candidatefilter.h"

#include <algorithm>
#include <limits>

namespace reclens {

namespace {
constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
} // namespace

bool parseExcludeBought(const std::string& text, ExcludeBought& out) {
    if (text == "auto")
        out = ExcludeBought::Auto;
    else if (text == "on")
        out = ExcludeBought::On;
    else if (text == "off")
        out = ExcludeBought::Off;
    else
        return false;
    return true;
}

std::string excludeBoughtName(ExcludeBought setting) {
    switch (setting) {
    case ExcludeBought::On:
        return "on";
    case ExcludeBought::Off:
        return "off";
    case ExcludeBought::Auto:
        break;
    }
    return "auto";
}

bool resolveExcludeBought(ExcludeBought setting, double repeatRate) {
    if (setting == ExcludeBought::Auto)
        return repeatRate < kExcludeBoughtRepeatThreshold;
    return setting == ExcludeBought::On;
}

bool resolveExcludeBought(ExcludeBought setting, const Dataset& ds) {
    if (setting != ExcludeBought::Auto)
        return setting == ExcludeBought::On;
    return resolveExcludeBought(setting, datasetStats(ds).repeatRate);
}

const char* rankAmongName(bool excluded) {
    return excluded ? "not_yet_bought" : "all_items";
}

void maskExcluded(float* row, size_t n, const std::vector<ItemIndex>& excluded, ItemIndex keep) {
    for (ItemIndex i : excluded)
        if (i != keep && i >= 0 && static_cast<size_t>(i) < n)
            row[static_cast<size_t>(i)] = kMinusInf;
}

CandidateFilterModel::CandidateFilterModel(const SequenceModel& model,
                                           std::vector<ItemIndex> excluded, ItemIndex keep)
    : ForwardingModel(model)
    , m_excluded(std::move(excluded))
    , m_keep(keep >= 0 ? std::vector<ItemIndex>{keep} : std::vector<ItemIndex>{}) {
    std::sort(m_excluded.begin(), m_excluded.end());
    m_excluded.erase(std::unique(m_excluded.begin(), m_excluded.end()), m_excluded.end());
}

CandidateFilterModel CandidateFilterModel::perHistory(const SequenceModel& model, ItemIndex keep) {
    CandidateFilterModel m(model, {}, keep);
    m.m_perHistory = true;
    return m;
}

CandidateFilterModel CandidateFilterModel::perHistory(const SequenceModel& model,
                                                      std::vector<ItemIndex> keep) {
    CandidateFilterModel m(model, {});
    m.m_keep = std::move(keep);
    m.m_perHistory = true;
    return m;
}

bool CandidateFilterModel::isKept(ItemIndex item) const {
    return std::find(m_keep.begin(), m_keep.end(), item) != m_keep.end();
}

bool CandidateFilterModel::isExcluded(const History& h, ItemIndex item) const {
    if (isKept(item))
        return false;
    if (m_perHistory)
        return std::find(h.begin(), h.end(), item) != h.end();
    return std::binary_search(m_excluded.begin(), m_excluded.end(), item);
}

std::vector<float> CandidateFilterModel::scoreAll(const std::vector<History>& histories) const {
    auto out = inner().scoreAll(histories);
    if (!active())
        return out;
    const size_t n = static_cast<size_t>(itemCount());
    for (size_t r = 0; r < histories.size(); ++r) {
        float* row = out.data() + r * n;
        for (ItemIndex i : m_perHistory ? histories[r] : m_excluded)
            if (i >= 0 && static_cast<size_t>(i) < n && !isKept(i))
                row[static_cast<size_t>(i)] = kMinusInf;
    }
    return out;
}

std::vector<float> CandidateFilterModel::scoreTargets(const std::vector<History>& histories,
                                                      const std::vector<ItemIndex>& targets) const {
    auto out = inner().scoreTargets(histories, targets);
    if (!active())
        return out;
    for (size_t r = 0; r < histories.size() && r < targets.size(); ++r)
        if (isExcluded(histories[r], targets[r]))
            out[r] = kMinusInf;
    return out;
}

} // namespace reclens
