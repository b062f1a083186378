#include "workbenchstate.h"

namespace reclens {

bool WorkbenchState::excludeBoughtActive() const {
    return dataset && resolveExcludeBought(excludeBought, repeatRate);
}

History WorkbenchState::boughtBy(UserIndex u) const {
    if (!excludeBoughtActive() || u < 0 || u >= static_cast<UserIndex>(dataset->users.size()))
        return {};
    return dataset->users[static_cast<size_t>(u)].sequence;
}

History WorkbenchState::historyOf(UserIndex u) const {
    if (!dataset || u < 0 || u >= static_cast<UserIndex>(dataset->users.size()))
        return {};
    const auto& seq = dataset->users[static_cast<size_t>(u)].sequence;
    int maxLen = model ? model->maxLength() : static_cast<int>(seq.size());
    return clipHistory(seq, maxLen);
}

} // namespace reclens
