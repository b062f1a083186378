// Search explanations on the planted search shop (synth --queries): does the engine, run through
// SearchPlayerModel, name what was planted? Each customer's last purchase is a search for a
// product type whose variant an earlier TRIGGER purchase decides (search_ground_truth.json).
// For every final search the trained model puts at #1, this explains that result and counts how
// often each method's strongest purchase is the trigger and its strongest query word is the
// type word, and how often the verified minimal counterfactuals contain them. Prints the mean
// wall time of one explanation too.
//
//   bench_search_explain [--users N] [--epochs E] [--customers C] [--threads T] [--seed S]
//                        [--dim D] [--layers L] [--dropout P] [--lr R]
//                        [--fillers F] [--min-length A] [--max-length B] [--min-searches S]
//                        [--max-searches S] [--model-length M] [--heads H]
//                        [--ig-baseline padding|mean_item] [--looked N]
//
// --looked N stops after the first N final searches (explained or not), as the planted test in
// tests/core/test_search_explain.cpp does; without it, --customers ranked #1 are explained.

#include "data/importers.h"
#include "data/querylog.h"
#include "data/synthsearch.h"
#include "explain/explainconfigjson.h"
#include "model/computebackend.h"
#include "search/searchexplain.h"
#include "search/searchtrainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

using namespace reclens;

