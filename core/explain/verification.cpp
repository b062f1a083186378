// Independent re-checks of counterfactuals, what-if results, Shapley efficiency and the facts
// the summary states. See verification.h for why the verifier is never the bundle's memo.

#include "explain/verification.h"

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>

namespace reclens {

namespace {

/// Scores of the same history from two passes count as the same answer within float rounding
/// of differently padded batches; anything larger means the passes disagree.
bool sameScore(float a, float b) {
    return std::fabs(a - b) <= 1e-4f * std::max(1.0f, std::fabs(a));
}

int argmaxPositive(const std::vector<float>& v) {
    if (v.empty())
        return -1;
    const auto it = std::max_element(v.begin(), v.end());
    return *it > 0 ? static_cast<int>(it - v.begin()) : -1;
}

/// Ranks agree where equal, or where the scores agree and only a near-tie flipped.
bool ranksAgree(const std::vector<int>& fresh, const std::vector<float>& freshScores,
                const std::vector<int>& reported, const std::vector<float>& reportedScores) {
    if (fresh.size() != reported.size() || freshScores.size() != reportedScores.size())
        return false;
    for (size_t i = 0; i < fresh.size(); ++i)
        if (!sameScore(freshScores[i], reportedScores[i]))
            return false;
    return true;
}

} // namespace

void verifyCounterfactual(const SequenceModel& verifier, const History& history, ItemIndex target,
                          int k, CounterfactualResult& r) {
    r.verified = false;
    if (!r.found)
        return;
    for (size_t i = 0; i < r.removedPositions.size(); ++i) {
        const int p = r.removedPositions[i];
        if (p < 0 || static_cast<size_t>(p) >= history.size() || i >= r.removedItems.size() ||
            history[static_cast<size_t>(p)] != r.removedItems[i])
            return; // the set does not describe this history
    }
    const size_t n = static_cast<size_t>(verifier.itemCount());
    const auto row = verifier.scoreAll({removePositions(history, r.removedPositions)});
    r.newRank = rankInRow(row.data(), n, target);
    r.newScore = row[static_cast<size_t>(target)];
    const int threshold = r.goal == CounterfactualGoal::ReplaceTop1 ? 1 : k;
    r.verified = r.removedPositions.size() > 0 && r.newRank > threshold;
    const auto top = topKInRow(row.data(), n, std::max(1, r.originalRank));
    const size_t slot = r.goal == CounterfactualGoal::ReplaceTop1
                            ? 0
                            : static_cast<size_t>(std::max(0, r.originalRank - 1));
    r.replacement = slot < top.size() ? top[slot].item : -1;
}

void verifyWhyAbove(const SequenceModel& verifier, const History& history, WhyAboveResult& r) {
    r.verified = false;
    if (!r.found)
        return;
    for (size_t i = 0; i < r.removedPositions.size(); ++i) {
        const int p = r.removedPositions[i];
        if (p < 0 || static_cast<size_t>(p) >= history.size() || i >= r.removedItems.size() ||
            history[static_cast<size_t>(p)] != r.removedItems[i])
            return;
    }
    const History edited = removePositions(history, r.removedPositions);
    const auto v = verifier.scoreTargets({edited, edited}, {r.a, r.b});
    r.newScoreA = v[0];
    r.newScoreB = v[1];
    r.verified = !r.removedPositions.empty() && v[1] > v[0];
}

void verifyWhatIf(const SequenceModel& verifier, WhatIfResult& r) {
    const size_t n = static_cast<size_t>(verifier.itemCount());
    const auto row = verifier.scoreAll({r.edited});
    const auto top = topKInRow(row.data(), n, static_cast<int>(r.after.size()));
    bool same = top.size() == r.after.size();
    for (size_t i = 0; same && i < top.size(); ++i)
        same = top[i].item == r.after[i].item && sameScore(top[i].score, r.after[i].score);
    if (same && r.target >= 0 && static_cast<size_t>(r.target) < n)
        same = sameScore(row[static_cast<size_t>(r.target)], r.targetChange.newScore);
    r.verified = same;
}

void verifyShapleyEfficiency(const SequenceModel& verifier, const History& history,
                             ItemIndex target, ShapleyExplanation& s) {
    // Context positions (not players) are present in every coalition, the empty one too.
    std::vector<char> isPlayer(history.size(), 0);
    for (int p : s.players)
        if (p >= 0 && static_cast<size_t>(p) < history.size())
            isPlayer[static_cast<size_t>(p)] = 1;
    History context;
    for (size_t t = 0; t < history.size(); ++t)
        if (!isPlayer[t])
            context.push_back(history[t]);
    const auto v = verifier.scoreTargets({history, context}, {target, target});
    double sum = 0;
    for (float x : s.values)
        sum += x;
    s.freshScoreAll = v[0];
    s.freshScoreEmpty = v[1];
    s.efficiencyGap = static_cast<float>(std::fabs(sum - (static_cast<double>(v[0]) - v[1])));
    s.efficiencyIndependent = true;
}

namespace {

/// Compares one bundle's numbers with the fresh rows and names the decisive purchase.
/// `ranks`/`scores` are [histories × targets] with the layout verifyFactsOfTargets builds.
VerifiedFacts factsOf(const ExplanationBundle& b, bool occ, const std::vector<int>& ranks,
                      const std::vector<float>& scores, size_t K, size_t k) {
    VerifiedFacts f;
    const History& h = b.history;
    const size_t n = h.size();
    const bool loo = b.loo.has_value() && b.loo->ranks.size() == n;
    occ = occ && loo && b.loo->occlusionRanks.size() == n;
    const auto at = [&](size_t row) {
        return row * K + k;
    };
    f.checked = true;
    f.targetRank = ranks[at(0)];
    f.targetScore = scores[at(0)];
    f.rankAgrees = f.targetRank == b.targetRank || sameScore(f.targetScore, b.targetScore);
    if (loo) {
        std::vector<float> s;
        for (size_t t = 0; t < n; ++t) {
            f.looRanks.push_back(ranks[at(1 + t)]);
            s.push_back(scores[at(1 + t)]);
        }
        f.looAgrees = ranksAgree(f.looRanks, s, b.loo->ranks, b.loo->scores);
    }
    if (occ) {
        std::vector<float> s;
        for (size_t t = 0; t < n; ++t) {
            f.occlusionRanks.push_back(ranks[at(1 + n + t)]);
            s.push_back(scores[at(1 + n + t)]);
        }
        f.occlusionAgrees =
            ranksAgree(f.occlusionRanks, s, b.loo->occlusionRanks, b.loo->occlusionScores);
    }
    if (!f.rankAgrees || !loo || !f.looAgrees || (occ && !f.occlusionAgrees))
        return f; // nothing below may be named from numbers a fresh pass does not reproduce

    // The decisive purchase: the strongest in-place occlusion effect (positions kept, so no
    // shift of the other purchases is mixed in), or the strongest removal where the model
    // cannot occlude; named only when an independent method points at the same purchase.
    const int looTop = argmaxPositive(b.loo->effect);
    const int occTop = occ ? argmaxPositive(b.loo->occlusionEffect) : -1;
    const int primary = occ ? occTop : looTop;
    if (primary < 0)
        return f;
    std::string evidence;
    const auto add = [&](const char* what) {
        evidence += std::string("+") + what;
    };
    if (b.counterfactual && b.counterfactual->verified) {
        const auto& set = b.counterfactual->removedPositions;
        if (std::find(set.begin(), set.end(), primary) != set.end())
            add("counterfactual");
    }
    if (b.shapley && b.shapley->exact && b.shapley->values.size() == n &&
        argmaxPositive(b.shapley->values) == primary)
        add("shapley");
    if (occ && looTop == primary)
        add("loo");
    if (evidence.empty())
        return f;
    f.causePosition = primary;
    f.causeEvidence = (occ ? "occlusion" : "loo") + evidence;
    return f;
}

} // namespace

std::vector<History> factRowHistories(const History& h, bool occlusion) {
    // Rows: the history, each single removal, each in-place occlusion (when the model can).
    std::vector<History> batch{h};
    for (size_t t = 0; t < h.size(); ++t)
        batch.push_back(removePositions(h, {static_cast<int>(t)}));
    for (size_t t = 0; occlusion && t < h.size(); ++t) {
        History masked = h;
        masked[t] = kMaskedSlot;
        batch.push_back(std::move(masked));
    }
    return batch;
}

FactRows scoreFactRows(const SequenceModel& verifier, const History& h) {
    FactRows fresh;
    fresh.history = h;
    fresh.occlusion = verifier.supportsMaskedSlots();
    fresh.items = static_cast<size_t>(verifier.itemCount());
    fresh.rows = scoreAllChunked(verifier, factRowHistories(h, fresh.occlusion));
    return fresh;
}

std::vector<VerifiedFacts> verifyFactsOfTargets(const FactRows& fresh,
                                                const std::vector<const ExplanationBundle*>& bs) {
    const size_t K = bs.size();
    const size_t items = fresh.items;
    const size_t histories = items > 0 ? fresh.rows.size() / items : 0;
    std::vector<int> ranks(histories * K);
    std::vector<float> scores(histories * K);
    for (size_t r = 0; r < histories; ++r)
        for (size_t k = 0; k < K; ++k) {
            const float* row = fresh.rows.data() + r * items;
            scores[r * K + k] = row[static_cast<size_t>(bs[k]->target)];
            ranks[r * K + k] = rankInRow(row, items, bs[k]->target);
        }
    std::vector<VerifiedFacts> out;
    for (size_t k = 0; k < K; ++k) {
        // Rows of another history check nothing: the facts stay unchecked.
        const bool same = bs[k]->history == fresh.history &&
                          histories == 1 + fresh.history.size() * (fresh.occlusion ? 2 : 1);
        out.push_back(same ? factsOf(*bs[k], fresh.occlusion, ranks, scores, K, k)
                           : VerifiedFacts{});
    }
    return out;
}

std::vector<VerifiedFacts> verifyFactsOfTargets(const SequenceModel& verifier,
                                                const std::vector<const ExplanationBundle*>& bs) {
    if (bs.empty())
        return {};
    return verifyFactsOfTargets(scoreFactRows(verifier, bs.front()->history), bs);
}

VerifiedFacts verifyFacts(const SequenceModel& verifier, const ExplanationBundle& b) {
    return verifyFactsOfTargets(verifier, {&b}).front();
}

VerifiedFacts verifyFacts(const FactRows& fresh, const ExplanationBundle& b) {
    return verifyFactsOfTargets(fresh, {&b}).front();
}

} // namespace reclens
