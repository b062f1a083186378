// reclens-cli merge: joins the shards of one batch (recommend --all, report) into one JSON
// Lines file, one summary and (for reports) one index page. Needs neither model nor data.

#include "batch/merge.h"
#include "cmd_modelshared.h"
#include "commands.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runMerge(const std::vector<std::string>& argv) {
    const std::vector<OptionSpec> specs = {
        {"in", "DIR", "the --out folder of the batch (its shards/ subfolder is read)"},
        {"out", "DIR", "where the merged files go (default: the --in folder)"},
        {"json", "", "print what was merged as JSON on stdout"},
    };
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "merge",
                "Joins the finished shards of one batch in DIR/shards/ into "
                "recommendations.jsonl (recommend --all) or reports.jsonl plus index.html "
                "(report), in batch order, and summary.json: for recommend --all the exact "
                "merchant view over all customers (per product: top-K count, exposure share, "
                "rank histogram). The merged files hold no timings and no shard count, so any "
                "number of shards merges to the same bytes.\n\nExit codes: 0 ok, 2 usage, 3 a "
                "missing or unfinished shard, shards of different runs, or unreadable files.",
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const std::string in = args.require("in");
    const std::string out = args.get("out", in);
    auto r = batch::mergeShards(in, out);
    if (!r)
        return reportFailure("merge", ExitBadInput, r.error().message);
    if (args.has("json")) {
        std::cout << jsonText(nlohmann::json{{"kind", r->kind},
                                             {"shards", r->shards},
                                             {"lines", r->lines},
                                             {"shard_seconds", r->shardSeconds},
                                             {"outputs", r->outputs}},
                              1)
                  << "\n";
    } else {
        std::cout << "Merged " << r->shards << " shard(s), " << r->lines << " lines:";
        for (const auto& o : r->outputs)
            std::cout << " " << o;
        std::cout << "\n";
    }
    return ExitOk;
}

} // namespace reclens::cli
