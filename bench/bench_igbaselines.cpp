// Integrated gradients' baseline compared: padding, the catalog's mean item, and sampled real
// customers (SPINRec, arXiv 2511.18047: IG from each of --samples other customers' histories,
// averaged). Per baseline over --users histories: how often IG converged, the completeness
// error (per sampled baseline too), the wall time, and the faithfulness of the attributions
// (deletion / insertion AUC, ERASER comprehensiveness and sufficiency at 20 %; leave-one-out
// and random orders as references). Prints its figures (docs/BENCHMARKS.md).
//
//   bench_igbaselines [--data DIR] [--users N] [--epochs N] [--samples N] [--max-len L]
//                     [--threads T] [--cache DIR]
//
// The model (default SASRec, fixed seed, --epochs epochs, early stopping) is trained once and
// cached as DIR/bench_igbaselines_<dataset folder>_<epochs>.pt.

#include "benchstats.h"
#include "data/importers.h"
#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <string>

using namespace reclens;
using bench::msSince;
using bench::percentile;
namespace fs = std::filesystem;

namespace {

struct Options {
    std::string data;
    int users = 50;
    int epochs = 3;
    int samples = 8;
    int maxLength = 50;
    int threads = 1;
    std::string cache = ".";
};

Expected<SasRecModel> cachedModel(const Dataset& ds, const Options& opt) {
    std::error_code ec;
    fs::create_directories(opt.cache, ec);
    const std::string path =
        (fs::path(opt.cache) / ("bench_igbaselines_" + fs::path(opt.data).filename().string() +
                                "_" + std::to_string(opt.epochs) + ".pt"))
            .string();
    if (fs::exists(path)) {
        auto m = SasRecModel::load(path, &ds);
        if (m.ok() && m->maxLength() == opt.maxLength) {
            std::cout << "model: cached " << path << "\n";
            return m;
        }
    }
    TrainConfig tc;
    tc.model.maxLength = opt.maxLength;
    tc.epochs = opt.epochs;
    tc.threads = opt.threads;
    tc.validUsers = 1000;
    auto m = SasRecModel::create(ds, tc.model, tc.seed);
    if (!m)
        return m.error();
    const auto t0 = std::chrono::steady_clock::now();
    auto r = train(*m, ds, tc);
    if (!r)
        return r.error();
    std::cout << "model: trained " << r->epochsRun << " epochs in " << msSince(t0) / 1000
              << " s, valid NDCG@10 " << r->bestValidNdcg10 << "\n";
    if (auto st = m->save(path); !st)
        std::cout << "(could not cache: " << st.error().message << ")\n";
    return m;
}

struct Column {
    std::vector<double> ms, error, deletion, insertion, comprehensiveness, sufficiency;
    int converged = 0, runs = 0;
    std::vector<double> perBaselineError; // sampled: every baseline's own error
    int perBaselineConverged = 0;
};

double mean(const std::vector<double>& v) {
    return v.empty() ? 0.0
                     : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

} // namespace

int main(int argc, char** argv) {
    Options opt;
    if (const char* dir = std::getenv("RECLENS_DATA_DIR"))
        opt.data = std::string(dir) + "/amazon-scientific-unisrec";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--data")
            opt.data = v;
        else if (k == "--users")
            opt.users = std::atoi(v.c_str());
        else if (k == "--epochs")
            opt.epochs = std::atoi(v.c_str());
        else if (k == "--samples")
            opt.samples = std::atoi(v.c_str());
        else if (k == "--max-len")
            opt.maxLength = std::atoi(v.c_str());
        else if (k == "--threads")
            opt.threads = std::atoi(v.c_str());
        else if (k == "--cache")
            opt.cache = v;
        else {
            std::cerr << "unknown option " << k << "\n";
            return 2;
        }
    }
    if (opt.data.empty() || opt.users < 1 || opt.samples < 1) {
        std::cerr << "give --data (or set RECLENS_DATA_DIR), --users >= 1, --samples >= 1\n";
        return 2;
    }
    std::cout << "threads: " << setComputeThreads(opt.threads) << " — "
              << computeBackendDescription() << "\n";
    auto ds = loadDataset(opt.data);
    if (!ds) {
        std::cerr << ds.error().message << "\n";
        return 3;
    }
    std::cout << "data: " << opt.data << " (" << ds->users.size() << " users, " << ds->items.size()
              << " items)\n";
    auto model = cachedModel(*ds, opt);
    if (!model) {
        std::cerr << model.error().message << "\n";
        return 4;
    }

    // Users with at least 5 purchases, in a seeded order; each explains its top-1.
    std::vector<UserIndex> users;
    for (size_t u = 0; u < ds->users.size(); ++u)
        if (ds->users[u].sequence.size() >= 5)
            users.push_back(static_cast<UserIndex>(u));
    std::mt19937_64 rng(7);
    std::shuffle(users.begin(), users.end(), rng);
    users.resize(std::min(users.size(), static_cast<size_t>(opt.users)));

