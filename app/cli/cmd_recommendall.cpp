// reclens-cli recommend --all: the top-K of every customer as JSON Lines, one shard of the batch
// per process (Slurm job arrays, Kubernetes Indexed Jobs), merged by reclens-cli merge.

#include "batch/recommendbatch.h"
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

int runRecommendAll(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {{"model", "PATH", "trained checkpoint (required)"}};
    for (auto& s : dataOptionSpecs())
        specs.push_back(s);
    const std::vector<OptionSpec> more = {
        {"all", "", "every customer with a history (this mode)"},
        {"out", "DIR", "output folder; the shard writes DIR/shards/ (required)"},
        {"k", "K", "recommendations per customer (default 10)"},
        excludeBoughtSpec(),
        {"exclude-seen", "", "the same as --exclude-bought on (older spelling)"},
        {"block-size", "B",
         "customers per model call and per shard block (default 256; all "
         "shards of a batch must use the same)"},
        {"threads", "T", "compute threads (default 0 = all cores)"},
        {"json", "", "print what the run did as JSON on stdout"},
    };
    specs.insert(specs.end(), more.begin(), more.end());
    for (const auto& s : shardOptionSpecs())
        specs.push_back(s);
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "recommend --all",
                std::string("The top-K of every customer with a history, one JSON object per "
                            "line ({\"user\", \"history_length\", \"items\": [{\"item\", "
                            "\"score\"}]}), plus the shard's part of the exact merchant view "
                            "(per product: top-K count and rank histogram over all "
                            "customers). Customers are cut into blocks of --block-size in "
                            "dataset order; block b belongs to part b mod n.\n\n") +
                    kShardHelp +
                    "\n\nExit codes: 0 ok (or the part was already finished), 2 usage, 3 "
                    "unreadable data or model, 4 internal error, 5 interrupted (nothing of "
                    "the part is kept; run it again).",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string outDir = args.require("out");
    batch::RecommendBatchConfig cfg;
    cfg.k = args.getInt("k", cfg.k);
    cfg.blockSize = args.getInt("block-size", cfg.blockSize);
    if (cfg.k < 1 || cfg.blockSize < 1)
        throw UsageError{"--k and --block-size must be at least 1"};
    const batch::ShardSpec shard = shardFromArgs(args);

    LoadedModel lm;
    if (int rc = loadModelAndData(args, "recommend", lm); rc != ExitOk)
        return rc;
    // The same resolution as every other ranking command, so a batch lists what `recommend`
    // lists for one customer.
    cfg.excludeSeen = excludeBoughtFromArgs(args, lm.data).excluded;
    auto digest = report::sha256File(args.get("model"));
    if (!digest)
        return fail("recommend", ExitBadInput, digest.error().message);
    const std::string fingerprint =
        batch::batchFingerprint("recommend", digest->sha256, lm.data.fingerprint,
                                batch::recommendSettingsJson(cfg), shard.count, cfg.blockSize);

    installBatchStopHandlers();
    const bool tty = stderrIsTerminal();
    auto result = batch::runRecommendShard(
        *lm.model, lm.data, cfg, shard, outDir, fingerprint,
        [&](std::int64_t done, std::int64_t total) {
            if (tty)
                std::cerr << "\rrecommend " << done << "/" << total << std::flush;
        },
        batchStopRequested);
    if (tty)
        std::cerr << "\n";
    return finishShardRun("recommend", shard, result, args.has("json"));
}

} // namespace reclens::cli
