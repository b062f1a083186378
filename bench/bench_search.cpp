// Search-mode benchmark: on Amazon Scientific and UCI Online Retail (from $RECLENS_DATA_DIR)
// with make-queries logs, trains SASRec (history only) and the search model, then prints the
// four rankers' HR@10 / NDCG@10 / MRR on the same test searches (each customer's last search,
// full ranking), seconds per epoch, the latency of one top-K search, and of one search plus the
// complete explanation of its top result (--bundle customers, default 100; median and p95).
//
//   bench_search [--only scientific|retail] [--epochs N] [--sasrec-epochs N] [--dim D]
//                [--layers N] [--heads H] [--dropout P] [--lr X] [--max-len L] [--threads T]
//                [--latency N] [--bundle N] [--seed S] [--save-prefix PATH]
//                [--search-model CKPT --sasrec-model CKPT]
//
// With --search-model and --sasrec-model (checkpoints of the same dataset, e.g. from
// reclens-cli train) nothing is trained: the rankers are evaluated and timed as they are
// (give --only too).

#include "benchstats.h"
#include "data/importers.h"
#include "data/querylog.h"
#include "eval/evaluator.h"
#include "model/computebackend.h"
#include "model/sasrecmodel.h"
#include "search/makequeries.h"
#include "search/searcheval.h"
#include "search/searchsplit.h"
#include "search/searchtrainer.h"
#include "searchbundlelatency.h"
#include "train/trainer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

using namespace reclens;

