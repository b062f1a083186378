#include "explain/methodnames.h"

#include <map>

namespace reclens {

std::string methodDisplayName(const std::string& method) {
    static const std::map<std::string, std::string> names = {
        {"grad", "Gradient (L2 norm)"},
        {"occlusion", "Occlusion in place"},
        {"grad_x_input", "Gradient \xc3\x97 input"},
        {"ig", "Integrated gradients"},
        {"loo", "Leave-one-out"},
        {"shapley", "Shapley values"},
        {"attention_rollout", "Attention rollout"},
        {"random", "Random order"},
        {"popularity", "Popularity order"},
    };
    const auto it = names.find(method);
    return it == names.end() ? method : it->second;
}

} // namespace reclens
