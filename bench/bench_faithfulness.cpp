// Faithfulness benchmark in the recommender-explanation standard (LXR, Gurevitch et al., ACM
// TORS 2025): for a seeded sample of test customers of each dataset, explain the model's top-1
// after the customer's test history with every attribution method, and print ONE table of
// dataset × method × POS@k / NEG@k areas (k = 1, 5, 10, 20) and the deletion / insertion AUCs,
// with the random and popularity references, then the goal per dataset: the best
// method's POS@10 area at least 2× lower than random's (docs/BENCHMARKS.md).
//
//   bench_faithfulness [--only scientific|retail|movielens] [--users N] [--epochs N]
//                      [--threads T] [--cache DIR] [--latency N]
//
// Models (SASRec defaults, maximum length 50, at most --epochs epochs with early stopping) are
// trained once with a fixed seed and cached as DIR/bench_faithfulness_<dataset>.pt. --latency N
// first times N full bundles with ExplainConfig::lxr off and on (what LXR costs).

#include "benchstats.h"
#include "data/importers.h"
#include "explain/explainmethods.h"
#include "explain/lxr.h"
#include "model/computebackend.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>

using namespace reclens;
using bench::msSince;
using bench::percentile;
namespace fs = std::filesystem;

namespace {

constexpr int kMaxLength = 50;
constexpr size_t kMinHistory = 3; // shorter histories have too few steps to rank orders

struct Options {
    std::string only;
    int users = 500;
    int epochs = 8; // cap: UCI takes ~25 s per epoch at length 50 on an idle machine
    int threads = 2;
    std::string cache = "/work/bench-cache";
    int latency = 0; // > 0: also time this many full bundles with LXR off and on
};

Expected<SasRecModel> trainedModel(const Dataset& ds, const std::string& name, const Options& opt) {
    std::error_code ec;
    fs::create_directories(opt.cache, ec);
    const std::string path =
        (fs::path(opt.cache) / ("bench_faithfulness_" + name + ".pt")).string();
    if (fs::exists(path)) {
        auto m = SasRecModel::load(path, &ds);
        if (m.ok() && m->maxLength() == kMaxLength) {
            std::cout << "  model: cached " << path << "\n";
            return m;
        }
    }
    TrainConfig tc;
    tc.model.maxLength = kMaxLength;
    tc.epochs = opt.epochs;
    tc.threads = opt.threads;
    tc.validUsers = 1000;
    auto m = SasRecModel::create(ds, tc.model, tc.seed);
    if (!m)
        return m.error();
    TrainCallbacks cb;
    cb.onEpoch = [](const EpochStats& e) {
        std::cout << "  epoch " << e.epoch << ": loss " << e.loss << ", valid NDCG@10 "
                  << e.validNdcg10 << " (" << e.seconds << " s)\n"
                  << std::flush;
    };
    auto r = train(*m, ds, tc, cb);
    if (!r)
        return r.error();
    std::cout << "  trained " << r->epochsRun << " epochs in " << r->seconds << " s\n";
    if (auto st = m->save(path); !st)
        std::cout << "  (could not cache: " << st.error().message << ")\n";
    return m;
}

/// Test histories (everything before the held-out test item, last 50) of a seeded sample of
/// customers with at least kMinHistory items there.
std::vector<History> testHistories(const Dataset& ds, int count) {
    std::vector<UserIndex> users;
    for (size_t u = 0; u < ds.users.size(); ++u)
        if (ds.historyFor(static_cast<UserIndex>(u), EvalSplit::Test).size() >= kMinHistory)
            users.push_back(static_cast<UserIndex>(u));
    std::mt19937_64 rng(11);
    std::shuffle(users.begin(), users.end(), rng);
    std::vector<History> out;
    for (UserIndex u : users) {
        if (static_cast<int>(out.size()) >= count)
            break;
        out.push_back(clipHistory(ds.historyFor(u, EvalSplit::Test), kMaxLength));
    }
    return out;
}

struct Row {
    std::string dataset, method;
    std::vector<float> pos, neg; // areas per k
    double del = -1, ins = -1;   // mean AUCs; -1 = not defined for this row
};

struct DatasetResult {
    std::vector<Row> rows;
    std::string note;
};

DatasetResult run(const std::string& name, const SequenceModel& model, const Dataset& ds,
                  const std::vector<History>& histories, int threads) {
    std::vector<LxrReport> reports;
    std::map<std::string, std::pair<double, double>> auc; // method → (Σ deletion, Σ insertion)
    double randomDel = 0, randomIns = 0;
    std::vector<double> bundleMs, faithMs, lengths;
    ExplainConfig cfg;
    cfg.threads = threads;
    cfg.methods.whatIf = false; // not needed here; keeps the run short
    cfg.methods.counterfactual = false;
    cfg.methods.features = false;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& h : histories) {
        const auto b = explain(model, ds, h, -1, cfg);
        if (!b.faithfulness || !b.faithfulness->lxr)
            continue;
        reports.push_back(*b.faithfulness->lxr);
        for (const auto& f : b.faithfulness->methods) {
            auc[f.method].first += f.deletionAuc;
            auc[f.method].second += f.insertionAuc;
        }
        randomDel += b.faithfulness->randomDeletionAuc;
        randomIns += b.faithfulness->randomInsertionAuc;
        double total = 0;
        for (const auto& [part, ms] : b.timingsMs)
            total += ms;
        bundleMs.push_back(total);
        faithMs.push_back(b.timingsMs.count("faithfulness") ? b.timingsMs.at("faithfulness") : 0);
        lengths.push_back(static_cast<double>(b.history.size()));
        if (reports.size() % 100 == 0)
            std::cerr << "  " << name << ": " << reports.size() << "/" << histories.size() << " ("
                      << msSince(t0) / 1000 << " s)\n";
    }
    std::vector<const LxrReport*> ptrs;
    for (const auto& r : reports)
        ptrs.push_back(&r);
    const LxrReport mean = aggregateLxr(ptrs);
    const double n = std::max<double>(1, static_cast<double>(reports.size()));
    DatasetResult out;
    for (const auto& m : mean.methods)
        out.rows.push_back({name, m.method, m.pos.areas, m.neg.areas, auc[m.method].first / n,
                            auc[m.method].second / n});
    for (const auto& m : mean.references) {
        const bool random = m.method == "random";
        out.rows.push_back({name, m.method, m.pos.areas, m.neg.areas, random ? randomDel / n : -1,
                            random ? randomIns / n : -1});
    }
    std::ostringstream note;
    note << std::fixed << std::setprecision(1) << name << ": " << reports.size()
         << " customers, history length median " << percentile(lengths, 0.5) << " (min "
         << percentile(lengths, 0) << ", max " << percentile(lengths, 1)
         << "); bundle (no what-if/counterfactual/features) median " << percentile(bundleMs, 0.5)
         << " ms, faithfulness + LXR part median " << percentile(faithMs, 0.5) << " ms";
    out.note = note.str();
    return out;
}