namespace {

int argmax(const std::vector<float>& v, int from, int to) {
    int best = from;
    for (int i = from; i < to; ++i)
        if (v[static_cast<std::size_t>(i)] > v[static_cast<std::size_t>(best)])
            best = i;
    return best;
}

} // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> opt;
    for (int i = 1; i + 1 < argc; i += 2)
        opt[std::string(argv[i]).substr(2)] = argv[i + 1];
    auto num = [&](const char* k, int fallback) {
        return opt.count(k) ? std::atoi(opt.at(k).c_str()) : fallback;
    };
    auto real = [&](const char* k, double fallback) {
        return opt.count(k) ? std::atof(opt.at(k).c_str()) : fallback;
    };
    setComputeThreads(num("threads", 1));
    const auto dir = (std::filesystem::temp_directory_path() /
                      ("reclens-bench-search-explain-" + std::to_string(::getpid())))
                         .string();
    SearchSynthConfig sc;
    sc.users = num("users", 500);
    sc.fillerItems = num("fillers", sc.fillerItems);
    sc.minLength = num("min-length", sc.minLength);
    sc.maxLength = num("max-length", sc.maxLength);
    sc.minSearches = num("min-searches", sc.minSearches);
    sc.maxSearches = num("max-searches", sc.maxSearches);
    if (!writeSearchShop(dir, sc).ok())
        return 1;
    ImportOptions io;
    io.format = DataFormat::Csv;
    auto ds = loadDataset(dir, io);
    auto log = ds ? loadQueryLog(dir + "/queries.csv", *ds) : Expected<QueryLog>(ds.error());
    if (!ds || !log) {
        std::fprintf(stderr, "cannot read the planted shop in %s\n", dir.c_str());
        return 1;
    }
    ModelConfig mc; // as tests/core/test_search_model.cpp's planted-shop test
    mc.dim = num("dim", 32);
    mc.heads = num("heads", 2);
    mc.layers = num("layers", 2);
    mc.maxLength = num("model-length", 20);
    mc.dropout = static_cast<float>(real("dropout", 0.1));
    auto model =
        search::SearchModel::create(*ds, mc, {}, static_cast<std::uint64_t>(num("seed", 5)));
    TrainConfig tc;
    tc.epochs = num("epochs", 25);
    tc.patience = 0;
    tc.batchSize = 64;
    tc.learningRate = static_cast<float>(real("lr", 3e-3));
    tc.threads = num("threads", 1);
    const auto trainStart = std::chrono::steady_clock::now();
    if (!model || !search::trainSearch(*model, *ds, *log, tc)) {
        std::fprintf(stderr, "training failed\n");
        return 1;
    }
    const double trainSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - trainStart).count();
    const auto truth = nlohmann::json::parse(std::ifstream(dir + "/search_ground_truth.json"));
    ExplainConfig cfg;
    cfg.k = 3;
    cfg.threads = 1;
    cfg.methods = ExplainMethods::none();
    cfg.methods.loo = cfg.methods.ig = cfg.methods.shapley = cfg.methods.counterfactual = true;
    if (opt.count("ig-baseline") && !parseIgBaseline(opt.at("ig-baseline"), cfg.igBaseline)) {
        std::fprintf(stderr, "--ig-baseline must be padding or mean_item\n");
        return 2;
    }
    const char* methods[] = {"loo", "ig", "shapley"};
    std::map<std::string, int> triggerFirst, wordFirst;
    // Where the misses go: what the strongest purchase is when it is not the trigger.
    // Every type's products and triggers -> (variant, is a product).
    std::map<ItemIndex, std::pair<int, bool>> plantedItems;
    for (const auto& t : truth.at("types")) {
        int variant = 0;
        for (const auto& v : t.at("variants")) {
            plantedItems[ds->findItem(v.at("product").get<std::string>())] = {variant, true};
            plantedItems[ds->findItem(v.at("trigger").get<std::string>())] = {variant, false};
            ++variant;
        }
    }
    struct Misses {
        int afterTrigger = 0, planted = 0, triggerSecond = 0, tie = 0, n = 0;
        int product = 0, sameVariant = 0; // of `planted`: a product; the target's variant
        std::map<int, int> gapOfMiss;     // trigger's distance from the search -> misses
    };
    std::map<std::string, Misses> misses;
    std::map<int, int> gapOfAll;
    int explained = 0, notTop = 0, cfTrigger = 0, cfWord = 0, cfPurchaseFound = 0, cfWordFound = 0;
    double ms = 0;
    const int customers = num("customers", 200);
    const int looked = num("looked", 0);
    int seen = 0;
    for (const auto& c : truth.at("cases")) {
        if (explained >= customers || (looked > 0 && seen++ == looked))
            break;
        const UserIndex u = ds->findUser(c.at("user").get<std::string>());
        const ItemIndex target = ds->findItem(c.at("target").get<std::string>());
        const ItemIndex trigger = ds->findItem(c.at("trigger").get<std::string>());
        const auto& seq = ds->users[static_cast<std::size_t>(u)].sequence;
        const History history(seq.begin(), seq.end() - 1);
        const auto query = c.at("query").get<std::string>();
        const auto t0 = std::chrono::steady_clock::now();
        const auto e = search::explainSearchResult(*model, *ds, history, query, target, cfg);
        if (e.bundle.targetRank != 1) {
            ++notTop;
            continue;
        }
        ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                  .count();
        ++explained;
        const int n = static_cast<int>(e.bundle.history.size());
        const std::string word = c.at("word").get<std::string>();
        int triggerAt = -1;
        for (int p = 0; p < e.purchaseCount; ++p)
            if (e.bundle.history[static_cast<std::size_t>(p)] == trigger)
                triggerAt = p;
        const int gap = e.purchaseCount - triggerAt; // 1 = the purchase just before the search
        ++gapOfAll[gap];
        for (const char* m : methods) {
            const auto& v = e.bundle.attribution(m)->values;
            const int p = argmax(v, 0, e.purchaseCount);
            triggerFirst[m] += e.bundle.history[static_cast<std::size_t>(p)] == trigger;
            if (e.bundle.history[static_cast<std::size_t>(p)] != trigger && triggerAt >= 0) {
                Misses& x = misses[m];
                ++x.n;
                ++x.gapOfMiss[gap];
                x.afterTrigger += p > triggerAt;
                const auto it = plantedItems.find(e.bundle.history[static_cast<std::size_t>(p)]);
                if (it != plantedItems.end()) {
                    ++x.planted;
                    x.product += it->second.second;
                    x.sameVariant += it->second.first == plantedItems.at(target).first;
                }
                int above = 0;
                for (int q = 0; q < e.purchaseCount; ++q)
                    above +=
                        v[static_cast<std::size_t>(q)] > v[static_cast<std::size_t>(triggerAt)];
                x.triggerSecond += above == 1;
                x.tie += std::abs(v[static_cast<std::size_t>(p)] -
                                  v[static_cast<std::size_t>(triggerAt)]) <=
                         1e-3f * std::abs(v[static_cast<std::size_t>(p)]);
            }
            const int w = argmax(v, e.purchaseCount, n);
            wordFirst[m] +=
                e.queryTerms[static_cast<std::size_t>(w - e.purchaseCount)].token == word;
        }
        if (e.counterfactualPurchases && e.counterfactualPurchases->result.verified) {
            ++cfPurchaseFound;
            const auto& r = e.counterfactualPurchases->result.removedItems;
            cfTrigger += std::find(r.begin(), r.end(), trigger) != r.end();
        }
        if (e.counterfactualQuery && e.counterfactualQuery->result.verified) {
            ++cfWordFound;
            for (int p : e.counterfactualQuery->result.removedPositions)
                cfWord += e.queryTerms[static_cast<std::size_t>(p - e.purchaseCount)].token == word;
        }
    }
    std::printf("planted search shop: %zu customers, %zu items; search model dim %d, %d layers, "
                "dropout %.2f, %d epochs, learning rate %g; trained in "
                "%.1f s\n",
                ds->users.size(), ds->items.size(), mc.dim, mc.layers, mc.dropout, tc.epochs,
                tc.learningRate, trainSeconds);
    std::printf("explained %d final searches whose target the model ranks #1 (%d others not "
                "#1); %.1f ms per explanation (loo, ig, shapley, counterfactuals; 1 thread); IG "
                "baseline %s\n",
                explained, notTop, ms / std::max(1, explained), igBaselineName(cfg.igBaseline));
    for (const char* m : methods)
        std::printf("  %-8s strongest purchase = trigger %5.1f %%   strongest word = type word "
                    "%5.1f %%\n",
                    m, 100.0 * triggerFirst[m] / std::max(1, explained),
                    100.0 * wordFirst[m] / std::max(1, explained));
    std::printf("  verified purchase counterfactual found %5.1f %%, contains the trigger in %5.1f "
                "%% of those\n",
                100.0 * cfPurchaseFound / std::max(1, explained),
                100.0 * cfTrigger / std::max(1, cfPurchaseFound));
    std::printf("  verified query counterfactual found %5.1f %%, contains the type word in %5.1f "
                "%% of those\n",
                100.0 * cfWordFound / std::max(1, explained),
                100.0 * cfWord / std::max(1, cfWordFound));
    std::printf("  trigger's distance from the search (1 = just before) over the explained: ");
    for (const auto& [g, k] : gapOfAll)
        std::printf("%d: %d  ", g, k);
    std::printf("\n");
    for (const char* m : methods) {
        const Misses& x = misses[m];
        std::printf("  %-8s misses %d: strongest purchase after the trigger %d, a planted item "
                    "(another type's product or trigger) %d (products %d, of the target's variant "
                    "%d), trigger second %d, within 0.1 %% of the trigger %d; misses by trigger "
                    "distance: ",
                    m, x.n, x.afterTrigger, x.planted, x.product, x.sameVariant, x.triggerSecond,
                    x.tie);
        for (const auto& [g, k] : x.gapOfMiss)
            std::printf("%d: %d  ", g, k);
        std::printf("\n");
    }
    std::filesystem::remove_all(dir);
    return 0;
}