namespace {

struct Options {
    std::map<std::string, std::string> values;
    double num(const std::string& k, double fallback) const {
        return values.count(k) ? std::atof(values.at(k).c_str()) : fallback;
    }
};

/// Searches for the bundle latency (searchbundlelatency.h): test searches of 2-6 query words
/// when there are --bundle of them (else all), the longest histories first (up to the model's
/// length).
std::vector<bench::TimedSearch> bundleSearches(const Dataset& ds, const QueryLog& log,
                                               const search::SearchModel& model,
                                               const std::vector<search::SearchSample>& test,
                                               int wanted) {
    auto pool = search::sampleSearches(test, 0, 11);
    std::vector<search::SearchSample> words26;
    for (const auto& s : pool) {
        const auto n =
            model.encodeQuery(log.records[static_cast<std::size_t>(s.record)].query).ids.size();
        if (n >= 2 && n <= 6)
            words26.push_back(s);
    }
    if (static_cast<int>(words26.size()) >= wanted)
        pool = words26;
    std::stable_sort(pool.begin(), pool.end(), [&](const auto& a, const auto& b) {
        return std::min(a.position, model.maxLength()) > std::min(b.position, model.maxLength());
    });
    pool.resize(std::min(pool.size(), static_cast<std::size_t>(std::max(0, wanted))));
    std::vector<bench::TimedSearch> out;
    for (const auto& s : pool)
        out.push_back({search::searchHistory(ds, s, model.maxLength()),
                       log.records[static_cast<std::size_t>(s.record)].query});
    return out;
}

int runOne(const std::string& label, const std::string& path, const Options& o) {
    auto ds = loadDataset(path);
    if (!ds) {
        std::fprintf(stderr, "%s: %s\n", label.c_str(), ds.error().message.c_str());
        return 1;
    }
    const auto made = search::makeQueries(*ds);
    QueryLog log;
    log.sourcePath = "make-queries";
    log.datasetFingerprint = ds->fingerprint;
    log.records = made.records;
    std::printf("%s: %zu customers, %zu items; %zu made queries (%s, %.2f words, %lld purchases "
                "without one, root '%s')\n",
                label.c_str(), ds->users.size(), ds->items.size(), made.records.size(),
                search::querySourceName(made.source), made.meanWords,
                static_cast<long long>(made.withoutQuery), made.root.c_str());

    TrainConfig tc;
    tc.model.dim = static_cast<int>(o.num("dim", tc.model.dim));
    tc.model.layers = static_cast<int>(o.num("layers", tc.model.layers));
    tc.model.heads = static_cast<int>(o.num("heads", tc.model.heads));
    tc.model.dropout = static_cast<float>(o.num("dropout", tc.model.dropout));
    tc.model.maxLength = static_cast<int>(o.num("max-len", tc.model.maxLength));
    tc.learningRate = static_cast<float>(o.num("lr", tc.learningRate));
    tc.threads = static_cast<int>(o.num("threads", 0));
    tc.seed = static_cast<std::uint64_t>(o.num("seed", 42));

    setComputeThreads(tc.threads);
    const bool given = o.values.count("search-model") && o.values.count("sasrec-model");
    auto sasrec = given ? SasRecModel::load(o.values.at("sasrec-model"), &*ds)
                        : SasRecModel::create(*ds, tc.model, tc.seed);
    auto model = given ? search::SearchModel::load(o.values.at("search-model"), &*ds)
                       : search::SearchModel::create(*ds, tc.model, {}, tc.seed);
    if (!sasrec || !model) {
        std::fprintf(stderr, "%s\n", (!sasrec ? sasrec.error() : model.error()).message.c_str());
        return 1;
    }
    if (!given) {
        TrainConfig sc = tc;
        sc.epochs = static_cast<int>(o.num("sasrec-epochs", 200));
        auto sr = train(*sasrec, *ds, sc);
        if (!sr)
            return 1;
        std::printf("  SASRec: %d epochs, %.1f s/epoch\n", sr->epochsRun,
                    sr->seconds / std::max(1, sr->epochsRun));
        tc.epochs = static_cast<int>(o.num("epochs", 200));
        auto r = search::trainSearch(*model, *ds, log, tc);
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().message.c_str());
            return 1;
        }
        std::printf("  search model: %d epochs (best %d), %.1f s/epoch, %d words\n", r->epochsRun,
                    r->bestEpoch, r->seconds / std::max(1, r->epochsRun),
                    model->vocabulary().size());
        if (o.values.count("save-prefix")) { // to time or evaluate again without training
            const std::string prefix = o.values.at("save-prefix");
            if (!model->save(prefix + "search.ckpt").ok() ||
                !sasrec->save(prefix + "sasrec.ckpt").ok())
                std::fprintf(stderr, "could not save the models at %s*\n", prefix.c_str());
        }
    }

    search::SearchEvalConfig ec;
    ec.maxUsers = static_cast<int>(o.num("max-users", 0));
    const auto e = search::evaluateSearch(*ds, log, &*model, &*sasrec, ec);
    std::printf("  test: %lld searches, %.2f words, %lld empty, mean gate %.3f\n",
                static_cast<long long>(e.searches), e.meanQueryWords,
                static_cast<long long>(e.emptyQueries), e.meanGate);
    for (const auto& k : e.rankers)
        std::printf("    %-18s HR@10 %.4f  NDCG@10 %.4f  MRR %.4f\n", k.name.c_str(),
                    k.metrics.at("hr@10"), k.metrics.at("ndcg@10"), k.metrics.at("mrr"));

    // Latency of one search (score all items + top 10), one request at a time.
    const auto split = search::splitSearchLog(*ds, log);
    const auto samples =
        search::sampleSearches(split.test, static_cast<int>(o.num("latency", 200)), 7);
    std::vector<double> ms;
    for (const auto& s : samples) {
        const auto ids =
            model->encodeQuery(log.records[static_cast<std::size_t>(s.record)].query).ids;
        const auto t0 = std::chrono::steady_clock::now();
        const auto scored =
            model->scoreAll({{search::searchHistory(*ds, s, model->maxLength()), ids}});
        const auto top = topK(scored.scores.data(), scored.itemCount, 10);
        ms.push_back(bench::msSince(t0));
        if (top.empty())
            return 1;
    }
    std::printf("  top-10 search latency over %zu customers: median %.2f ms, p95 %.2f ms\n",
                ms.size(), bench::percentile(ms, 0.5), bench::percentile(ms, 0.95));
    const auto searches =
        bundleSearches(*ds, log, *model, split.test, static_cast<int>(o.num("bundle", 100)));
    if (!searches.empty())
        bench::printBundleLatency(*ds, *model, searches, tc.threads);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2)
        o.values[std::string(argv[i]).substr(2)] = argv[i + 1];
    const char* dir = std::getenv("RECLENS_DATA_DIR");
    if (!dir) {
        std::fprintf(stderr, "set RECLENS_DATA_DIR to the folder with the real datasets\n");
        return 1;
    }
    const std::string only = o.values.count("only") ? o.values.at("only") : "";
    int rc = 0;
    if (only.empty() || only == "scientific")
        rc |= runOne("Amazon Scientific", std::string(dir) + "/amazon-scientific-unisrec", o);
    if (only.empty() || only == "retail")
        rc |= runOne("UCI Online Retail", std::string(dir) + "/uci-online-retail", o);
    return rc;
}
