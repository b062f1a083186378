#include "test_report_fixtures.h"

#include <array>
#include <cstdio>
#include <sys/wait.h>

namespace reclens::test {

Dataset reportDataset(const std::string& userId) {
    Dataset ds;
    ds.name = "handmade & <test>";
    ds.sourcePath = "/data/hand\"made\".csv";
    const std::array<std::string, 8> titles = {kScriptTitle,         kQuoteTitle,  kUnicodeTitle,
                                               "bad \xff\xfe bytes", "Plain lamp", "Candle",
                                               "Teapot, blue",       "Vase"};
    for (std::size_t i = 0; i < titles.size(); ++i) {
        Item it;
        it.id = "I";
        it.id += std::to_string(i);
        if (i == 1)
            it.id += "<x>";
        it.title = titles[i];
        it.category = i % 2 ? "Kitchen & Dining" : "Home";
        ds.items.push_back(it);
    }
    auto user = [](std::string id, std::vector<ItemIndex> seq) {
        User u;
        u.id = std::move(id);
        u.sequence = std::move(seq);
        for (std::size_t i = 0; i < u.sequence.size(); ++i)
            u.times.push_back(1291191960 + static_cast<std::int64_t>(i) * 86400);
        return u;
    };
    ds.users.push_back(user(userId, {0, 1, 2, 3, 4, 5}));
    ds.users.push_back(user("U2", {5, 6, 7, 1}));
    ds.users.push_back(user("U3", {2, 3, 4}));
    applyLeaveOneOutSplit(ds);
    ds.finalize();
    return ds;
}

ExplanationBundle reportBundle(const Dataset& ds, int targetRank) {
    (void)ds;
    ExplanationBundle b;
    b.history = {0, 1, 2, 3, 4, 5};
    const std::size_t T = b.history.size();
    b.target = 6;
    b.targetScore = 3.25f;
    b.targetRank = targetRank;
    b.k = 5;
    for (int r = 0; r < 5; ++r)
        b.topK.push_back(
            {static_cast<ItemIndex>((6 + r) % 8), 3.25f - 0.5f * static_cast<float>(r), r + 1});

    AttentionExplanation a;
    a.layers = 2;
    a.heads = 2;
    a.length = static_cast<int>(T);
    a.maps.layers = 2;
    a.maps.heads = 2;
    a.maps.length = static_cast<int>(T);
    for (int l = 0; l < 2; ++l)
        for (int h = 0; h < 2; ++h)
            for (std::size_t q = 0; q < T; ++q)
                for (std::size_t k = 0; k < T; ++k)
                    a.maps.weights.push_back(k <= q ? 1.0f / static_cast<float>(q + 1) : 0.0f);
    for (int lh = 0; lh < 4; ++lh) {
        std::vector<float> row(T, 1.0f / static_cast<float>(T));
        row[static_cast<std::size_t>(lh)] += 0.1f;
        a.lastRow.push_back(row);
    }
    a.rollout.assign(T, 1.0f / static_cast<float>(T));
    b.attention = a;

    const std::vector<std::pair<std::string, std::vector<float>>> methods = {
        {"attention_rollout", {0.1f, 0.2f, 0.15f, 0.05f, 0.3f, 0.2f}},
        {"grad", {0.5f, -0.25f, 0.125f, -1.5f, 2.0f, 0.0f}},
        {"grad_x_input", {0.0625f, -0.3f, 0.7f, -0.01f, 1.25f, 0.33f}},
        {"ig", {0.2f, -0.1f, 0.9f, -0.05f, 1.1f, 0.4f}},
        {"loo", {0.15f, -0.2f, 0.8f, 0.0f, 1.3f, 0.35f}},
        {"shapley", {0.18f, -0.12f, 0.85f, -0.02f, 1.2f, 0.38f}}};
    for (const auto& [name, values] : methods)
        b.attributions.push_back({name, values});

    IgExplanation ig;
    ig.stepsUsed = 64;
    ig.stepsTried = {32, 64};
    ig.scoreInput = 3.25f;
    ig.scoreBaseline = 0.8f;
    ig.completenessError = 0.004f;
    ig.converged = true;
    ig.values = methods[3].second;
    ig.components = {"item"};
    ig.perComponent = {ig.values};
    b.ig = ig;

    LeaveOneOutExplanation loo;
    loo.baseScore = 3.25f;
    loo.baseRank = targetRank;
    for (float e : methods[4].second) {
        loo.effect.push_back(e);
        loo.scores.push_back(3.25f - e);
        loo.ranks.push_back(e > 1.0f ? 7 : 1);
    }
    b.loo = loo;

    ShapleyExplanation sh;
    sh.exact = true;
    sh.players = {0, 1, 2, 3, 4, 5};
    sh.values = methods[5].second;
    sh.stdErrors.assign(T, 0.0f);
    sh.evaluations = 64;
    sh.scoreAll = 3.25f;
    sh.scoreEmpty = 0.78f;
    sh.efficiencyGap = 1e-6f;
    b.shapley = sh;

    FaithfulnessReport f;
    for (const auto& [name, values] : methods) {
        MethodFaithfulness m;
        m.method = name;
        m.curveX = {0.0f, 0.5f, 1.0f};
        m.deletionScores = {3.25f, 1.5f, 0.8f};
        m.deletionRanks = {1, 4, 9};
        m.insertionScores = {0.8f, 2.5f, 3.25f};
        m.insertionRanks = {9, 2, 1};
        m.deletionAuc = 0.3125f;
        m.insertionAuc = 0.71875f;
        m.fractions = {0.1f, 0.2f, 0.5f};
        m.comprehensiveness = {1.3f, 1.9f, 2.2f};
        m.sufficiency = {0.9f, 0.6f, 0.2f};
        f.methods.push_back(m);
    }
    f.heads = {{0, 0, 0.6f}, {0, 1, -0.2f}, {1, 0, 0.33f}, {1, 1, 0.0f}};
    f.randomDeletionAuc = 0.55f;
    f.randomInsertionAuc = 0.45f;
    f.scoreEmpty = 0.8f;
    f.scoreFull = 3.25f;
    // LXR curves: method m (0-based) has POS areas 0.1·(m+1) + 0.01·k-index and NEG areas
    // 0.9 − the same, so every cell of a report table is distinct and traceable.
    LxrReport lxr;
    lxr.ks = {1, 5, 10, 20};
    for (int i = 0; i <= 10; ++i)
        lxr.fractions.push_back(0.1f * static_cast<float>(i));
    lxr.removedCounts = {0, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6};
    lxr.fixedCounts = {1, 2, 3, 4, 5};
    lxr.randomOrders = 4;
    auto curves = [&](const std::string& name, float base) {
        LxrMethodCurves c;
        c.method = name;
        for (LxrCurve* cv : {&c.pos, &c.neg, &c.posFixed, &c.negFixed}) {
            const size_t steps = cv == &c.pos || cv == &c.neg ? 11 : 5;
            cv->scores.assign(steps, 1.0f);
            cv->ranks.assign(steps, 3.0f);
            cv->inTopK.assign(4, std::vector<float>(steps, 1.0f));
        }
        for (int k = 0; k < 4; ++k) {
            c.pos.areas.push_back(base + 0.01f * static_cast<float>(k));
            c.neg.areas.push_back(0.9f - base - 0.01f * static_cast<float>(k));
        }
        c.fixedCustomers.assign(5, 1);
        return c;
    };
    for (size_t m = 0; m < methods.size(); ++m)
        lxr.methods.push_back(curves(methods[m].first, 0.1f * static_cast<float>(m + 1)));
    lxr.references = {curves("random", 0.65f), curves("popularity", 0.45f)};
    f.lxr = lxr;
    b.faithfulness = f;

    CounterfactualResult cf;
    cf.found = true;
    cf.k = 5;
    cf.removedPositions = {2, 4};
    cf.removedItems = {2, 4};
    cf.originalRank = targetRank;
    cf.newRank = 8;
    cf.newScore = 0.95f;
    cf.replacement = 7;
    cf.verified = true;
    cf.evaluations = 5;
    cf.budget = 64;
    b.counterfactual = cf;

    b.summary = "Recommended mainly because of \"" + kUnicodeTitle + "\" & " + kScriptTitle + ".";
    b.timingsMs = {{"ig", 1.5}, {"shapley", 2.0}};
    return b;
}

report::ModelCard reportModelCard(const Dataset& ds) {
    ModelInfo info;
    info.datasetName = ds.name;
    info.datasetFingerprint = ds.fingerprint;
    info.itemCount = static_cast<int>(ds.items.size());
    info.parameterCount = 12345;
    info.metrics = {{"test.ndcg@10", 0.123456}, {"test.hr@10", 0.25}};
    info.createdAt = "2026-11-27T10:00:00Z";
    info.reclensVersion = "0.1.0";
    auto card = report::makeModelCard("", info, ds);
    report::ModelCard c = card.value();
    c.command = "reclens-cli report --users 'C<&>\"1\"'";
    return c;
}

report::CustomerReportData reportCustomerData(const Dataset& ds,
                                              const CustomerDataOptions& options) {
    report::CustomerReportData d;
    d.userId = ds.users[0].id;
    d.user = 0;
    d.history = {0, 1, 2, 3, 4, 5};
    if (options.withTimes)
        d.times = ds.users[0].times;
    d.fullHistoryLength = 6;
    d.topK = reportBundle(ds).topK;
    for (int rank : options.explainedRanks)
        d.explanations.push_back(reportBundle(ds, rank));
    return d;
}

CommandResult runCommand(const std::string& command) {
    CommandResult r;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        r.output.append(buf.data(), n);
    int status = ::pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace reclens::test
