// Tuning benchmark (issue 17): on one dataset, trains SASRec three ways and prints minutes
// spent, test NDCG@10 (full ranking, among products not yet bought where the repeat rate is
// under 2 %) and, for planted shops, the share of rule cases whose target the model ranks #1:
//   old    the struct defaults (dropout 0.5, weight decay 5e-5), as `train` used them before;
//   data   the data-driven defaults plain `train` now uses (train/tuner.h dataDrivenDefaults);
//   tuned  `train --tune` with the given budget.
//
//   bench_tune --data PATH [--catalog CSV] [--budget MINUTES] [--only old|data|tuned|trace]
//              [--synth SEED:ITEMS:RULES:MINLEN:MAXLEN[:USERS[:CASESHARE]]] [--threads T]
//              [--epochs N] [--iterations N] [--held-out N] [--finalists N]
//              [--final-patience N] [--trace-final 1] [--seed S]
//
// --synth generates a planted shop (writeSyntheticShop; USERS 1500 and CASESHARE 0.5 unless
// given) into a temporary folder (or kept in --synth-out DIR) first and uses it as --data.
// --iterations caps the tuner's Hyperband iterations (TuneConfig::maxIterations; 0 = while the
// budget lasts, the default); --held-out sets the purchases per customer the trials leave out
// and validate on (TuneConfig::heldOutTransitions; 0 = the validation purchase only, the tuner
// before). --final-patience sets the winner's final training's patience
// (TuneConfig::finalPatience); --trace-final 1 prints its validation NDCG@10 and rule cases at
// #1 after every epoch (on stderr; the printing is inside the budget); --seed the tuner's seed
// (42). --only trace trains one hand-set configuration (--dropout --lr
// --wd --dim --heads --layers --len --features 0|1 --seed; default the 303 shop's winner) for
// --epochs (30) and prints validation NDCG@10 and rule cases at #1 after every epoch. Planted
// shops are read with their ground_truth.json ("cases", tests/support/plantedcases.h).

#include "data/datasetstats.h"
#include "data/importers.h"
#include "data/synth.h"
#include "eval/evaluator.h"
#include "explain/candidatefilter.h"
#include "model/computebackend.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"
#include "train/tuner.h"

#include "plantedcases.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>

using namespace reclens;