/// What LXR costs: the default bundle (every part) on the same histories with
/// ExplainConfig::lxr off and on, alternating, so machine load hits both alike.
void latency(const std::string& name, const SequenceModel& model, const Dataset& ds,
             const std::vector<History>& histories, int threads) {
    std::map<bool, std::vector<double>> faith, total, cpu, scored;
    for (const auto& h : histories)
        for (bool on : {false, true}) {
            ExplainConfig cfg;
            cfg.threads = threads;
            cfg.lxr = on;
            const auto b = explain(model, ds, h, -1, cfg);
            faith[on].push_back(b.timingsMs.count("faithfulness") ? b.timingsMs.at("faithfulness")
                                                                  : 0);
            double t = 0;
            for (const auto& [part, ms] : b.timingsMs)
                t += ms;
            total[on].push_back(t);
            cpu[on].push_back(b.cpuMs.count("total") ? b.cpuMs.at("total") : 0);
            scored[on].push_back(static_cast<double>(b.historiesScored));
        }
    std::cout << std::fixed << std::setprecision(1) << "  latency, " << name << ", "
              << histories.size() << " full bundles (median / p95 ms):\n";
    for (bool on : {false, true})
        std::cout << "    LXR " << (on ? "on " : "off") << ": faithfulness part "
                  << percentile(faith[on], 0.5) << " / " << percentile(faith[on], 0.95)
                  << ", bundle wall " << percentile(total[on], 0.5) << " / "
                  << percentile(total[on], 0.95) << ", bundle CPU " << percentile(cpu[on], 0.5)
                  << ", distinct histories scored " << percentile(scored[on], 0.5) << "\n";
}

