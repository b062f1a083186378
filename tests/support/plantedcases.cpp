#include "plantedcases.h"

#include "eval/evaluator.h"
#include "explain/candidatefilter.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace reclens::test {

std::vector<PlantedCase> plantedCases(const Dataset& ds, const std::string& dir) {
    std::vector<PlantedCase> out;
    std::ifstream in(dir + "/ground_truth.json");
    if (!in)
        return out;
    const auto gt = nlohmann::json::parse(in);
    for (const auto& c : gt.at("cases")) {
        const UserIndex u = ds.findUser(c.at("user").get<std::string>());
        const ItemIndex t = ds.findItem(c.at("target").get<std::string>());
        if (u >= 0 && t >= 0 && ds.targetFor(u, EvalSplit::Test) == t)
            out.push_back({u, t});
    }
    return out;
}

double rankOneShare(const SequenceModel& model, const Dataset& ds,
                    const std::vector<PlantedCase>& cases, bool excludeBought) {
    if (cases.empty())
        return -1.0;
    const auto filter =
        excludeBought ? CandidateFilterModel::perHistory(model) : CandidateFilterModel(model, {});
    std::vector<History> hs;
    for (const PlantedCase& c : cases)
        hs.push_back(ds.historyFor(c.user, EvalSplit::Test));
    int hits = 0;
    const size_t n = static_cast<size_t>(model.itemCount());
    for (size_t b = 0; b < hs.size(); b += 256) {
        const size_t e = std::min(hs.size(), b + 256);
        const auto rows =
            filter.scoreAll(std::vector<History>(hs.begin() + static_cast<std::ptrdiff_t>(b),
                                                 hs.begin() + static_cast<std::ptrdiff_t>(e)));
        for (size_t i = b; i < e; ++i)
            hits += rankOfTarget(rows.data() + (i - b) * n, n, cases[i].target) == 1;
    }
    return static_cast<double>(hits) / static_cast<double>(cases.size());
}

} // namespace reclens::test