namespace {

using test::PlantedCase;
using test::rankOneShare;

void report(const char* label, const SasRecModel& m, const Dataset& ds,
            const std::vector<PlantedCase>& cases, bool exclude, double seconds) {
    EvalConfig ec;
    ec.excludeSeen = exclude;
    ec.beyondAccuracy = false;
    const auto test = evaluate(m, ds, ec);
    const ModelInfo& i = m.info();
    std::printf(
        "%-6s %6.2f min  test NDCG@10 %.4f  HR@10 %.4f  rule cases #1 %s  "
        "(dropout %.2f lr %.0e wd %.0e dim %d heads %d layers %d len %d features %s%s)\n",
        label, seconds / 60.0, test.metrics.at("ndcg@10"), test.metrics.at("hr@10"),
        cases.empty() ? "-"
                      : (std::to_string(rankOneShare(m, ds, cases, exclude)).substr(0, 5) + " of " +
                         std::to_string(cases.size()))
                            .c_str(),
        static_cast<double>(i.config.dropout), static_cast<double>(i.training.learningRate),
        static_cast<double>(i.training.weightDecay), i.config.dim, i.config.heads, i.config.layers,
        i.config.maxLength, i.config.useCategory || i.config.useBrand ? "on" : "off",
        i.config.outputFeatures && (i.config.useCategory || i.config.useBrand) ? "+candidates"
                                                                               : "");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> a;
    for (int i = 1; i + 1 < argc; i += 2)
        a[std::string(argv[i]).substr(2)] = argv[i + 1];
    std::string data = a.count("data") ? a["data"] : "";
    if (a.count("synth")) {
        SynthConfig sc;
        int seed = 0;
        const int fields =
            std::sscanf(a["synth"].c_str(), "%d:%d:%d:%d:%d:%d:%lf", &seed, &sc.items, &sc.rules,
                        &sc.minLength, &sc.maxLength, &sc.users, &sc.caseShare);
        if (fields < 5) {
            std::fprintf(stderr,
                         "--synth expects SEED:ITEMS:RULES:MINLEN:MAXLEN[:USERS[:CASESHARE]]\n");
            return 2;
        }
        sc.seed = static_cast<std::uint64_t>(seed);
        data = a.count("synth-out") ? a["synth-out"] // kept, for a look at the shop
                                    : (std::filesystem::temp_directory_path() /
                                       ("bench-tune-synth-" + std::to_string(getpid())))
                                          .string();
        if (auto st = writeSyntheticShop(data, sc); !st) {
            std::fprintf(stderr, "%s\n", st.error().message.c_str());
            return 3;
        }
    }
    if (data.empty()) {
        std::fprintf(stderr, "usage: bench_tune --data PATH | --synth S:I:R:MIN:MAX [...]\n");
        return 2;
    }
    ImportOptions io;
    if (a.count("catalog"))
        io.catalogPath = a["catalog"];
    else if (std::filesystem::exists(data + "/catalog.csv"))
        io.catalogPath = data + "/catalog.csv";
    auto ds = loadDataset(
        std::filesystem::exists(data + "/interactions.csv") ? data + "/interactions.csv" : data,
        io);
    if (!ds) {
        std::fprintf(stderr, "%s\n", ds.error().message.c_str());
        return 3;
    }
    const auto cases = test::plantedCases(*ds, data);
    const double repeat = datasetStats(*ds).repeatRate;
    const bool exclude = resolveExcludeBought(ExcludeBought::Auto, repeat);
    const int threads = a.count("threads") ? std::atoi(a["threads"].c_str()) : 0;
    setComputeThreads(threads);
    const std::string only = a.count("only") ? a["only"] : "";
    std::printf("%s: %zu customers, %zu products, %lld purchases (%.1f per product), repeat rate "
                "%.2f %%, exclude bought %s, %zu planted cases\n",
                ds->name.c_str(), ds->users.size(), ds->items.size(),
                static_cast<long long>(ds->interactionCount()),
                static_cast<double>(ds->interactionCount()) /
                    static_cast<double>(std::max<size_t>(1, ds->items.size())),
                100.0 * repeat, exclude ? "on" : "off", cases.size());
    TrainConfig base;
    base.threads = threads;
    base.excludeBought = exclude;
    if (a.count("epochs"))
        base.epochs = std::atoi(a["epochs"].c_str());
    if (a.count("seed"))
        base.seed = static_cast<std::uint64_t>(std::atoll(a["seed"].c_str()));
    using Clock = std::chrono::steady_clock;
    auto plain = [&](const char* label, const TrainConfig& tc) {
        const auto t0 = Clock::now();
        auto m = SasRecModel::create(*ds, tc.model, tc.seed);
        if (!m || !train(*m, *ds, tc)) {
            std::fprintf(stderr, "%s: training failed\n", label);
            return;
        }
        report(label, *m, *ds, cases, exclude,
               std::chrono::duration<double>(Clock::now() - t0).count());
    };
    if (only.empty() || only == "old")
        plain("old", base);
    if (only.empty() || only == "data")
        plain("data", dataDrivenDefaults(*ds, base));
    if (only == "trace") {
        // One hand-set configuration, trained with patience 0; after every epoch its validation
        // NDCG@10 beside the rule cases at #1, to see whether one follows the other.
        TrainConfig tc = base;
        tc.patience = 0;
        tc.epochs = a.count("epochs") ? base.epochs : 30;
        auto num = [&](const char* k, double d) {
            return a.count(k) ? std::atof(a[k].c_str()) : d;
        };
        tc.model.dropout = static_cast<float>(num("dropout", 0.1));
        tc.learningRate = static_cast<float>(num("lr", 1e-3));
        tc.weightDecay = static_cast<float>(num("wd", 0.0));
        tc.model.dim = static_cast<int>(num("dim", 64));
        tc.model.heads = static_cast<int>(num("heads", 2));
        tc.model.maxLength = static_cast<int>(num("len", 30));
        tc.model.layers = static_cast<int>(num("layers", 2));
        tc.model.useCategory = tc.model.useBrand = tc.model.outputFeatures =
            num("features", 0) != 0;
        tc.seed = static_cast<std::uint64_t>(num("seed", static_cast<double>(base.seed)));
        auto m = SasRecModel::create(*ds, tc.model, tc.seed);
        if (!m)
            return 3;
        TrainCallbacks cb;
        cb.onCheckpoint = [&](const EpochStats& e) {
            std::printf("epoch %2d  loss %.4f  valid NDCG@10 %.4f  rule cases #1 %.3f  %.1f s\n",
                        e.epoch, e.loss, e.validNdcg10, rankOneShare(*m, *ds, cases, exclude),
                        e.seconds);
            std::fflush(stdout);
        };
        if (!train(*m, *ds, tc, cb))
            return 4;
    }
    if (only.empty() || only == "tuned") {
        TuneConfig tc;
        tc.base = base;
        tc.budgetMinutes = a.count("budget") ? std::atof(a["budget"].c_str()) : 5.0;
        if (a.count("iterations")) // 1 = plain Hyperband, the tuner before infinite horizon
            tc.maxIterations = std::atoi(a["iterations"].c_str());
        if (a.count("held-out"))
            tc.heldOutTransitions = std::atoi(a["held-out"].c_str());
        if (a.count("finalists")) // trials judged over two seeds (TuneConfig::finalists)
            tc.finalists = std::atoi(a["finalists"].c_str());
        if (a.count("final-patience")) // TuneConfig::finalPatience
            tc.finalPatience = std::atoi(a["final-patience"].c_str());
        const auto t0 = Clock::now();
        auto since = [&] {
            return std::chrono::duration<double>(Clock::now() - t0).count();
        };
        TuneCallbacks cb; // every rung and stage on stderr, so a result can be traced
        cb.onStage = [&](const std::string& s) {
            std::fprintf(stderr, "%7.1f s  %s\n", since(), s.c_str());
        };
        cb.onTrial = [&](const TrialRecord& t) {
            std::fprintf(
                stderr,
                "%7.1f s  trial %3d iteration %d bracket %d rung %d epochs %2d valid NDCG@10 "
                "%.4f  dropout %.1f lr %.0e wd %.0e dim %d heads %d layers %d len %d features "
                "%d%d\n",
                since(), t.id, t.iteration + 1, t.bracket, t.rung, t.epochs, t.validNdcg10,
                static_cast<double>(t.model.dropout), static_cast<double>(t.learningRate),
                static_cast<double>(t.weightDecay), t.model.dim, t.model.heads, t.model.layers,
                t.model.maxLength, t.model.useCategory || t.model.useBrand, t.model.outputFeatures);
        };
        if (a.count("trace-final") && a["trace-final"] != "0")
            cb.onFinalEpoch = [&](const EpochStats& e, const SasRecModel& m) {
                std::fprintf(stderr,
                             "%7.1f s  final epoch %2d  valid NDCG@10 %.4f  rule cases #1 %.3f\n",
                             since(), e.epoch, e.validNdcg10, rankOneShare(m, *ds, cases, exclude));
            };
        auto r = tune(*ds, tc, cb);
        if (!r) {
            std::fprintf(stderr, "tune: %s\n", r.error().message.c_str());
            return 4;
        }
        report("tuned", *r->model, *ds, cases, exclude,
               std::chrono::duration<double>(Clock::now() - t0).count());
        const auto& trials = r->record.trials;
        const auto chosen = std::find_if(trials.begin(), trials.end(), [&](const TrialRecord& t) {
            return t.id == r->record.chosenTrial;
        });
        std::printf("       %zu trial rungs, %d Hyperband iterations completed, chosen trial %d "
                    "(iteration %d), budget %.1f min%s\n",
                    trials.size(), r->record.iterations, r->record.chosenTrial,
                    chosen == trials.end() ? -1 : chosen->iteration + 1, tc.budgetMinutes,
                    r->record.budgetExhausted ? " (reached)" : " (not reached)");
        std::printf("       trials validated on %d held-out purchases per customer and the "
                    "validation purchase; the default trained to the end: valid NDCG@10 %.4f%s\n",
                    r->record.heldOutTransitions, r->record.defaultValidNdcg10,
                    r->record.defaultChosen ? " (chosen)" : "");
        std::printf("       last training: %d epochs run, best epoch %d, valid NDCG@10 %.4f\n",
                    r->final.epochsRun, r->final.bestEpoch, r->final.bestValidNdcg10);
        for (const TrialRecord& t : trials) // TuneConfig::finalists, when they were judged
            if (t.secondSeedValidNdcg10 >= 0.0)
                std::printf("       finalist trial %d (%d epochs): valid NDCG@10 %.4f, second "
                            "seed %.4f, mean %.4f%s\n",
                            t.id, t.epochs, t.validNdcg10, t.secondSeedValidNdcg10,
                            (t.validNdcg10 + t.secondSeedValidNdcg10) / 2.0,
                            t.id == r->record.chosenTrial ? " (chosen)" : "");
    }
    if (a.count("synth") && !a.count("synth-out"))
        std::filesystem::remove_all(data);
    return 0;
}