void printTable(const std::vector<DatasetResult>& results) {
    const int kIdx10 = 2; // ks = {1, 5, 10, 20}
    std::cout << "\n== POS@k / NEG@k areas (trapezoid over the removed fraction 0..1; POS lower "
                 "= better, NEG higher = better), deletion / insertion AUC\n";
    std::cout << std::left << std::setw(12) << "dataset" << std::setw(19) << "method" << std::right;
    for (const char* h :
         {"POS@1", "POS@5", "POS@10", "POS@20", "NEG@1", "NEG@5", "NEG@10", "NEG@20", "DEL", "INS"})
        std::cout << std::setw(8) << h;
    std::cout << "\n" << std::fixed << std::setprecision(3);
    for (const auto& r : results)
        for (const auto& row : r.rows) {
            std::cout << std::left << std::setw(12) << row.dataset << std::setw(19) << row.method
                      << std::right;
            for (float a : row.pos)
                std::cout << std::setw(8) << a;
            for (float a : row.neg)
                std::cout << std::setw(8) << a;
            for (double v : {row.del, row.ins})
                if (v < 0)
                    std::cout << std::setw(8) << "-";
                else
                    std::cout << std::setw(8) << v;
            std::cout << "\n";
        }
    std::cout << "\n== goal: best method's POS@10 area at least 2x lower than random's\n";
    for (const auto& r : results) {
        const Row* best = nullptr;
        const Row* random = nullptr;
        const Row* bestNeg = nullptr;
        for (const auto& row : r.rows) {
            if (row.method == "random")
                random = &row;
            else if (row.method != "popularity") {
                if (!best || row.pos[kIdx10] < best->pos[kIdx10])
                    best = &row;
                if (!bestNeg || row.neg[kIdx10] > bestNeg->neg[kIdx10])
                    bestNeg = &row;
            }
        }
        if (!best || !random)
            continue;
        const double ratio = best->pos[kIdx10] > 0 ? random->pos[kIdx10] / best->pos[kIdx10] : 0;
        std::cout << "  " << best->dataset << ": best POS@10 " << best->method << " "
                  << best->pos[kIdx10] << ", random " << random->pos[kIdx10] << ", random/best "
                  << std::setprecision(2) << ratio << "x -> goal "
                  << (best->pos[kIdx10] * 2 <= random->pos[kIdx10] ? "met" : "NOT met")
                  << std::setprecision(3) << "; best NEG@10 " << bestNeg->method << " "
                  << bestNeg->neg[kIdx10] << " (random " << random->neg[kIdx10] << ")\n";
    }
    for (const auto& r : results)
        std::cout << "  " << r.note << "\n";
}

} // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; i += 2) {
        const std::string k = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "option " << k << " needs a value\n";
            return 2;
        }
        const std::string v = argv[i + 1];
        if (k == "--only")
            opt.only = v;
        else if (k == "--users")
            opt.users = std::atoi(v.c_str());
        else if (k == "--epochs")
            opt.epochs = std::atoi(v.c_str());
        else if (k == "--threads")
            opt.threads = std::atoi(v.c_str());
        else if (k == "--cache")
            opt.cache = v;
        else if (k == "--latency")
            opt.latency = std::atoi(v.c_str());
        else {
            std::cerr << "unknown option " << k << "\n";
            return 2;
        }
    }
    if (opt.users < 1 || opt.epochs < 1 || opt.threads < 0) {
        std::cerr << "--users and --epochs must be >= 1, --threads >= 0\n";
        return 2;
    }
    const char* dir = std::getenv("RECLENS_DATA_DIR");
    if (!dir) {
        std::cerr << "set RECLENS_DATA_DIR to the shared data folder\n";
        return 2;
    }
    std::cout << "threads: " << setComputeThreads(opt.threads) << " — "
              << computeBackendDescription() << "\n";
    const std::vector<std::pair<std::string, std::string>> specs = {
        {"scientific", "amazon-scientific-unisrec"},
        {"retail", "uci-online-retail"},
        {"movielens", "movielens-latest-small"},
    };
    std::vector<DatasetResult> results;
    for (const auto& [name, folder] : specs) {
        if (!opt.only.empty() && opt.only != name)
            continue;
        std::cout << "== " << name << "\n";
        auto ds = loadDataset(std::string(dir) + "/" + folder);
        if (!ds) {
            std::cerr << "  " << ds.error().message << "\n";
            continue;
        }
        std::cout << "  " << ds->users.size() << " users, " << ds->items.size() << " items, "
                  << ds->interactionCount() << " interactions\n";
        auto model = trainedModel(*ds, name, opt);
        if (!model) {
            std::cerr << "  " << model.error().message << "\n";
            continue;
        }
        const ModelInfo& info = model->info();
        std::cout << "  model: SASRec dim " << info.config.dim << ", " << info.config.layers
                  << " layers, " << info.config.heads << " heads, max length "
                  << info.config.maxLength << "; " << info.epochsTrained << " epochs trained (best "
                  << info.bestEpoch << "), metrics:";
        for (const auto& [k, v] : info.metrics)
            std::cout << " " << k << " " << v;
        std::cout << "\n" << std::flush;
        if (opt.latency > 0)
            latency(name, *model, *ds, testHistories(*ds, opt.latency), opt.threads);
        results.push_back(run(name, *model, *ds, testHistories(*ds, opt.users), opt.threads));
    }
    printTable(results);
    return 0;
}
