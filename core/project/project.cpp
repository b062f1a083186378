#include "project/project.h"

#include <algorithm>

namespace reclens {

const char* feedbackRatingName(FeedbackRating r) {
    switch (r) {
    case FeedbackRating::Helpful:
        return "helpful";
    case FeedbackRating::Wrong:
        return "wrong";
    case FeedbackRating::Unclear:
        return "unclear";
    }
    return "helpful";
}

bool parseFeedbackRating(const std::string& name, FeedbackRating& out) {
    for (FeedbackRating r :
         {FeedbackRating::Helpful, FeedbackRating::Wrong, FeedbackRating::Unclear})
        if (name == feedbackRatingName(r)) {
            out = r;
            return true;
        }
    return false;
}

std::string Project::setting(const std::string& key, const std::string& fallback) const {
    for (const Setting& s : settings)
        if (s.key == key)
            return s.value;
    return fallback;
}

void Project::setSetting(const std::string& key, const std::string& value) {
    for (Setting& s : settings)
        if (s.key == key) {
            s.value = value;
            return;
        }
    settings.push_back({key, value});
}

void Project::addFeedback(const Feedback& f) {
    feedback.erase(std::remove_if(feedback.begin(), feedback.end(),
                                  [&](const Feedback& o) {
                                      return o.customer == f.customer && o.target == f.target &&
                                             o.method == f.method;
                                  }),
                   feedback.end());
    feedback.push_back(f);
}

std::vector<Feedback> Project::feedbackFor(const std::string& customer,
                                           const std::string& target) const {
    std::vector<Feedback> out;
    for (const Feedback& f : feedback)
        if (f.customer == customer && f.target == target)
            out.push_back(f);
    return out;
}

bool operator==(const ImportOptions& a, const ImportOptions& b) {
    const CatalogColumns &ca = a.catalogColumns, &cb = b.catalogColumns;
    return a.format == b.format && a.catalogPath == b.catalogPath && a.userColumn == b.userColumn &&
           a.itemColumn == b.itemColumn && a.timeColumn == b.timeColumn && ca.item == cb.item &&
           ca.title == cb.title && ca.category == cb.category && ca.brand == cb.brand &&
           ca.price == cb.price && a.kCore == b.kCore && a.limits.maxItems == b.limits.maxItems &&
           a.limits.maxUsers == b.limits.maxUsers && a.limits.maxHistory == b.limits.maxHistory;
}

bool operator==(const Project& a, const Project& b) {
    return a.datasetPath == b.datasetPath && a.note == b.note &&
           a.importOptions == b.importOptions && a.checkpoints == b.checkpoints &&
           a.settings == b.settings && a.pinnedCustomers == b.pinnedCustomers &&
           a.bookmarks == b.bookmarks && a.whatIfEdits == b.whatIfEdits && a.notes == b.notes &&
           a.feedback == b.feedback;
}

} // namespace reclens
