// Query-log options and the search model's training and evaluation commands.

#include "cmd_searchshared.h"
#include "cmd_modelshared.h"
#include "model/modeljson.h"
#include "model/sasrecmodel.h"
#include "search/searcheval.h"
#include "search/searchtrainer.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace reclens::cli {

namespace {

nlohmann::json rankersJson(const search::SearchEvalResult& r) {
    nlohmann::json rankers = nlohmann::json::object();
    for (const auto& k : r.rankers) {
        rankers[k.name] = k.metrics;
        rankers[k.name]["seconds"] = k.seconds;
    }
    return {{"searches", r.searches},
            {"mean_query_words", r.meanQueryWords},
            {"empty_queries", r.emptyQueries},
            {"mean_gate", r.meanGate},
            {"rankers", rankers}};
}

void printRankers(const search::SearchEvalResult& r, int k) {
    const std::string K = std::to_string(k);
    std::printf("%lld searches (%.2f query words on average, %lld without a word), full ranking; "
                "mean personalisation gate %.3f\n",
                static_cast<long long>(r.searches), r.meanQueryWords,
                static_cast<long long>(r.emptyQueries), r.meanGate);
    for (const auto& x : r.rankers)
        std::printf("  %-18s HR@%s %.4f  NDCG@%s %.4f  MRR %.4f\n", x.name.c_str(), K.c_str(),
                    x.metrics.at("hr@" + K), K.c_str(), x.metrics.at("ndcg@" + K),
                    x.metrics.at("mrr"));
}

} // namespace

std::vector<OptionSpec> queryLogOptionSpecs() {
    return {{"queries", "FILE",
             "search log CSV user,query,item,timestamp (reclens-cli "
             "make-queries writes one)"},
            {"query-user-column", "NAME", "user column of the log (default user)"},
            {"query-column", "NAME", "query column of the log (default query)"},
            {"query-item-column", "NAME", "item column of the log (default item)"},
            {"query-time-column", "NAME",
             "time column of the log (default timestamp; optional in the file)"}};
}

std::vector<OptionSpec> searchTrainOptionSpecs() {
    auto specs = queryLogOptionSpecs();
    specs.push_back({"query-words", "N", "search model: query words it reads (default 8)"});
    specs.push_back({"min-word-count", "N",
                     "search model: catalog occurrences for a word to get its own id, rarer "
                     "words share the unknown-word id (default 2)"});
    return specs;
}

Expected<QueryLog> loadQueryLogFromArgs(const Args& args, const Dataset& ds) {
    QueryLogOptions o;
    o.userColumn = args.get("query-user-column", o.userColumn);
    o.queryColumn = args.get("query-column", o.queryColumn);
    o.itemColumn = args.get("query-item-column", o.itemColumn);
    o.timeColumn = args.get("query-time-column", o.timeColumn);
    auto log = loadQueryLog(args.require("queries"), ds, o);
    if (log)
        for (const auto& note : log->cleanup.notes)
            std::fprintf(stderr, "query log: %s\n", note.c_str());
    return log;
}

int trainSearchCommand(const Args& args, const Dataset& ds, const TrainConfig& config,
                       const std::string& out) {
    auto log = loadQueryLogFromArgs(args, ds);
    if (!log)
        return reportFailure("train", ExitBadInput, log.error().message);
    SearchSpec spec;
    spec.maxQueryWords = args.getInt("query-words", spec.maxQueryWords);
    spec.minWordCount = args.getInt("min-word-count", spec.minWordCount);
    if (spec.maxQueryWords < 1 || spec.minWordCount < 1)
        throw UsageError{"--query-words and --min-word-count must be at least 1"};
    auto model = search::SearchModel::create(ds, config.model, spec, config.seed);
    if (!model)
        return reportFailure("train", ExitUsage, model.error().message);
    std::string saveError;
    auto result = runInterruptibleTraining(
        [&](const TrainCallbacks& cb) { return search::trainSearch(*model, ds, *log, config, cb); },
        [&] { return model->save(out); }, saveError);
    if (!saveError.empty())
        return reportFailure("train", ExitBadInput, saveError);
    if (!result)
        return reportFailure(
            "train", result.error().code == ErrorCode::Internal ? ExitInternal : ExitBadInput,
            result.error().message);
    if (result->weightsEpoch == 0)
        return reportFailure("train", ExitCancelled,
                             "interrupted before the first epoch ended; nothing written");
    search::SearchEvalConfig ec;
    const auto test = search::evaluateSearch(ds, *log, &*model, nullptr, ec);
    auto& info = model->mutableInfo();
    for (const auto& k : test.rankers)
        for (const auto& [key, value] : k.metrics)
            info.metrics["test." + k.name + "." + key] = value;
    if (auto st = model->save(out); !st)
        return reportFailure("train", ExitBadInput, st.error().message);
    if (args.has("json")) {
        nlohmann::json j = {{"model", out},
                            {"task", "search"},
                            {"dataset", ds.name},
                            {"epochs", result->epochsRun},
                            {"best_epoch", result->bestEpoch},
                            {"seconds", result->seconds},
                            {"seconds_per_epoch",
                             result->epochsRun > 0 ? result->seconds / result->epochsRun : 0.0},
                            {"cancelled", result->cancelled},
                            {"valid_ndcg10", result->bestValidNdcg10},
                            {"vocabulary", model->vocabulary().size()},
                            {"test", rankersJson(test)}};
        std::cout << jsonText(j, 2) << "\n";
    } else {
        std::printf("Trained the search model: %d epoch(s) in %.1f s (best epoch %d, valid "
                    "NDCG@10 %.4f), %d words\n",
                    result->epochsRun, result->seconds, result->bestEpoch, result->bestValidNdcg10,
                    model->vocabulary().size());
        printRankers(test, 10);
        std::printf("Wrote %s\n", out.c_str());
    }
    return result->cancelled ? ExitCancelled : ExitOk;
}

int evalSearchCommand(const Args& args, const std::string& split, int k, int maxUsers) {
    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("eval", ExitBadInput, ds.error().message);
    auto log = loadQueryLogFromArgs(args, *ds);
    if (!log)
        return reportFailure("eval", ExitBadInput, log.error().message);
    auto model = search::SearchModel::load(args.require("model"), &*ds);
    if (!model)
        return reportFailure("eval", ExitBadInput, modelLoadMessage(model.error()));
    std::unique_ptr<SasRecModel> sasrec;
    if (args.has("sasrec")) {
        auto s = SasRecModel::load(args.get("sasrec"), &*ds);
        if (!s)
            return reportFailure("eval", ExitBadInput, modelLoadMessage(s.error()));
        sasrec = std::make_unique<SasRecModel>(std::move(*s));
    }
    search::SearchEvalConfig ec;
    ec.split = split == "valid" ? EvalSplit::Valid : EvalSplit::Test;
    ec.ks = {k};
    if (k != 10)
        ec.ks.insert(ec.ks.begin(), 10);
    ec.maxUsers = maxUsers;
    const auto r = search::evaluateSearch(*ds, *log, &*model, sasrec.get(), ec);
    if (args.has("json")) {
        auto j = rankersJson(r);
        j["split"] = split;
        j["dataset"] = ds->name;
        std::cout << jsonText(j, 2) << "\n";
        return ExitOk;
    }
    std::printf("%s split, search mode, ", split.c_str());
    printRankers(r, k);
    if (!sasrec)
        std::printf("  (no --sasrec checkpoint given: the history-only ranker is left out)\n");
    return ExitOk;
}

} // namespace reclens::cli
