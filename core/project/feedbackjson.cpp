#include "project/feedbackjson.h"

#include <algorithm>

namespace reclens {

nlohmann::json feedbackJson(const std::vector<Feedback>& feedback, const std::string& customer,
                            const std::vector<std::string>& targets) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Feedback& f : feedback) {
        if (f.customer != customer ||
            std::find(targets.begin(), targets.end(), f.target) == targets.end())
            continue;
        rows.push_back({{"customer", f.customer},
                        {"target", f.target},
                        {"method", f.method},
                        {"rating", feedbackRatingName(f.rating)},
                        {"comment", f.comment},
                        {"time", f.time}});
    }
    return rows;
}

nlohmann::json notesJson(const std::vector<Note>& notes) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Note& n : notes)
        rows.push_back(
            {{"customer", n.customer}, {"target", n.target}, {"text", n.text}, {"time", n.time}});
    return rows;
}

} // namespace reclens
