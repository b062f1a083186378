#pragma once
// Internal: the LXR curves in two halves, so evaluateFaithfulness can put their histories in
// its own pool and score everything in one model call. planLxr adds the histories and remembers
// where each step's history sits in the pool; finishLxr turns the pool's scores into curves.

#include "explain/historypool.h"
#include "explain/lxr.h"

namespace reclens {

struct LxrOrderPlan {
    std::string method;
    std::vector<std::vector<size_t>> pos, neg, posFixed, negFixed; // [order][step] → pool index
};

struct LxrPlan {
    LxrReport shape; // ks, fractions, counts, randomOrders; no curves yet
    std::vector<LxrOrderPlan> methods;
    std::vector<LxrOrderPlan> references;
};

LxrPlan planLxr(HistoryPool& pool, const History& history,
                const std::vector<Attribution>& attributions,
                const std::vector<std::vector<int>>& randomOrders,
                const std::vector<std::int64_t>* popularity);

LxrReport finishLxr(const LxrPlan& plan, const std::vector<float>& scores,
                    const std::vector<int>& ranks);

} // namespace reclens
