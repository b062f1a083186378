// Report benchmark: customer reports per second (HTML + JSON, written atomically) over 1,000
// UCI Online Retail customers ($RECLENS_DATA_DIR), split into engine time (explain) and report
// time (document build + HTML/JSON rendering + atomic write). Prints its figures
// (docs/BENCHMARKS.md).
//
//   bench_report [--customers N] [--explain-top N] [--methods LIST] [--model PATH]
//                [--epochs N] [--threads T] [--out DIR] [--pdf-free]
//
// Without --model a SASRec model is trained once (seed 42, --epochs epochs) and cached as
// DIR/bench_report_retail.pt.

#include "benchstats.h"
#include "data/importers.h"
#include "explain/explainmethods.h"
#include "model/sasrecmodel.h"
#include "report/productreport.h"
#include "report/reportfiles.h"
#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>

using namespace reclens;
using bench::msSince;
using bench::percentile;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    int customers = 1000, explainTop = 1, epochs = 3, threads = 1;
    std::string methods = "all", modelPath,
                out = (fs::temp_directory_path() / "bench_report").string();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--customers")
            customers = std::stoi(v);
        else if (a == "--explain-top")
            explainTop = std::stoi(v);
        else if (a == "--methods")
            methods = v;
        else if (a == "--model")
            modelPath = v;
        else if (a == "--epochs")
            epochs = std::stoi(v);
        else if (a == "--threads")
            threads = std::stoi(v);
        else if (a == "--out")
            out = v;
        else {
            std::cerr << "unknown option " << a << "\n";
            return 2;
        }
    }
    const char* dataDir = std::getenv("RECLENS_DATA_DIR");
    if (!dataDir) {
        std::cerr << "set RECLENS_DATA_DIR to the shared data folder\n";
        return 2;
    }
    setComputeThreads(threads);
    auto t0 = std::chrono::steady_clock::now();
    auto ds = loadDataset((fs::path(dataDir) / "uci-online-retail").string());
    if (!ds) {
        std::cerr << ds.error().message << "\n";
        return 3;
    }
    std::cout << "UCI Online Retail: " << ds->users.size() << " customers, " << ds->items.size()
              << " items, loaded in " << std::fixed << std::setprecision(1) << msSince(t0) / 1000
              << " s\n";
    fs::create_directories(out);
    if (modelPath.empty()) {
        modelPath = (fs::path(out) / "bench_report_retail.pt").string();
        if (!fs::exists(modelPath)) {
            auto m = SasRecModel::create(*ds, ModelConfig{}, 42);
            TrainConfig tc;
            tc.epochs = epochs;
            tc.threads = threads;
            auto r = train(*m, *ds, tc);
            if (!r || !m->save(modelPath).ok()) {
                std::cerr << "training failed\n";
                return 4;
            }
        }
    }
    auto model = SasRecModel::load(modelPath, &*ds);
    if (!model) {
        std::cerr << model.error().message << "\n";
        return 3;
    }
    report::CustomerReportConfig cfg;
    cfg.explainTop = explainTop;
    std::vector<std::string> unknown;
    cfg.explain.methods = parseExplainMethods(methods, &unknown);
    auto card = report::makeModelCard(modelPath, model->info(), *ds);
    card->explain = cfg.explain;
    report::ReportFormats formats{true, false, true, false};
    const std::string dir = (fs::path(out) / "reports").string();
    fs::remove_all(dir);
    fs::create_directories(dir);

    std::vector<double> engineMs, reportMs;
    std::uintmax_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    int done = 0;
    for (std::size_t u = 0; u < ds->users.size() && done < customers; ++u) {
        if (ds->users[u].sequence.empty())
            continue;
        auto te = std::chrono::steady_clock::now();
        auto data = report::computeCustomerReport(*model, *ds, static_cast<UserIndex>(u), cfg);
        engineMs.push_back(msSince(te));
        auto tr = std::chrono::steady_clock::now();
        auto built = report::buildCustomerReport(*ds, *data, *card);
        if (!report::writeReport(dir, built, formats).ok()) {
            std::cerr << "write failed\n";
            return 4;
        }
        reportMs.push_back(msSince(tr));
        for (const auto& f :
             report::reportFiles(dir, report::ReportKind::Customer, built.baseName, formats))
            bytes += fs::file_size(f);
        ++done;
        if (done % 100 == 0)
            std::cerr << done << " reports, " << std::fixed << std::setprecision(1)
                      << msSince(start) / 1000 << " s\n";
    }
    const double total = msSince(start) / 1000;
    double engineSum = 0, reportSum = 0;
    for (double v : engineMs)
        engineSum += v;
    for (double v : reportMs)
        reportSum += v;
    std::cout << std::setprecision(2) << "customers: " << done << "  explain-top: " << explainTop
              << "  methods: " << methods << "  threads: " << threads << "\n"
              << "backend: " << computeBackendDescription() << "\n"
              << "end to end: " << done / total << " reports/s (" << total << " s)\n"
              << "engine (explain):   median " << percentile(engineMs, 0.5) << " ms, p95 "
              << percentile(engineMs, 0.95) << " ms, total " << engineSum / 1000 << " s\n"
              << "report (build + HTML + JSON + atomic write): median " << percentile(reportMs, 0.5)
              << " ms, p95 " << percentile(reportMs, 0.95) << " ms, total " << reportSum / 1000
              << " s  => " << done / (reportSum / 1000) << " reports/s without the engine\n"
              << "output: " << bytes / 1024.0 / done << " KiB per report (HTML + JSON)\n";
    return 0;
}
