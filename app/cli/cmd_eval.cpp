// reclens-cli eval: offline metrics of a trained checkpoint on a dataset's validation or test
// targets.

#include "cmd_excludebought.h"
#include "cmd_modelshared.h"
#include "cmd_searchshared.h"
#include "commands.h"
#include "eval/evaluator.h"
#include "model/sasrecmodel.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runEval(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {{"model", "MODEL", kModelOptionHelp}, itemMapOptionSpec()};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"split", "valid|test", "which held-out targets to rank (default test)"},
        {"protocol", "full|sampled100",
         "rank among all items (default) or 100 sampled unseen items"},
        {"k", "K", "extra cut-off for HR/NDCG/coverage besides 1, 5, 10, 20"},
        excludeBoughtSpec(),
        {"exclude-seen", "", "the same as --exclude-bought on (older spelling)"},
        {"max-users", "N", "evaluate a seeded sample of N customers (default all)"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print the metrics as a JSON object on stdout"},
        {"sasrec", "MODEL",
         "with --queries: a SASRec checkpoint, ranked without the query (history only)"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (auto& s : queryLogOptionSpecs())
        specs.push_back(s);
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "eval",
                "Evaluate a trained model: HR@K, NDCG@K, MRR, catalog coverage, Gini of "
                "exposure, mean popularity and long-tail share of the top-K. With --queries (a "
                "search "
                "model as --model): on each customer's last search, four rankers side by side - "
                "BM25, SASRec without the query (--sasrec), the search model, and the search "
                "model with an empty history.\n\nExit codes: "
                "0 ok, 2 usage, 3 unreadable data or model, or a model of another dataset.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    args.require("model"); // a usage error before the data are read
    EvalConfig ec;
    const std::string split = args.get("split", "test");
    if (split == "valid")
        ec.split = EvalSplit::Valid;
    else if (split != "test")
        throw UsageError{"--split expects valid or test, got '" + split + "'"};
    const std::string protocol = args.get("protocol", "full");
    if (protocol == "sampled100")
        ec.protocol = EvalProtocol::Sampled100;
    else if (protocol != "full")
        throw UsageError{"--protocol expects full or sampled100, got '" + protocol + "'"};
    const int k = args.getInt("k", 10);
    if (k < 1)
        throw UsageError{"--k must be at least 1"};
    if (std::find(ec.ks.begin(), ec.ks.end(), k) == ec.ks.end()) {
        ec.ks.push_back(k);
        std::sort(ec.ks.begin(), ec.ks.end());
    }
    ec.maxUsers = args.getInt("max-users", 0);
    setComputeThreads(args.getInt("threads", 0));
    if (args.has("queries")) // search mode: --model is a search model
        return evalSearchCommand(args, split, k, ec.maxUsers);

    auto ds = loadDataFromArgs(args);
    if (!ds)
        return reportFailure("eval", ExitBadInput, ds.error().message);
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, *ds);
    ec.excludeSeen = exclusion.excluded;
    auto opened = openModelFromArgs(args, *ds, "eval");
    if (!opened)
        return reportFailure("eval", ExitBadInput, modelLoadMessage(opened.error()));
    const SequenceModel* model = opened->model.get();
    const auto r = evaluate(*model, *ds, ec);

    if (args.has("json")) {
        nlohmann::json j(r.metrics);
        j["users"] = r.users;
        j["split"] = split;
        j["protocol"] = protocol;
        j["exclude_seen"] = ec.excludeSeen;
        addExcludeBoughtJson(j, exclusion);
        j["dataset"] = ds->name;
        std::cout << jsonText(j, 2) << "\n";
        return ExitOk;
    }
    std::printf("%s split, %s ranking%s, %lld customers\n", split.c_str(),
                protocol == "full" ? "full" : "sampled-100",
                ec.excludeSeen ? " among products not yet bought" : "",
                static_cast<long long>(r.users));
    std::printf("  MRR %.4f\n", r.metrics.at("mrr"));
    for (int kk : ec.ks)
        std::printf("  @%-3d HR %.4f  NDCG %.4f  coverage %.3f  gini %.3f  popularity %.1f  "
                    "long-tail %.3f\n",
                    kk, r.metrics.at("hr@" + std::to_string(kk)),
                    r.metrics.at("ndcg@" + std::to_string(kk)),
                    r.metrics.at("coverage@" + std::to_string(kk)),
                    r.metrics.at("gini@" + std::to_string(kk)),
                    r.metrics.at("popularity@" + std::to_string(kk)),
                    r.metrics.at("longtail@" + std::to_string(kk)));
    return ExitOk;
}

} // namespace reclens::cli
