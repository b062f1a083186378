// reclens-cli train: train SASRec on a dataset, evaluate it on the test split (full ranking)
// and write a checkpoint that records the test metrics.
//
// Crash safety: the checkpoint is also written (atomically) after every epoch that improves
// validation NDCG@10, so a run that is killed keeps its best epoch so far at --out, and a file
// already at --out is only ever replaced by a complete checkpoint. SIGINT/SIGTERM stop after
// the current step; the weights of the epoch a stop keeps (the best one, or with --patience 0
// the last complete one; never the partial epoch) are then evaluated and saved, and the exit
// code is 5. Interrupted before the first epoch ended, nothing is written.

#include "cmd_excludebought.h"
#include "cmd_modelshared.h"
#include "cmd_searchshared.h"
#include "cmd_traintune.h"
#include "commands.h"
#include "common/numberformat.h"
#include "eval/evaluator.h"
#include "model/modeljson.h"
#include "train/trainer.h"
#include "train/tuner.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

namespace {

/// Above this many customers `train` validates each epoch on a seeded sample of
/// kSampledValidUsers customers unless --valid-users says otherwise: ranking the whole catalog
/// for every customer after every epoch would cost more than the epoch at a million customers.
constexpr std::size_t kValidateAllMaxUsers = 100'000;
constexpr int kSampledValidUsers = 10'000;

} // namespace

namespace {

std::atomic_bool g_interrupted{false};

void onTrainSignal(int) {
    g_interrupted = true;
}

} // namespace

Expected<TrainResult>
runInterruptibleTraining(const std::function<Expected<TrainResult>(const TrainCallbacks&)>& run,
                         const std::function<Status()>& save, std::string& saveError) {
    const bool progress = stderrIsTerminal();
    TrainCallbacks cb;
    cb.onEpoch = [&](const EpochStats& s) {
        if (progress)
            std::fprintf(
                stderr,
                "epoch %3d  loss %.4f  valid HR@10 %.4f NDCG@10 %.4f  %.1f s  %.0f items/s%s\n",
                s.epoch, s.loss, s.validHr10, s.validNdcg10, s.seconds, s.itemsPerSecond,
                s.improved ? "  best" : "");
    };
    // A long epoch (a million customers: hours on one thread) says how far it is once a minute,
    // with the positions per second since the epoch began.
    using Clock = std::chrono::steady_clock;
    Clock::time_point epochStart = Clock::now();
    Clock::time_point lastLine = epochStart;
    std::int64_t epochPositions = 0;
    cb.onStep = [&](const StepStats& s) {
        const auto now = Clock::now();
        if (s.step == 1) {
            epochStart = now;
            lastLine = now;
            epochPositions = 0;
        }
        epochPositions += s.positions;
        if (!progress || now - lastLine < std::chrono::seconds(60))
            return;
        lastLine = now;
        const double seconds = std::chrono::duration<double>(now - epochStart).count();
        std::fprintf(stderr, "epoch %3d  step %d/%d  loss %.4f  %.0f positions/s\n", s.epoch,
                     s.step, s.steps, s.loss,
                     seconds > 0 ? static_cast<double>(epochPositions) / seconds : 0.0);
    };
    // A checkpoint that cannot be written ends the run now, not after hours of training.
    cb.onCheckpoint = [&](const EpochStats&) {
        if (auto st = save(); !st)
            saveError = st.error().message;
    };
    cb.shouldStop = [&] {
        return g_interrupted.load() || !saveError.empty();
    };
    auto previousInt = std::signal(SIGINT, onTrainSignal);
    auto previousTerm = std::signal(SIGTERM, onTrainSignal);
    auto result = run(cb);
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    return result;
}

namespace {

std::uint64_t parseSeed(const Args& args, std::uint64_t fallback) {
    if (!args.has("seed"))
        return fallback;
    const std::string s = args.get("seed");
    try {
        size_t used = 0;
        const unsigned long long v = std::stoull(s, &used);
        if (used == s.size() && s[0] != '-')
            return v;
    } catch (const std::exception&) {
    }
    throw UsageError{"--seed expects a non-negative integer, got '" + s + "'"};
}

} // namespace

