#include "cmd_traintune.h"

#include "cmd_modelshared.h"
#include "eval/evaluator.h"
#include "model/modeljson.h"
#include "train/tuner.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

namespace {

std::string describe(const TrialRecord& t) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "dropout %.1f lr %.0e wd %.0e dim %d heads %d len %d %s",
                  static_cast<double>(t.model.dropout), static_cast<double>(t.learningRate),
                  static_cast<double>(t.weightDecay), t.model.dim, t.model.heads, t.model.maxLength,
                  !(t.model.useCategory || t.model.useBrand) ? "no-features"
                  : t.model.outputFeatures                   ? "features+candidates"
                                                             : "features");
    return buf;
}

} // namespace

int runTuneAndSave(const Args& args, const Dataset& ds, const TrainConfig& base,
                   const ExcludeBoughtChoice& exclusion, const std::string& out,
                   const std::atomic_bool& interrupted) {
    TuneConfig cfg;
    cfg.base = base;
    cfg.budgetMinutes = args.getDouble("budget", cfg.budgetMinutes);
    if (!(cfg.budgetMinutes > 0.0))
        throw UsageError{"--budget expects a positive number of minutes"};
    cfg.maxTrialEpochs = args.getInt("trial-epochs", cfg.maxTrialEpochs);
    if (cfg.maxTrialEpochs < 1)
        throw UsageError{"--trial-epochs must be at least 1"};
    cfg.heldOutTransitions = args.getInt("held-out", cfg.heldOutTransitions);
    if (cfg.heldOutTransitions < 0)
        throw UsageError{"--held-out must be 0 or more"};
    TuneCallbacks cb;
    cb.onStage = [](const std::string& s) {
        std::fprintf(stderr, "tune: %s\n", s.c_str());
    };
    cb.onTrial = [](const TrialRecord& t) {
        std::fprintf(stderr,
                     "trial %3d  iteration %d bracket %d rung %d  epochs %2d  valid NDCG@10 %.4f  "
                     "%5.1f s  %s%s\n",
                     t.id, t.iteration + 1, t.bracket, t.rung, t.epochs, t.validNdcg10, t.seconds,
                     describe(t).c_str(), t.promoted ? "  promoted" : "");
    };
    cb.shouldStop = [&] {
        return interrupted.load();
    };
    auto result = tune(ds, cfg, cb);
    if (!result)
        return reportFailure("train", interrupted ? ExitCancelled : ExitBadInput,
                             result.error().message);
    SasRecModel& model = *result->model;
    EvalConfig ec; // test split, full ranking, among the same candidates as validation
    ec.excludeSeen = base.excludeBought;
    const auto test = evaluate(model, ds, ec);
    auto& info = model.mutableInfo();
    for (const auto& [key, value] : test.metrics)
        if (key != "users")
            info.metrics["test." + key] = value;
    info.metrics["test.users"] = static_cast<double>(test.users);
    if (auto st = model.save(out); !st)
        return reportFailure("train", ExitBadInput, st.error().message);
    const TuningRecord& rec = info.tuning;
    if (args.has("json")) {
        nlohmann::json j = {{"model", out},
                            {"dataset", ds.name},
                            {"tuned", true},
                            {"budget_minutes", rec.budgetMinutes},
                            {"seconds", rec.seconds},
                            {"budget_exhausted", rec.budgetExhausted},
                            {"cancelled", result->cancelled},
                            {"chosen_trial", rec.chosenTrial},
                            {"held_out_transitions", rec.heldOutTransitions},
                            {"default_chosen", rec.defaultChosen},
                            {"default_valid_ndcg10", rec.defaultValidNdcg10},
                            {"valid_ndcg10", info.metrics["valid.ndcg@10"]},
                            {"test", test.metrics},
                            {"config", info.training},
                            {"trials", rec.trials}};
        addExcludeBoughtJson(j, exclusion);
        std::cout << jsonText(j, 2) << "\n";
    } else {
        std::printf("Tuned in %.1f s of a %.1f min budget%s: %zu trial rungs, chosen trial %d "
                    "(valid NDCG@10 %.4f)\n",
                    rec.seconds, rec.budgetMinutes, rec.budgetExhausted ? " (budget reached)" : "",
                    rec.trials.size(), rec.chosenTrial, info.metrics["valid.ndcg@10"]);
        if (rec.defaultValidNdcg10 >= 0.0)
            std::printf("The data-driven default trained to the end: valid NDCG@10 %.4f (%s)\n",
                        rec.defaultValidNdcg10,
                        rec.defaultChosen ? "better, chosen" : "lower than the search's winner");
        std::printf("Test (full ranking, %lld customers): HR@10 %.4f  NDCG@10 %.4f  MRR %.4f\n",
                    static_cast<long long>(test.users), test.metrics.at("hr@10"),
                    test.metrics.at("ndcg@10"), test.metrics.at("mrr"));
        std::printf("Wrote %s\n", out.c_str());
    }
    return result->cancelled ? ExitCancelled : ExitOk;
}

} // namespace reclens::cli
