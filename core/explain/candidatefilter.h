#pragma once
// "Exclude products the customer already bought": the one candidate filter every ranking in
// RecLens goes through (recommend, evaluate, explain, explain-item, report, top-K, the GUI).
//
// The filter is a SequenceModel decorator: excluded items get a score of -infinity in every
// scoreAll/scoreTargets row, so each rank and top-K list computed from those rows (explanation
// ranks, leave-one-out, counterfactual searches, their fresh-pass verification, merchant
// views) is a rank among the candidates actually shown, with no second code path.
//
// What "bought" means:
//  - For one customer (explain, recommend, top-K, the GUI) the excluded set is the customer's
//    ORIGINAL history, fixed across what-if and counterfactual edits, so ranks before and after
//    an edit are among the same candidates and stay comparable. An item explicitly chosen as
//    the explained target stays a candidate even if bought (keep), and the JSON says so.
//  - Across many customers (evaluation, merchant views) each scored history excludes its own
//    items (perHistory): the history is that customer's real purchases at prediction time.

#include "data/datasetstats.h"
#include "explain/forwardingmodel.h"

#include <string>
#include <vector>

namespace reclens {

/// The user-facing setting (`--exclude-bought auto|on|off`, the GUI checkbox).
enum class ExcludeBought { Auto, On, Off };

// Auto's threshold is kExcludeBoughtRepeatThreshold (data/datasetstats.h).

/// "auto", "on", "off" -> setting; false for anything else.
bool parseExcludeBought(const std::string& text, ExcludeBought& out);
std::string excludeBoughtName(ExcludeBought setting);
/// Whether bought products are excluded for a dataset with this repeat-purchase rate.
bool resolveExcludeBought(ExcludeBought setting, double repeatRate);
bool resolveExcludeBought(ExcludeBought setting, const Dataset& ds);
/// What ranks are among, for JSON ("rank_among"): "not_yet_bought" or "all_items".
const char* rankAmongName(bool excluded);

/// Sets row[i] = -infinity for each excluded item except `keep` (row has n entries).
void maskExcluded(float* row, size_t n, const std::vector<ItemIndex>& excluded,
                  ItemIndex keep = -1);

/// The decorator. Disabled (no exclusion) it forwards untouched.
class CandidateFilterModel final : public ForwardingModel {
public:
    /// Fixed set: `excluded` (a customer's original history) is removed from every row,
    /// except `keep` (an explicitly requested target; -1 = none).
    CandidateFilterModel(const SequenceModel& model, std::vector<ItemIndex> excluded,
                         ItemIndex keep = -1);
    /// Each history excludes its own items (except `keep`).
    static CandidateFilterModel perHistory(const SequenceModel& model, ItemIndex keep = -1);
    /// Each history excludes its own items except every one of `keep`: a merchant view that
    /// compares two products keeps both, so they are ranked among the same candidates.
    static CandidateFilterModel perHistory(const SequenceModel& model, std::vector<ItemIndex> keep);

    bool active() const { return m_perHistory || !m_excluded.empty(); }
    const std::vector<ItemIndex>& excluded() const { return m_excluded; }

    std::vector<float> scoreAll(const std::vector<History>& histories) const override;
    std::vector<float> scoreTargets(const std::vector<History>& histories,
                                    const std::vector<ItemIndex>& targets) const override;

private:
    std::vector<ItemIndex> m_excluded; // sorted, unique
    std::vector<ItemIndex> m_keep;     // never excluded (explicitly requested targets)
    bool m_perHistory = false;
    bool isExcluded(const History& h, ItemIndex item) const;
    bool isKept(ItemIndex item) const;
};

} // namespace reclens
