#include "train/heldouttransitions.h"

#include <algorithm>

namespace reclens {

HeldOutTransitions makeHeldOutTransitions(const Dataset& ds, int positions) {
    HeldOutTransitions out;
    out.positions = std::max(0, positions);
    out.cut.assign(ds.users.size(), 0);
    if (out.positions == 0)
        return out; // nothing held out: train() validates on the validation purchases
    out.valid.name = ds.name;
    out.valid.sourcePath = ds.sourcePath;
    out.valid.items = ds.items;
    for (std::size_t u = 0; u < ds.users.size(); ++u) {
        const User& user = ds.users[u];
        if (user.validPos < 0)
            continue; // no validation target: the customer trains as before
        // Training keeps at least two thirds of the prefix (and two purchases): holding out
        // half of a short history judged the trials on models that saw too little of it.
        const std::int32_t cut = std::clamp((user.validPos - 2) / 3, 0, out.positions);
        out.cut[u] = cut;
        for (std::int32_t p = user.validPos - cut; p <= user.validPos; ++p) {
            User pseudo;
            pseudo.id = user.id + "#" + std::to_string(p);
            pseudo.sequence.assign(user.sequence.begin(), user.sequence.begin() + p + 1);
            if (!user.times.empty())
                pseudo.times.assign(user.times.begin(), user.times.begin() + p + 1);
            pseudo.validPos = p;
            out.valid.users.push_back(std::move(pseudo));
            ++out.transitions;
        }
    }
    out.valid.finalize();
    return out;
}

} // namespace reclens