    const std::vector<std::pair<std::string, IgBaseline>> kinds = {
        {"ig_padding", IgBaseline::Padding},
        {"ig_mean_item", IgBaseline::MeanItem},
        {"ig_sampled", IgBaseline::Sampled}};
    std::map<std::string, Column> cols;
    std::vector<double> randomDeletion, randomInsertion, lengths;
    for (UserIndex u : users) {
        const History h = clipHistory(ds->users[static_cast<size_t>(u)].sequence, opt.maxLength);
        lengths.push_back(static_cast<double>(h.size()));
        const auto row = model->scoreAll({h});
        const auto target =
            static_cast<ItemIndex>(std::max_element(row.begin(), row.end()) - row.begin());
        ExplainConfig cfg;
        cfg.igBaselineSamples = opt.samples;
        cfg.igBaselineExcludeUser = u;
        std::vector<Attribution> attrs;
        for (const auto& [name, kind] : kinds) {
            cfg.igBaseline = kind;
            const auto t0 = std::chrono::steady_clock::now();
            const IgExplanation ig = explainIntegratedGradients(*model, h, target, cfg, *ds);
            Column& c = cols[name];
            c.ms.push_back(msSince(t0));
            c.error.push_back(ig.completenessError);
            c.converged += ig.converged ? 1 : 0;
            ++c.runs;
            for (const auto& s : ig.sampled) {
                c.perBaselineError.push_back(s.completenessError);
                c.perBaselineConverged += s.converged ? 1 : 0;
            }
            attrs.push_back({name, ig.values});
        }
        const auto loo = explainLeaveOneOut(*model, h, target);
        attrs.push_back({"loo", loo.effect});
        const FaithfulnessReport f =
            evaluateFaithfulness(*model, h, target, attrs, nullptr, nullptr, cfg);
        for (const auto& m : f.methods) {
            Column& c = cols[m.method];
            c.deletion.push_back(m.deletionAuc);
            c.insertion.push_back(m.insertionAuc);
            c.comprehensiveness.push_back(m.comprehensiveness.size() > 1 ? m.comprehensiveness[1]
                                                                         : 0);
            c.sufficiency.push_back(m.sufficiency.size() > 1 ? m.sufficiency[1] : 0);
        }
        randomDeletion.push_back(f.randomDeletionAuc);
        randomInsertion.push_back(f.randomInsertionAuc);
    }

    std::cout << std::fixed << std::setprecision(3) << users.size() << " histories (mean length "
              << mean(lengths) << "), target = each one's top-1, " << opt.samples
              << " sampled baselines, adaptive rule, tolerance 1 %\n";
    std::cout << "method        converged  compl.err mean  p95      IG ms median  p95     "
                 "deletion AUC  insertion AUC  compr.@20%  suff.@20%\n";
    for (const std::string name : {"ig_padding", "ig_mean_item", "ig_sampled", "loo"}) {
        const Column& c = cols[name];
        std::cout << std::left << std::setw(14) << name << std::right;
        if (c.runs > 0)
            std::cout << std::setw(4) << c.converged << "/" << std::setw(3) << c.runs << "   "
                      << std::setw(8) << 100 * mean(c.error) << " %  " << std::setw(7)
                      << 100 * percentile(c.error, 0.95) << " %  " << std::setw(9)
                      << percentile(c.ms, 0.5) << "  " << std::setw(8) << percentile(c.ms, 0.95);
        else
            std::cout << std::setw(56) << "(reference)";
        std::cout << "  " << std::setw(12) << mean(c.deletion) << "  " << std::setw(13)
                  << mean(c.insertion) << "  " << std::setw(10) << mean(c.comprehensiveness) << "  "
                  << std::setw(9) << mean(c.sufficiency) << "\n";
    }
    std::cout << std::left << std::setw(14) << "random" << std::right << std::setw(56) << ""
              << "  " << std::setw(12) << mean(randomDeletion) << "  " << std::setw(13)
              << mean(randomInsertion) << "\n";
    // Paired over the same histories: is a baseline's deletion AUC lower than padding's more
    // often than not, and is the mean difference larger than its standard error?
    const Column& pad = cols["ig_padding"];
    for (const std::string name : {"ig_mean_item", "ig_sampled"}) {
        const Column& c = cols[name];
        std::vector<double> diff;
        int better = 0, worse = 0;
        for (size_t i = 0; i < c.deletion.size() && i < pad.deletion.size(); ++i) {
            diff.push_back(c.deletion[i] - pad.deletion[i]);
            better += diff.back() < -1e-9 ? 1 : 0;
            worse += diff.back() > 1e-9 ? 1 : 0;
        }
        const double m = mean(diff);
        double var = 0;
        for (double d : diff)
            var += (d - m) * (d - m);
        const double se = diff.size() > 1 ? std::sqrt(var / static_cast<double>(diff.size() - 1) /
                                                      static_cast<double>(diff.size()))
                                          : 0.0;
        std::cout << name << " vs ig_padding, deletion AUC: lower in " << better << ", higher in "
                  << worse << " of " << diff.size() << " histories; mean difference " << m << " ± "
                  << se << " (standard error)\n";
    }
    const Column& s = cols["ig_sampled"];
    std::cout << "sampled, per baseline: " << s.perBaselineConverged << " of "
              << s.perBaselineError.size() << " runs converged; completeness error mean "
              << 100 * mean(s.perBaselineError) << " %, p95 "
              << 100 * percentile(s.perBaselineError, 0.95) << " %, max "
              << 100 * percentile(s.perBaselineError, 1.0) << " %\n"
              << "(deletion: lower = more faithful; insertion, comprehensiveness: higher; "
                 "sufficiency: lower)\n";
    return 0;
}
