// reclens-cli explain --top-k-all: LOO, IG and Shapley for each of the top-K at once.

#include "cmd_explaintopk.h"

#include "cliargs.h"
#include "cmd_modelshared.h"
#include "explain/explainmethods.h"
#include "explain/explanationjson.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sstream>

namespace reclens::cli {

ExplainMethods topKAllMethods(bool methodsGiven, const ExplainMethods& asked) {
    ExplainMethods m = ExplainMethods::none();
    if (!methodsGiven) {
        // "Why this list" rides on Shapley's coalitions: no extra forward pass.
        m.loo = m.ig = m.shapley = m.listShapley = true;
        return m;
    }
    if (asked.attention || asked.gradient || asked.whatIf || asked.counterfactual ||
        asked.faithfulness)
        throw UsageError{"--top-k-all runs loo, ig, shapley (and features, list_shapley); "
                         "--methods may only name those"};
    m.loo = asked.loo;
    m.ig = asked.ig;
    m.shapley = asked.shapley;
    m.features = asked.features;
    m.listShapley = asked.listShapley;
    return m;
}

namespace {

/// "id (value)" of the position with the largest attribution, or "-".
std::string topDriver(const Dataset& ds, const ExplanationBundle& b, const std::string& method) {
    const Attribution* a = b.attribution(method);
    if (!a || a->values.empty())
        return "-";
    const auto it = std::max_element(a->values.begin(), a->values.end());
    const ItemIndex item = b.history[static_cast<size_t>(it - a->values.begin())];
    std::ostringstream os;
    os << ds.items[static_cast<size_t>(item)].id << " (" << std::setprecision(3) << *it << ")";
    return os.str();
}

} // namespace

int printTopKAll(const SequenceModel& model, const Dataset& ds, const History& history,
                 const ExplainConfig& config, const std::string& userId, bool json,
                 const ExcludeBoughtChoice& exclusion) {
    const std::vector<ExplanationBundle> all = explainTopK(model, ds, history, config.k, config);
    if (json) {
        auto j = topKToJson(all, ds, userId);
        addExcludeBoughtJson(j, exclusion);
        std::cout << jsonText(j) << "\n";
        return ExitOk;
    }
    std::cout << "Customer " << userId << ": top-" << all.size() << " explained over "
              << history.size() << " purchases"
              << (exclusion.excluded ? " (ranks among products not yet bought)" : "")
              << "; strongest purchase per method\n\n";
    std::cout << std::setw(4) << "rank"
              << "  " << std::left << std::setw(14) << "item";
    for (const char* m : {"loo", "ig", "shapley"})
        std::cout << std::setw(28) << m;
    std::cout << std::right << "\n";
    for (const auto& b : all) {
        std::cout << std::setw(4) << b.targetRank << "  " << std::left << std::setw(14)
                  << ds.items[static_cast<size_t>(b.target)].id.substr(0, 13);
        for (const char* m : {"loo", "ig", "shapley"})
            std::cout << std::setw(28) << topDriver(ds, b, m);
        std::cout << std::right << "\n";
    }
    if (!all.empty() && all.front().listShapley) {
        const ListShapleyExplanation& l = *all.front().listShapley;
        std::cout << "\nWhy this list (Kendall tau of the top-" << l.k << " order; prior order tau "
                  << std::setprecision(3) << l.shapley.scoreEmpty << "):";
        for (size_t t = 0; t < history.size(); ++t)
            std::cout << " " << ds.items[static_cast<size_t>(history[t])].id << " "
                      << l.shapley.values[t];
        std::cout << "\n";
    }
    if (!all.empty())
        std::cout << "\nTotal " << std::setprecision(1) << std::fixed
                  << all.front().timingsMs.at("total") << " ms\n";
    return ExitOk;
}

} // namespace reclens::cli