int runTrain(const std::vector<std::string>& argv) {
    const TrainConfig d;
    std::vector<OptionSpec> specs = dataOptionSpecs();
    std::vector<OptionSpec> more = {
        {"out", "MODEL", "checkpoint file to write (required)"},
        {"epochs", "N",
         "maximum epochs; early stopping usually ends sooner (default " + std::to_string(d.epochs) +
             ")"},
        {"max-len", "L",
         "positions the model sees (default " + std::to_string(d.model.maxLength) + ")"},
        {"dim", "D", "embedding size (default " + std::to_string(d.model.dim) + ")"},
        {"layers", "N", "self-attention blocks (default " + std::to_string(d.model.layers) + ")"},
        {"heads", "H", "attention heads (default " + std::to_string(d.model.heads) + ")"},
        {"dropout", "P",
         "dropout rate (default " + std::to_string(d.model.dropout).substr(0, 4) + ")"},
        {"lr", "X",
         "Adam learning rate (default " + std::to_string(d.learningRate).substr(0, 6) + ")"},
        {"wd", "X",
         "Adam weight decay (default " + std::to_string(d.weightDecay).substr(0, 7) + ")"},
        {"label-smoothing", "X", "cross-entropy label smoothing, 0-1 (default 0)"},
        {"batch", "N", "sequences per step (default " + std::to_string(d.batchSize) + ")"},
        {"patience", "N",
         "epochs without validation gain before stopping (default " + std::to_string(d.patience) +
             ")"},
        {"loss", "ce|bce|sampled-ce",
         "full softmax cross-entropy (above 50,000 items: sampled-ce), sampled BCE, or sampled "
         "softmax with logQ correction (default ce)"},
        {"negatives", "N", "sampled-ce: negatives per batch (default 1000)"},
        {"features", "LIST",
         "side information: none|category|brand|category,brand (default category,brand; "
         "ignored where the catalog has none)"},
        {"candidate-features", "on|off",
         "also score candidate items with their side features, not only the history "
         "(default on)"},
        excludeBoughtSpec(),
        {"tune", "",
         "search dropout, learning rate, weight decay, side features, length, dim and heads "
         "(Hyperband on the validation split) instead of using the values above"},
        {"budget", "MINUTES",
         "--tune: wall-time budget of the search and final training "
         "(default 5)"},
        {"trial-epochs", "N", "--tune: epochs of a trial that survives every rung (default 9)"},
        {"held-out", "N",
         "--tune: the trials leave out each customer's last N training purchases (at most a "
         "third) and are judged on predicting them and the validation purchase; 0 = the "
         "validation purchase only (default " +
             std::to_string(TuneConfig{}.heldOutTransitions) + ")"},
        {"seed", "S",
         "random seed; same seed ⇒ same metrics (default " + std::to_string(d.seed) + ")"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"valid-users", "N",
         "customers ranked for the per-epoch validation, a seeded sample; 0 = all (default: all "
         "up to " +
             groupedInt(static_cast<long long>(kValidateAllMaxUsers)) +
             " customers, above that a sample of " + groupedInt(kSampledValidUsers) + ")"},
        {"json", "", "print the result as JSON on stdout"},
        {"task", "NAME",
         "recommend (default: SASRec next-item) or search (personalised search "
         "ranker; needs --queries)"},
    };
    const auto searchSpecs = searchTrainOptionSpecs();
    more.insert(more.end(), searchSpecs.begin(), searchSpecs.end());
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "train",
                "Train the SASRec recommender on a dataset with early stopping on "
                "validation NDCG@10, report test metrics (full ranking over all items) "
                "and write a checkpoint. The checkpoint is also written after every epoch "
                "that improves validation, always atomically, so a killed run leaves its "
                "best epoch so far and never a damaged file.\n\nExit codes: 0 ok, 2 usage, "
                "3 unreadable data or unwritable output, 4 internal error, 5 interrupted "
                "(SIGINT/SIGTERM; the weights of the best epoch so far, with --patience 0 of the "
                "last complete epoch, are saved; nothing when no epoch completed).",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string out = args.require("out");
    TrainConfig tc;
    ModelConfig& mc = tc.model;
    tc.epochs = args.getInt("epochs", tc.epochs);
    mc.maxLength = args.getInt("max-len", mc.maxLength);
    mc.dim = args.getInt("dim", mc.dim);
    mc.layers = args.getInt("layers", mc.layers);
    mc.heads = args.getInt("heads", mc.heads);
    mc.dropout = static_cast<float>(args.getDouble("dropout", mc.dropout));
    tc.learningRate = static_cast<float>(args.getDouble("lr", tc.learningRate));
    tc.weightDecay = static_cast<float>(args.getDouble("wd", tc.weightDecay));
    tc.labelSmoothing = static_cast<float>(args.getDouble("label-smoothing", tc.labelSmoothing));
    tc.batchSize = args.getInt("batch", tc.batchSize);
    tc.patience = args.getInt("patience", tc.patience);
    tc.threads = args.getInt("threads", tc.threads);
    tc.seed = parseSeed(args, tc.seed);
    if (args.has("loss") && !parseLossName(args.get("loss"), tc.loss))
        throw UsageError{"--loss expects ce, bce or sampled-ce, got '" + args.get("loss") + "'"};
    tc.negatives = args.getInt("negatives", tc.negatives);
    if (tc.negatives < 1)
        throw UsageError{"--negatives must be at least 1"};
    if (args.has("features"))
        mc.useCategory = mc.useBrand = false; // the list replaces the default, "none" included
    for (const auto& f : args.getList("features")) {
        if (f == "category")
            mc.useCategory = true;
        else if (f == "brand")
            mc.useBrand = true;
        else if (f != "none")
            throw UsageError{"--features expects none, category or brand, got '" + f + "'"};
    }
    if (args.has("candidate-features")) {
        const std::string v = args.get("candidate-features");
        if (v != "on" && v != "off")
            throw UsageError{"--candidate-features expects on or off, got '" + v + "'"};
        mc.outputFeatures = v == "on";
    }
    if (tc.epochs < 1)
        throw UsageError{"--epochs must be at least 1"};
    tc.validUsers = args.getInt("valid-users", 0);
    if (tc.validUsers < 0)
        throw UsageError{"--valid-users must be 0 (all customers) or more"};
    if (!(tc.labelSmoothing >= 0.0f && tc.labelSmoothing < 1.0f))
        throw UsageError{"--label-smoothing expects a value in [0, 1)"};
    if (tc.weightDecay < 0.0f)
        throw UsageError{"--wd must not be negative"};

    const std::string task = args.get("task", "recommend");
    if (task != "recommend" && task != "search")
        throw UsageError{"--task expects recommend or search, got '" + task + "'"};
    const int threads = setComputeThreads(tc.threads);
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("train", ExitBadInput, ds.error().message);
    if (task == "search") {
        if (args.has("tune") || args.has("budget"))
            throw UsageError{"--tune tunes recommenders (--task recommend); a search model "
                             "trains with the settings given"};
        return trainSearchCommand(args, *ds, tc, out);
    }
    // Where nobody buys twice, bought products are masked in the loss and left out of the
    // validation and test rankings (explain/candidatefilter.h).
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, *ds);
    if (!args.has("valid-users"))
        tc.validUsers = ds->users.size() > kValidateAllMaxUsers ? kSampledValidUsers : 0;
    tc.excludeBought = exclusion.excluded;
    if ((args.has("budget") || args.has("held-out")) && !args.has("tune"))
        throw UsageError{"--budget and --held-out need --tune"};
    if (args.has("tune")) {
        auto previousInt = std::signal(SIGINT, onTrainSignal);
        auto previousTerm = std::signal(SIGTERM, onTrainSignal);
        const int rc = runTuneAndSave(args, *ds, tc, exclusion, out, g_interrupted);
        std::signal(SIGINT, previousInt);
        std::signal(SIGTERM, previousTerm);
        return rc;
    }
    // Regularisation from the data where the command line does not set it (tuner.h).
    const TrainConfig fromData = dataDrivenDefaults(*ds);
    if (!args.has("dropout"))
        mc.dropout = fromData.model.dropout;
    if (!args.has("wd"))
        tc.weightDecay = fromData.weightDecay;
    auto model = SasRecModel::create(*ds, mc, tc.seed);
    if (!model)
        return reportFailure(
            "train", model.error().code == ErrorCode::InvalidArgument ? ExitUsage : ExitInternal,
            model.error().message);

    const bool progress = stderrIsTerminal();
    if (progress)
        std::fprintf(stderr,
                     "Training on %s: %zu customers, %zu items, %lld interactions, %d threads; "
                     "validation on %s customers\n",
                     ds->name.c_str(), ds->users.size(), ds->items.size(),
                     static_cast<long long>(ds->interactionCount()), threads,
                     tc.validUsers > 0 ? ("a sample of " + groupedInt(tc.validUsers)).c_str()
                                       : "all");
    std::string saveError;
    auto result = runInterruptibleTraining(
        [&](const TrainCallbacks& cb) { return train(*model, *ds, tc, cb); },
        [&] { return model->save(out); }, saveError);
    if (!saveError.empty())
        return reportFailure("train", ExitBadInput, saveError);
    if (!result)
        return reportFailure("train",
                             result.error().code == ErrorCode::InvalidArgument ? ExitBadInput
                                                                               : ExitInternal,
                             result.error().message);
    // No epoch completed: there is no trained model to label, so nothing is written (a file
    // already at --out is left as it was).
    if (result->weightsEpoch == 0)
        return reportFailure("train", ExitCancelled,
                             "interrupted before the first epoch ended; no epoch completed, "
                             "nothing written");

    EvalConfig ec; // test split, full ranking
    ec.excludeSeen = tc.excludeBought;
    const auto test = evaluate(*model, *ds, ec);
    auto& info = model->mutableInfo();
    for (const auto& [key, value] : test.metrics)
        if (key != "users")
            info.metrics["test." + key] = value;
    info.metrics["test.users"] = static_cast<double>(test.users);
    if (auto st = model->save(out); !st)
        return reportFailure("train", ExitBadInput, st.error().message);

    if (args.has("json")) {
        nlohmann::json j = {{"model", out},
                            {"dataset", ds->name},
                            {"epochs", result->epochsRun},
                            {"best_epoch", result->bestEpoch},
                            {"weights_epoch", result->weightsEpoch},
                            {"seconds", result->seconds},
                            {"cancelled", result->cancelled},
                            {"valid_ndcg10", result->bestValidNdcg10},
                            {"test", test.metrics},
                            {"valid_users", tc.validUsers},
                            {"config", tc}};
        addExcludeBoughtJson(j, exclusion);
        std::cout << jsonText(j, 2) << "\n";
    } else {
        std::printf("Trained %d epoch(s) in %.1f s (best epoch %d, valid NDCG@10 %.4f; saved "
                    "the weights of epoch %d)%s\n",
                    result->epochsRun, result->seconds, result->bestEpoch, result->bestValidNdcg10,
                    result->weightsEpoch,
                    result->cancelled ? " — interrupted, the partial epoch discarded" : "");
        if (tc.validUsers > 0)
            std::printf("Validated each epoch on a sample of %s customers (seed %llu; "
                        "--valid-users)\n",
                        groupedInt(tc.validUsers).c_str(),
                        static_cast<unsigned long long>(tc.seed));
        std::printf("Test (full ranking, %lld customers): HR@10 %.4f  NDCG@10 %.4f  MRR %.4f  "
                    "coverage@10 %.3f\n",
                    static_cast<long long>(test.users), test.metrics.at("hr@10"),
                    test.metrics.at("ndcg@10"), test.metrics.at("mrr"),
                    test.metrics.at("coverage@10"));
        std::printf("Wrote %s\n", out.c_str());
    }
    return result->cancelled ? ExitCancelled : ExitOk;
}

} // namespace reclens::cli
