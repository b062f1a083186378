#include "project/feedbacksummary.h"

#include <algorithm>
#include <map>

namespace reclens {

FeedbackSummary summarizeFeedback(const std::vector<Feedback>& feedback,
                                  const std::vector<std::string>& methods) {
    FeedbackSummary s;
    std::map<std::string, MethodFeedback> byMethod;
    for (const Feedback& f : feedback) {
        MethodFeedback& m = byMethod[f.method];
        m.method = f.method;
        switch (f.rating) {
        case FeedbackRating::Helpful:
            ++m.helpful;
            break;
        case FeedbackRating::Wrong:
            ++m.wrong;
            break;
        case FeedbackRating::Unclear:
            ++m.unclear;
            break;
        }
        ++s.ratings;
    }
    // Engine order first, then unknown rated methods by name (std::map order): the stable sort
    // below keeps this order among equal nets, which is the tie rule.
    for (const std::string& name : methods) {
        auto it = byMethod.find(name);
        MethodFeedback m;
        m.method = name;
        if (it != byMethod.end()) {
            m = it->second;
            byMethod.erase(it);
        }
        s.ranking.push_back(m);
    }
    for (const auto& [name, m] : byMethod)
        s.ranking.push_back(m);
    std::stable_sort(
        s.ranking.begin(), s.ranking.end(),
        [](const MethodFeedback& a, const MethodFeedback& b) { return a.net() > b.net(); });
    if (s.ratings > 0 && !s.ranking.empty())
        s.preferredMethod = s.ranking.front().method;
    else if (!methods.empty())
        s.preferredMethod = methods.front();
    return s;
}

} // namespace reclens
