// reclens-cli explain-item --all: the exact merchant view of one product over every customer,
// one shard of the batch per process (Slurm job arrays, Kubernetes Indexed Jobs), merged by
// reclens-cli merge. The one-machine explain-item samples; this is its cluster path.

#include "batch/merchantbatch.h"
#include "batch/shardfiles.h"
#include "cmd_batchshared.h"
#include "cmd_excludebought.h"
#include "cmd_explainshared.h"
#include "cmd_modelshared.h"
#include "commands.h"
#include "report/sha256.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runExplainItemAll(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {{"model", "PATH", kModelOptionHelp}, itemMapOptionSpec()};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"all", "", "every customer with a history, exact (this mode)"},
        {"item", "ID", "item id as in the source data (required)"},
        {"out", "DIR", "output folder; the shard writes DIR/shards/ (required)"},
        {"k", "K", "top-K (default 10)"},
        excludeBoughtSpec(),
        {"block-size", "B",
         "customers per shard block (default 256; all shards of a batch must use the same)"},
        {"top-drivers", "N", "entries in each merged driver list (default 20)"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print what the run did as JSON on stdout"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& s : shardOptionSpecs())
        specs.push_back(s);
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "explain-item --all",
                std::string(
                    "The merchant view of one product over every customer with a history, "
                    "without sampling: one JSON object per customer ({\"user\", "
                    "\"history_length\", \"rank\"} and, when the product is in the top-K, "
                    "\"driver\", \"driver_score_drop\", \"driver_verified\": the purchase whose "
                    "removal lowers its score most, re-checked by a forward pass without it). "
                    "reclens-cli merge writes customers.jsonl and summary.json: top-K count and "
                    "share, exposure against popularity, mean and best rank, rank histogram and "
                    "the drivers by product, category and brand.\n\n") +
                    kShardHelp +
                    "\n\nExit codes: 0 ok (or the part was already finished), 2 usage, 3 "
                    "unreadable data or model or unknown item, 4 internal error, 5 interrupted "
                    "(nothing of the part is kept; run it again).",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string outDir = args.require("out");
    const std::string itemId = args.require("item");
    batch::MerchantBatchConfig cfg;
    cfg.k = args.getInt("k", cfg.k);
    cfg.blockSize = args.getInt("block-size", cfg.blockSize);
    cfg.topDrivers = args.getInt("top-drivers", cfg.topDrivers);
    if (cfg.k < 1 || cfg.blockSize < 1 || cfg.topDrivers < 1)
        throw UsageError{"--k, --block-size and --top-drivers must be at least 1"};
    const batch::ShardSpec shard = shardFromArgs(args);

    LoadedModel lm;
    if (int rc = loadModelAndData(args, "explain-item", lm); rc != ExitOk)
        return rc;
    const Dataset& ds = lm.data;
    cfg.item = ds.findItem(itemId);
    if (cfg.item < 0)
        return fail("explain-item", ExitBadInput,
                    "unknown item '" + itemId + "' (not in " + ds.sourcePath + ")");
    // The same candidates as the sampled explain-item: each customer's own purchases leave
    // the ranking, the analysed product always stays.
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, ds);
    const CandidateFilterModel candidates =
        exclusion.excluded ? CandidateFilterModel::perHistory(*lm.model, cfg.item)
                           : CandidateFilterModel(*lm.model, {});
    auto digest = report::sha256File(args.get("model"));
    if (!digest)
        return fail("explain-item", ExitBadInput, digest.error().message);
    nlohmann::json settings = batch::merchantSettingsJson(cfg, ds);
    settings["exclude_bought"] = exclusion.excluded;
    const std::string fingerprint = batch::batchFingerprint(
        "merchant", digest->sha256, ds.fingerprint, settings, shard.count, cfg.blockSize);

    installBatchStopHandlers();
    const bool tty = stderrIsTerminal();
    auto result = batch::runMerchantShard(
        candidates, ds, cfg, shard, outDir, fingerprint,
        [&](std::int64_t done, std::int64_t total) {
            if (tty)
                std::cerr << "\rexplain-item " << done << "/" << total << std::flush;
        },
        batchStopRequested);
    if (tty)
        std::cerr << "\n";
    return finishShardRun("explain-item", shard, result, args.has("json"));
}

} // namespace reclens::cli
