// Training cost per loss against the catalog size without a full epoch (issue 16: "training s
// per 1 M positions and peak RSS per loss"). Builds a shop in memory (inmemoryshop.h: ITEMS
// products, CUSTOMERS customers with 5-50 random purchases), an untrained SASRec of the default
// shape at d = 64, and runs train() for STEPS optimiser steps of the default batch (128
// sequences), then stops it (no validation pass runs: a stopped epoch is never validated). The
// first step is left out of the time (allocations and oneDNN set-up). Prints seconds per 1 M
// training positions, steps per second, and the peak RSS.
//
// Usage: bench_train_steps ITEMS LOSS(ce|sampled-ce) [STEPS=20] [THREADS=1] [CUSTOMERS=5000]
// `ce` above 50,000 products trains as sampled-ce (modelconfig.h: the full-softmax logits would
// not fit); the line says which loss ran.

#include "benchstats.h"
#include "inmemoryshop.h"
#include "train/trainer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace reclens;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_train_steps ITEMS LOSS(ce|sampled-ce) [STEPS=20] "
                             "[THREADS=1] [CUSTOMERS=5000]\n");
        return 2;
    }
    const int items = std::atoi(argv[1]);
    const std::string loss = argv[2];
    const int steps = argc > 3 ? std::atoi(argv[3]) : 20;
    TrainConfig tc;
    tc.threads = argc > 4 ? std::atoi(argv[4]) : 1;
    const int customers = argc > 5 ? std::atoi(argv[5]) : 5000;
    if (loss != "ce" && loss != "sampled-ce") {
        std::fprintf(stderr, "LOSS must be ce or sampled-ce, got %s\n", loss.c_str());
        return 2;
    }
    tc.loss = loss == "ce" ? LossKind::CrossEntropy : LossKind::SampledCrossEntropy;
    tc.epochs = 1;
    tc.patience = 0;
    const Dataset ds = bench::inMemoryShop(items, customers);
    auto model = SasRecModel::create(ds, tc.model, tc.seed);
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 3;
    }
    int done = 0;
    std::int64_t positions = 0;
    std::chrono::steady_clock::time_point t1;
    double cpu1 = 0.0;
    TrainCallbacks cb;
    cb.onStep = [&](const StepStats& s) {
        ++done;
        if (done == 1) {
            t1 = std::chrono::steady_clock::now();
            cpu1 = bench::processCpuMs();
        } else {
            positions += s.positions;
        }
    };
    cb.shouldStop = [&] {
        return done >= steps;
    };
    auto r = train(*model, ds, tc, cb);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 3;
    }
    const double seconds = bench::msSince(t1) / 1e3;
    const double cpuSeconds = (bench::processCpuMs() - cpu1) / 1e3;
    if (done < 2 || positions == 0) {
        std::fprintf(stderr, "only %d steps ran: give more customers\n", done);
        return 1;
    }
    const double perMillion = 1e6 / static_cast<double>(positions);
    std::printf("items=%d loss=%s ran=%s threads=%d steps=%d positions=%lld "
                "s_per_1M_positions=%.1f cpu_s_per_1M_positions=%.1f s_per_step=%.3f "
                "peak_rss_mb=%.0f\n",
                items, loss.c_str(),
                effectiveLoss(tc.loss, items) == LossKind::CrossEntropy ? "ce" : "sampled-ce",
                tc.threads, done - 1, static_cast<long long>(positions), seconds * perMillion,
                cpuSeconds * perMillion, seconds / (done - 1),
                static_cast<double>(bench::peakRssKb()) / 1024.0);
    return 0;
}
