#pragma once
// What the analysts said about the attribution methods of one project (one dataset): how often
// each method's explanations were rated helpful, wrong or unclear, and which method to show
// first because of it.

#include "project/project.h"

#include <string>
#include <vector>

namespace reclens {

struct MethodFeedback {
    std::string method; // engine id
    int helpful = 0;
    int wrong = 0;
    int unclear = 0;
    int net() const { return helpful - wrong; }
    int total() const { return helpful + wrong + unclear; }
};

struct FeedbackSummary {
    /// Best first: highest net (helpful - wrong); ties keep the engine's order of `methods`
    /// (so the engine default wins a tie). Every method of `methods` is listed, rated or not,
    /// then any rated method that `methods` does not know, in name order.
    std::vector<MethodFeedback> ranking;
    int ratings = 0; // feedback rows counted
    /// ranking.front().method, or the engine default (methods.front()) when there is no
    /// feedback; "" when both are empty.
    std::string preferredMethod;
};

/// Summarises `feedback`. `methods` is the engine's method order, its default first (the
/// workbench passes its method selector's order).
FeedbackSummary summarizeFeedback(const std::vector<Feedback>& feedback,
                                  const std::vector<std::string>& methods);

} // namespace reclens
