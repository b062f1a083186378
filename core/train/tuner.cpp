// Hyperband over SASRec's hyper-parameters (see tuner.h).

#include "train/tuner.h"

#include "common/allocator.h"
#include "data/datasetstats.h"
#include "eval/evaluator.h"
#include "train/heldouttransitions.h"
#include "train/hyperband.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <utility>

namespace reclens {

using namespace hyperband;

namespace {

using Clock = std::chrono::steady_clock;

/// Mean and standard error of the per-customer difference NDCG@10(a) − NDCG@10(b) on the same
/// validation purchases (the sample plain training validates on).
std::pair<double, double> pairedValidGap(const SasRecModel& a, const SasRecModel& b,
                                         const Dataset& ds, const TrainConfig& base) {
    const EvalConfig vc = validationEvalConfig(base);
    const auto ra = evaluate(a, ds, vc).ranks;
    const auto rb = evaluate(b, ds, vc).ranks;
    const size_t n = std::min(ra.size(), rb.size());
    if (n < 2)
        return {0.0, 0.0};
    const auto ndcg = [](std::int64_t rank) {
        return rank >= 1 && rank <= 10 ? 1.0 / std::log2(static_cast<double>(rank) + 1.0) : 0.0;
    };
    double sum = 0, sq = 0;
    for (size_t i = 0; i < n; ++i) {
        const double d = ndcg(ra[i]) - ndcg(rb[i]);
        sum += d;
        sq += d * d;
    }
    const double mean = sum / static_cast<double>(n);
    const double var = std::max(0.0, (sq - sum * mean) / static_cast<double>(n - 1));
    return {mean, std::sqrt(var / static_cast<double>(n))};
}

struct Trial {
    TrialRecord rec;
    TrainConfig config;
    std::unique_ptr<SasRecModel> model;
    TrainResult last;    // its latest training call
    bool scored = false; // completed at least one epoch
};

} // namespace

TrainConfig dataDrivenDefaults(const Dataset& ds, TrainConfig base) {
    const double items = std::max<double>(1.0, static_cast<double>(ds.items.size()));
    const double perItem = static_cast<double>(ds.interactionCount()) / items;
    // Amazon Scientific (about 13 interactions per item) overfits fast and wants dropout 0.5
    // and weight decay; shops where every product is bought dozens of times learn their
    // sequential patterns only with light regularisation (BENCHMARKS.md, "Defaults from the
    // data"). The switch sits between the two regimes measured there.
    if (perItem >= 30.0) {
        base.model.dropout = 0.2f;
        base.weightDecay = 0.0f;
    }
    return base;
}

Expected<TuneResult> tune(const Dataset& ds, const TuneConfig& config,
                          const TuneCallbacks& callbacks) {
    const TensorMemoryScope tensorMemory; // trials reuse each other's freed tensors
    if (!(config.budgetMinutes > 0.0))
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "cannot tune: the budget must be a positive number of minutes");
    if (config.maxTrialEpochs < 1 || config.eta < 2)
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "cannot tune: maxTrialEpochs must be >= 1 and eta >= 2");
    const auto t0 = Clock::now();
    auto after = [&](double minutes) {
        return t0 + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(minutes * 60.0));
    };
    const auto deadline = after(config.budgetMinutes);
    // The brackets may use only part of the budget, so that the winner always gets its
    // early-stopping training: without that reserve a slow machine ended tuning with trials of
    // one or two epochs and nothing else (BENCHMARKS.md, unseen planted shops).
    const double searchShare = config.finishBest ? std::clamp(config.searchShare, 0.05, 1.0) : 1.0;
    auto activeDeadline = after(config.budgetMinutes * searchShare);
    bool cancelled = false, overBudget = false;
    auto stop = [&] {
        if (callbacks.shouldStop && callbacks.shouldStop())
            cancelled = true;
        else if (Clock::now() >= activeDeadline)
            overBudget = true;
        return cancelled || overBudget;
    };
    auto stage = [&](const std::string& s) {
        if (callbacks.onStage)
            callbacks.onStage(s);
    };

    const DatasetStats st = datasetStats(ds);
    const bool hasSide = !ds.categories.empty() || !ds.brands.empty();
    std::mt19937_64 rng(config.base.seed);
    const int eta = config.eta;

    TuneResult out;
    const HeldOutTransitions heldOut = makeHeldOutTransitions(ds, config.heldOutTransitions);
    out.record.heldOutTransitions = heldOut.positions;
    out.record.tuned = true;
    out.record.budgetMinutes = config.budgetMinutes;
    out.record.maxTrialEpochs = config.maxTrialEpochs;
    out.record.eta = eta;
    out.record.seed = config.base.seed;
    // The best trials of the whole search by the score of the weights their models hold
    // (ties: the earlier trial); finalists[0] is the search's winner.
    std::vector<Trial> finalists;
    const size_t keep = static_cast<size_t>(config.finishBest ? std::max(1, config.finalists) : 1);
    int nextId = 0;
    std::string lastError;
    double trialSeconds = 0.0; // wall time of every rung so far, for the next iteration's cost
    double trialEpochs = 0.0;

    // Trains one rung of one trial up to `epochsTarget` epochs and records it; a trial that
    // cannot be built, or is stopped before an epoch completes, records nothing.
    auto runRung = [&](Trial& t, int rung, int epochsTarget) {
        const auto r0 = Clock::now();
        if (!t.model) {
            auto m = SasRecModel::create(ds, t.config.model, t.config.seed + t.rec.id);
            if (!m) {
                lastError = m.error().message;
                return; // e.g. dim not divisible by heads: the trial scores nothing
            }
            t.model = std::make_unique<SasRecModel>(std::move(*m));
        }
        TrainConfig tc = t.config;
        tc.epochs = epochsTarget - t.rec.epochs;
        tc.seed = t.config.seed + static_cast<std::uint64_t>(t.rec.id * 7919 + rung);
        if (tc.epochs < 1)
            return;
        TrainCallbacks cb;
        cb.shouldStop = stop;
        auto res = train(*t.model, ds, tc, cb, &heldOut);
        if (!res) {
            lastError = res.error().message;
            return;
        }
        if (res->weightsEpoch == 0)
            return; // stopped before an epoch completed: nothing new to record
        t.rec.epochs += res->weightsEpoch;
        t.rec.validNdcg10 = res->epochs[static_cast<size_t>(res->weightsEpoch - 1)].validNdcg10;
        t.rec.rung = rung;
        t.rec.seconds = std::chrono::duration<double>(Clock::now() - r0).count();
        trialSeconds += t.rec.seconds;
        trialEpochs += res->weightsEpoch;
        t.scored = true;
        t.last = *res;
        out.record.trials.push_back(t.rec);
        if (callbacks.onTrial)
            callbacks.onTrial(t.rec);
    };

    // One bracket: successive halving over freshly drawn configurations; its best trial
    // replaces the best so far if its score is higher.
    auto runBracket = [&](int iteration, int R, int s, int ordinal) {
        const std::vector<Rung> rungs = bracketRungs(R, eta, s);
        std::vector<Trial> trials;
        for (int i = 0; i < rungs[0].trials; ++i) {
            Trial t;
            // The very first trial is what plain `train` would use, so the search always
            // weighs the default against the alternatives.
            t.config = nextId == 0
                           ? dataDrivenDefaults(ds, config.base)
                           : drawConfig(rng, config.base, st, hasSide, config.dims,
                                        iteration > 0 ? config.laterDepths : std::vector<int>{});
            t.config.patience = 0; // a rung keeps its last epoch; no early stopping inside
            t.rec = recordOf(nextId++, iteration, s, t.config);
            trials.push_back(std::move(t));
        }
        stage("iteration " + std::to_string(iteration + 1) + " (R = " + std::to_string(R) +
              " epochs), bracket " + std::to_string(ordinal) + " of " +
              std::to_string(maxBracket(R, eta) + 1) + ": " + std::to_string(rungs[0].trials) +
              " configurations, " + std::to_string(rungs.back().trials) + " to " +
              std::to_string(R) + " epochs");
        std::vector<size_t> alive(trials.size());
        for (size_t i = 0; i < alive.size(); ++i)
            alive[i] = i;
        for (int rung = 0; rung <= s && !alive.empty(); ++rung) {
            for (size_t idx : alive) {
                if (stop())
                    break;
                runRung(trials[idx], rung, rungs[static_cast<size_t>(rung)].epochs);
            }
            if (stop())
                break;
            // Successive halving: keep the best 1/eta (ties: the earlier trial).
            std::vector<size_t> ranked;
            for (size_t idx : alive)
                if (trials[idx].scored)
                    ranked.push_back(idx);
            std::stable_sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) {
                return trials[a].rec.validNdcg10 > trials[b].rec.validNdcg10;
            });
            if (rung == s)
                break;
            ranked.resize(std::min(
                ranked.size(), static_cast<size_t>(rungs[static_cast<size_t>(rung + 1)].trials)));
            for (size_t idx : ranked)
                for (auto it = out.record.trials.rbegin(); it != out.record.trials.rend(); ++it)
                    if (it->id == trials[idx].rec.id) {
                        it->promoted = true;
                        break;
                    }
            alive = ranked;
        }
        for (Trial& t : trials)
            if (t.scored)
                finalists.push_back(std::move(t));
        std::stable_sort(finalists.begin(), finalists.end(), [](const Trial& a, const Trial& b) {
            return a.rec.validNdcg10 > b.rec.validNdcg10;
        });
        if (finalists.size() > keep)
            finalists.erase(finalists.begin() + static_cast<std::ptrdiff_t>(keep), finalists.end());
    };

    // TuneConfig::finalists: each finalist trained again from another seed to its epochs,
    // scored as the trials are; returns the index of the best mean of the two scores, and the
    // chosen one keeps whichever of its two models validated better. 0 (the search's winner)
    // when the replicas would not fit or one is cut.
    auto judgeFinalists = [&]() -> size_t {
        double epochs = 0.0;
        for (const Trial& f : finalists)
            epochs += f.rec.epochs;
        const double need = epochs * trialSeconds / std::max(1.0, trialEpochs);
        const double left = std::chrono::duration<double>(activeDeadline - Clock::now()).count();
        if (need > 0.5 * left) {
            stage("finalists not judged over a second seed: about " +
                  std::to_string(static_cast<int>(need)) + " s needed, " +
                  std::to_string(static_cast<int>(left)) + " s left");
            return 0;
        }
        stage("judging the " + std::to_string(finalists.size()) +
              " best trials over a second seed");
        std::vector<Trial> replicas;
        for (const Trial& f : finalists) {
            Trial r;
            r.rec = f.rec;
            r.config = f.config;
            const std::uint64_t seed =
                f.config.seed + 1000003ULL * static_cast<std::uint64_t>(f.rec.id + 1);
            auto m = SasRecModel::create(ds, f.config.model, seed);
            if (!m)
                return 0;
            TrainConfig tc = f.config;
            tc.epochs = f.rec.epochs;
            tc.patience = 0;
            tc.seed = seed + 1;
            TrainCallbacks cb;
            cb.shouldStop = stop;
            auto res = train(*m, ds, tc, cb, &heldOut);
            if (!res || res->weightsEpoch < tc.epochs)
                return 0; // cut by the budget or cancelled: the search's choice stands
            r.rec.validNdcg10 = res->epochs.back().validNdcg10;
            r.model = std::make_unique<SasRecModel>(std::move(*m));
            r.last = *res;
            replicas.push_back(std::move(r));
        }
        size_t best = 0;
        for (size_t i = 0; i < finalists.size(); ++i) {
            for (auto it = out.record.trials.rbegin(); it != out.record.trials.rend(); ++it)
                if (it->id == finalists[i].rec.id) {
                    it->secondSeedValidNdcg10 = replicas[i].rec.validNdcg10;
                    break;
                }
            auto mean = [&](size_t k) {
                return finalists[k].rec.validNdcg10 + replicas[k].rec.validNdcg10;
            };
            if (mean(i) > mean(best))
                best = i;
        }
        if (replicas[best].rec.validNdcg10 > finalists[best].rec.validNdcg10)
            finalists[best] = std::move(replicas[best]);
        return best;
    };

    // Infinite-horizon Hyperband: iterations with R, R·eta, R·eta², ... while the search's
    // share of the budget lasts. The first iteration runs its most aggressive bracket first, as
    // in the paper; later ones start with the least aggressive (the brackets are independent,
    // so the order is free): they exist for configurations that start slowly. From the second
    // iteration on a bracket starts only if its epochs, at the mean seconds per trial epoch so
    // far, fit in what is left, so the minutes go to whole brackets, not to one the budget
    // cuts after its one-epoch rung.
    for (int iteration = 0; config.maxIterations <= 0 || iteration < config.maxIterations;
         ++iteration) {
        const double R = config.maxTrialEpochs * std::pow(eta, iteration);
        if (stop() || (iteration > 0 && R > config.base.epochs))
            break; // a later iteration's trials would train longer than the final training may
        const int smax = maxBracket(static_cast<int>(R), eta);
        bool complete = true;
        for (int k = 0; k <= smax && !stop(); ++k) {
            const int s = iteration == 0 ? smax - k : k;
            if (iteration > 0) {
                const double need = bracketEpochs(static_cast<int>(R), eta, s) * trialSeconds /
                                    std::max(1.0, trialEpochs);
                const double left =
                    std::chrono::duration<double>(activeDeadline - Clock::now()).count();
                if (need > left) {
                    stage("iteration " + std::to_string(iteration + 1) + ", bracket " +
                          std::to_string(k + 1) + " not started: about " +
                          std::to_string(static_cast<int>(need)) + " s needed, " +
                          std::to_string(static_cast<int>(left)) + " s of the search left");
                    complete = false;
                    continue;
                }
            }
            runBracket(iteration, static_cast<int>(R), s, k + 1);
        }
        if (stop() || !complete)
            break;
        out.record.iterations = iteration + 1;
    }
    if (finalists.empty())
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         cancelled ? "tuning cancelled before any trial completed an epoch"
                         : !lastError.empty()
                             ? "cannot tune: " + lastError
                             : "cannot tune: the budget ended before any trial completed an "
                               "epoch; give more minutes");

    // The data-driven default first, trained from scratch exactly as plain `train` trains it:
    // its cost is known (one plain training), so "never validates below plain train" holds
    // whenever the budget covers the search and that one training; the winner's final
    // training then gets whatever is left and keeps its trial weights if it is cut.
    const bool searchCut = overBudget;
    activeDeadline = deadline;
    overBudget = false;
    std::unique_ptr<SasRecModel> defaultModel;
    TrainConfig defaultConfig;
    TrainResult defaultResult;
    double defaultScore = -1.0;
    if (config.finishBest && config.defaultFinalist && finalists[0].rec.id != 0 && !stop()) {
        stage("training the data-driven default (trial 0) as plain train does");
        defaultConfig = dataDrivenDefaults(ds, config.base);
        if (auto m = SasRecModel::create(ds, defaultConfig.model, defaultConfig.seed)) {
            TrainCallbacks cb;
            cb.shouldStop = stop;
            auto res = train(*m, ds, defaultConfig, cb);
            if (res && res->weightsEpoch > 0) {
                out.record.defaultValidNdcg10 = res->bestValidNdcg10;
                defaultScore = res->bestValidNdcg10;
                defaultResult = *res;
                defaultModel = std::make_unique<SasRecModel>(std::move(*m));
            }
        }
    }
    // The finalists judged over a second seed (after the default, whose cost is known), then
    // the chosen one becomes the model.
    Trial& winner = finalists[finalists.size() > 1 && !stop() ? judgeFinalists() : 0];
    double bestScore = winner.rec.validNdcg10;
    const int bestEpochs = winner.rec.epochs;
    out.record.chosenTrial = winner.rec.id;
    out.chosen = winner.config;
    out.model = std::move(winner.model);
    out.final = winner.last;
    // The search scored its trials on held-out transitions; the final trainings and the
    // default validate on the validation purchases, so the winner is scored there too.
    if (heldOut.positions > 0) {
        bestScore =
            evaluate(*out.model, ds, validationEvalConfig(out.chosen)).metrics.at("ndcg@10");
    }
    // Final training of the chosen configuration with early stopping, while the budget lasts
    // (the search's unused share included, after the default's training). Its weights are kept only
    // if they beat the trial's (saved to a temporary file first).
    if (config.finishBest && !stop() && config.base.epochs > bestEpochs) {
        stage("final training of trial " + std::to_string(out.record.chosenTrial));
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path tmp =
            fs::temp_directory_path(ec) /
            ("reclens-tune-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
             std::to_string(config.base.seed) + ".ckpt");
        const bool saved = !ec && out.model->save(tmp.string()).ok();
        TrainConfig tc = out.chosen;
        tc.patience = config.finalPatience > 0 ? config.finalPatience : config.base.patience;
        tc.epochs = config.base.epochs - bestEpochs;
        TrainCallbacks cb;
        cb.shouldStop = stop;
        if (callbacks.onFinalEpoch)
            cb.onEpoch = [&](const EpochStats& e) {
                callbacks.onFinalEpoch(e, *out.model);
            };
        auto res = train(*out.model, ds, tc, cb);
        if (res && res->weightsEpoch > 0 && res->bestValidNdcg10 >= bestScore) {
            out.final = *res;
            bestScore = res->bestValidNdcg10;
        } else if (saved) {
            if (auto back = SasRecModel::load(tmp.string(), &ds))
                *out.model = std::move(*back);
        }
        fs::remove(tmp, ec);
    }
    // The default replaces the winner only when it validates better by more than the noise of
    // the comparison: one standard error of the paired per-customer difference, both models on
    // the same validation sample (each training validated on its own seed's sample).
    bool defaultWins = false;
    if (defaultModel && out.model) {
        const auto [gap, se] = pairedValidGap(*defaultModel, *out.model, ds, config.base);
        defaultWins = gap > se;
        if (!defaultWins && gap > 0)
            stage("kept trial " + std::to_string(out.record.chosenTrial) +
                  ": the default validated higher by less than one standard error");
    }
    if (defaultWins) {
        out.model = std::move(defaultModel);
        out.chosen = defaultConfig;
        out.record.chosenTrial = 0;
        out.record.defaultChosen = true;
        out.final = defaultResult;
        bestScore = defaultScore;
    }
    out.chosen.patience = config.base.patience;
    out.chosen.epochs = config.base.epochs;
    out.cancelled = cancelled;
    out.record.budgetExhausted = searchCut;
    out.record.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    ModelInfo& info = out.model->mutableInfo();
    info.training = out.chosen;
    info.training.model = info.config;
    info.metrics["valid.ndcg@10"] = bestScore;
    info.tuning = out.record;
    return out;
}

} // namespace reclens
