// Training benchmark: trains SASRec with the default ModelConfig/TrainConfig on Amazon
// Scientific and UCI Online Retail (from $RECLENS_DATA_DIR) and prints seconds per epoch,
// items/s, the GFLOP/s of the training steps' matrix products against the machine's peak
// (issue 17), peak RSS and test HR@10/NDCG@10 over the full ranking of all items.
//
//   bench_train [--only scientific|retail] [--epochs N] [--dropout P] [--lr X] [--wd X]
//               [--batch N] [--patience N] [--loss ce|bce|sampled-ce] [--negatives N]
//               [--max-len L] [--dim D]
//               [--layers N] [--heads H] [--features none|category,brand] [--threads T]
//               [--seed S]
//
// The overrides exist for tuning experiments; the figures in docs/BENCHMARKS.md use none.

#include "data/importers.h"
#include "eval/evaluator.h"
#include "model/computebackend.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

using namespace reclens;

namespace {

double peakRssMb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_maxrss) / 1024.0; // Linux reports KiB
}

struct Overrides {
    std::map<std::string, std::string> values;
    bool has(const std::string& k) const { return values.count(k) > 0; }
    double num(const std::string& k, double fallback) const {
        return has(k) ? std::atof(values.at(k).c_str()) : fallback;
    }
};

int runOne(const std::string& label, const std::string& path, const Overrides& o) {
    auto ds = loadDataset(path);
    if (!ds) {
        std::cerr << label << ": " << ds.error().message << "\n";
        return 1;
    }
    TrainConfig tc;
    ModelConfig& mc = tc.model;
    mc.dropout = static_cast<float>(o.num("dropout", mc.dropout));
    mc.maxLength = static_cast<int>(o.num("max-len", mc.maxLength));
    mc.dim = static_cast<int>(o.num("dim", mc.dim));
    mc.layers = static_cast<int>(o.num("layers", mc.layers));
    mc.heads = static_cast<int>(o.num("heads", mc.heads));
    tc.epochs = static_cast<int>(o.num("epochs", tc.epochs));
    tc.learningRate = static_cast<float>(o.num("lr", tc.learningRate));
    tc.weightDecay = static_cast<float>(o.num("wd", tc.weightDecay));
    tc.batchSize = static_cast<int>(o.num("batch", tc.batchSize));
    tc.patience = static_cast<int>(o.num("patience", tc.patience));
    tc.threads = static_cast<int>(o.num("threads", tc.threads));
    tc.seed = static_cast<std::uint64_t>(o.num("seed", static_cast<double>(tc.seed)));
    if (o.has("features")) {
        const std::string f = o.values.at("features");
        mc.useCategory = f.find("category") != std::string::npos;
        mc.useBrand = f.find("brand") != std::string::npos;
    }
    mc.outputFeatures = o.num("output-features", mc.outputFeatures ? 1 : 0) != 0;
    tc.labelSmoothing = static_cast<float>(o.num("label-smoothing", tc.labelSmoothing));
    if (o.has("loss") && o.values.at("loss") == "bce")
        tc.loss = LossKind::Bce;
    if (o.has("loss") && o.values.at("loss") == "sampled-ce")
        tc.loss = LossKind::SampledCrossEntropy;
    tc.negatives = static_cast<int>(o.num("negatives", tc.negatives));

    auto model = SasRecModel::create(*ds, mc, tc.seed);
    if (!model) {
        std::cerr << label << ": " << model.error().message << "\n";
        return 1;
    }
    TrainCallbacks cb;
    cb.onEpoch = [&](const EpochStats& s) {
        std::fprintf(
            stderr,
            "  %s epoch %3d  loss %.6f  valid HR@10 %.4f NDCG@10 %.4f  %.2f s  %.0f items/s  "
            "%.1f GFLOP/s%s\n",
            label.c_str(), s.epoch, s.loss, s.validHr10, s.validNdcg10, s.seconds, s.itemsPerSecond,
            s.gflopsPerSecond, s.improved ? "  *" : "");
    };
    // The trainer sets the same count; set here so the figure printed is the one in effect.
    const int threads = setComputeThreads(tc.threads);
    std::fprintf(stderr,
                 "  %s: peak %.0f GFLOP/s nominal on %d threads, %.0f GFLOP/s measured "
                 "(1024^3 torch::mm); the epochs' GFLOP/s count the training steps' matrix "
                 "products\n",
                 label.c_str(), nominalPeakGflops(threads), threads, measuredGemmGflops());
    auto r = train(*model, *ds, tc, cb);
    if (!r) {
        std::cerr << label << ": " << r.error().message << "\n";
        return 1;
    }
    double secs = 0, ips = 0, gflops = 0;
    for (const auto& e : r->epochs) {
        secs += e.seconds;
        ips += e.itemsPerSecond;
        gflops += e.gflopsPerSecond;
    }
    const double n = r->epochs.empty() ? 1.0 : static_cast<double>(r->epochs.size());
    EvalConfig ec; // full ranking on the test split
    const auto evalStart = std::chrono::steady_clock::now();
    auto test = evaluate(*model, *ds, ec);
    const double evalSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - evalStart).count();
    std::printf(
        "%-11s users %6zu items %6zu | epochs %3d (best %3d) | %.2f s/epoch (train+valid) "
        "| %d threads | %.0f items/s, %.1f GFLOP/s of %.0f nominal | "
        "peak RSS %.0f MB | test HR@10 %.4f NDCG@10 %.4f MRR %.4f (full ranking in %.2f s) | "
        "total %.1f s\n",
        label.c_str(), ds->users.size(), ds->items.size(), r->epochsRun, r->bestEpoch, secs / n,
        threads, ips / n, gflops / n, nominalPeakGflops(threads), peakRssMb(),
        test.metrics.at("hr@10"), test.metrics.at("ndcg@10"), test.metrics.at("mrr"), evalSeconds,
        r->seconds);
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    Overrides o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i];
        if (k.rfind("--", 0) == 0)
            o.values[k.substr(2)] = argv[i + 1];
    }
    const char* dir = std::getenv("RECLENS_DATA_DIR");
    if (!dir || !*dir) {
        std::cerr << "Set RECLENS_DATA_DIR to the shared data folder (e.g. ../shared/data).\n";
        return 2;
    }
    std::cout << computeBackendDescription()
              << " (process start; each run line gives the threads it trained with)\n";
    const std::string only = o.has("only") ? o.values.at("only") : "";
    int rc = 0;
    if (only.empty() || only == "scientific")
        rc |= runOne("scientific", std::string(dir) + "/amazon-scientific-unisrec", o);
    if (only.empty() || only == "retail")
        rc |= runOne("retail", std::string(dir) + "/uci-online-retail/online_retail.csv.gz", o);
    return rc;
}
