// Small shared helpers of the explanation engine: ranks, edits, method parsing, statistics.

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include "eval/evaluator.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace reclens {

ExplainMethods ExplainMethods::none() {
    ExplainMethods m;
    m.attention = m.gradient = m.ig = m.loo = m.shapley = m.whatIf = m.counterfactual =
        m.faithfulness = m.features = false;
    return m;
}

ExplainMethods parseExplainMethods(const std::string& list, std::vector<std::string>* unknown) {
    ExplainMethods m = ExplainMethods::none();
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name.empty())
            continue;
        if (name == "all")
            m = ExplainMethods::all();
        else if (name == "attention")
            m.attention = true;
        else if (name == "grad" || name == "gradient" || name == "grad_x_input")
            m.gradient = true;
        else if (name == "ig")
            m.ig = true;
        else if (name == "loo")
            m.loo = true;
        else if (name == "shapley")
            m.shapley = true;
        else if (name == "whatif")
            m.whatIf = true;
        else if (name == "counterfactual")
            m.counterfactual = true;
        else if (name == "faithfulness")
            m.faithfulness = true;
        else if (name == "features")
            m.features = true;
        else if (name == "list_shapley")
            m.listShapley = true;
        else if (unknown)
            unknown->push_back(name);
    }
    return m;
}

int rankOf(const std::vector<float>& scores, ItemIndex target) {
    return rankInRow(scores.data(), scores.size(), target);
}

int rankInRow(const float* row, size_t n, ItemIndex target) {
    const float s = row[target];
    int higher = 0;
    for (size_t i = 0; i < n; ++i)
        higher += row[i] > s ? 1 : 0;
    return higher + 1;
}

std::vector<RankedItem> topKInRow(const float* row, size_t n, int k) {
    const auto top = topK(row, static_cast<int>(n), k);
    std::vector<RankedItem> out;
    out.reserve(top.size());
    for (size_t p = 0; p < top.size(); ++p) {
        const float s = row[top[p]];
        // -infinity marks an item the candidate filter excluded (candidatefilter.h): it is not
        // a candidate, so it never appears in a list, even when k exceeds the candidates.
        if (std::isinf(s) && s < 0)
            break;
        // The rank as rankInRow counts it (1 + items scored strictly higher), without another
        // pass over the row: every item scored higher than s stands before it in the list, and
        // items tied with s start where s's first tie does. A NaN has nothing scored higher.
        int rank = 1;
        if (!std::isnan(s)) {
            size_t first = p;
            while (first > 0 && row[top[first - 1]] == s)
                --first;
            rank = static_cast<int>(first) + 1;
        }
        out.push_back({top[p], s, rank});
    }
    return out;
}

std::vector<RankedItem> topKOf(const std::vector<float>& scores, int k) {
    return topKInRow(scores.data(), scores.size(), k);
}

History clipHistory(const History& history, int maxLength) {
    if (maxLength <= 0 || static_cast<int>(history.size()) <= maxLength)
        return history;
    return History(history.end() - maxLength, history.end());
}

History removePositions(const History& history, const std::vector<int>& positions) {
    std::vector<char> drop(history.size(), 0);
    for (int p : positions)
        if (p >= 0 && p < static_cast<int>(history.size()))
            drop[static_cast<size_t>(p)] = 1;
    History out;
    out.reserve(history.size());
    for (size_t i = 0; i < history.size(); ++i)
        if (!drop[i])
            out.push_back(history[i]);
    return out;
}

History applyEdits(const History& history, const std::vector<HistoryEdit>& edits, int itemCount) {
    History h = history;
    auto checkPos = [&](int p, int limit, const char* what) {
        if (p < 0 || p > limit)
            throw std::invalid_argument(std::string(what) + " position " + std::to_string(p) +
                                        " is outside 0.." + std::to_string(limit));
    };
    auto checkItem = [&](ItemIndex i) {
        if (i < 0 || i >= itemCount)
            throw std::invalid_argument("item index " + std::to_string(i) + " is outside 0.." +
                                        std::to_string(itemCount - 1));
    };
    for (const auto& e : edits) {
        const int n = static_cast<int>(h.size());
        switch (e.kind) {
        case HistoryEdit::Kind::Remove:
            checkPos(e.position, n - 1, "remove");
            h.erase(h.begin() + e.position);
            break;
        case HistoryEdit::Kind::Insert:
            checkPos(e.position, n, "insert");
            checkItem(e.item);
            h.insert(h.begin() + e.position, e.item);
            break;
        case HistoryEdit::Kind::Move: {
            checkPos(e.position, n - 1, "move");
            checkPos(e.toPosition, n - 1, "move target");
            const ItemIndex it = h[static_cast<size_t>(e.position)];
            h.erase(h.begin() + e.position);
            h.insert(h.begin() + e.toPosition, it);
            break;
        }
        case HistoryEdit::Kind::Replace:
            checkPos(e.position, n - 1, "replace");
            checkItem(e.item);
            h[static_cast<size_t>(e.position)] = e.item;
            break;
        }
    }
    return h;
}

float kendallTau(const std::vector<float>& a, const std::vector<float>& b) {
    const size_t n = std::min(a.size(), b.size());
    double concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            const double da = a[i] - a[j];
            const double db = b[i] - b[j];
            if (da == 0 && db == 0)
                continue;
            if (da == 0)
                tiesA += 1;
            else if (db == 0)
                tiesB += 1;
            else if ((da > 0) == (db > 0))
                concordant += 1;
            else
                discordant += 1;
        }
    const double denom =
        std::sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
    return denom > 0 ? static_cast<float>((concordant - discordant) / denom) : 0.0f;
}

float normalisedCurveAuc(const std::vector<float>& x, const std::vector<float>& scores, float low,
                         float high) {
    const size_t n = std::min(x.size(), scores.size());
    if (n < 2)
        return 0.0f;
    const double denom = std::max(1e-6, static_cast<double>(high) - low);
    double area = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
        const double y0 = (scores[i] - low) / denom;
        const double y1 = (scores[i + 1] - low) / denom;
        area += 0.5 * (y0 + y1) * (static_cast<double>(x[i + 1]) - x[i]);
    }
    return static_cast<float>(area);
}

const Attribution* ExplanationBundle::attribution(const std::string& method) const {
    for (const auto& a : attributions)
        if (a.method == method)
            return &a;
    return nullptr;
}

} // namespace reclens
