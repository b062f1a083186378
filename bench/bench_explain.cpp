// Explanation benchmark: per-method latency (median and p95 of wall AND process CPU time) of
// the full explanation bundle over >= 100 users at history length 50 and at the model's maximum
// (Scientific: 50, UCI Online Retail: 200), exact Shapley over 12-item histories, the minimal
// counterfactual, and the merchant view of one item over all users; one "goal met/not met"
// line per issue-3 goal at the end. CPU time makes runs on a loaded machine comparable (with
// --threads 1 it is the work done). Also checks the planted-rule accuracy on sample_data/.
// Prints its figures (docs/BENCHMARKS.md).
//
//   bench_explain [--only scientific|retail|planted] [--users N] [--epochs N] [--threads T]
//                 [--cache DIR] [--ig-rules on] [--topk-all on] [--shapley-error on]
//
// --topk-all on: only explaining the whole top-10 at once against one recommendation
// (bench_topk.h), on Scientific at length 50. --shapley-error on: only sampled Shapley's error
// against cost per sampling scheme (bench_explain_shapley.h), at length 50 and the maximum.
//
// Models are trained once (fixed seed, --epochs epochs) and cached as DIR/bench_explain_*.pt.

#include "bench_explain_shapley.h"
#include "bench_topk.h"
#include "benchstats.h"
#include "data/importers.h"
#include "explain/explainmethods.h"
#include "explain/explanationjson.h"
#include "explain/merchantexplanation.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
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

struct Options {
    std::string only;
    int users = 100;
    int epochs = 30; // upper bound; early stopping (default patience) usually ends sooner
    int threads = 2;
    std::string cache = ".";
    bool igRules = false;      // also compare IG quadrature rules (slow: a 1,025-point reference)
    bool topKAll = false;      // only the top-K-at-once measurement (bench_topk.h)
    bool shapleyError = false; // only sampled Shapley error vs cost (bench_explain_shapley.h)
};

Expected<SasRecModel> trainedModel(const Dataset& ds, const std::string& name, int maxLength,
                                   const Options& opt) {
    std::error_code ec;
    fs::create_directories(opt.cache, ec); // a missing folder must not cost a half-hour retrain
    const std::string path = (fs::path(opt.cache) / ("bench_explain_" + name + ".pt")).string();
    if (fs::exists(path)) {
        auto m = SasRecModel::load(path, &ds);
        if (m.ok() && m->maxLength() == maxLength) {
            std::cout << "  model: cached " << path << "\n";
            return m;
        }
    }
    TrainConfig tc;
    tc.model.maxLength = maxLength;
    tc.epochs = opt.epochs;
    tc.threads = opt.threads;
    tc.validUsers = 1000;
    auto m = SasRecModel::create(ds, tc.model, tc.seed);
    if (!m)
        return m.error();
    const auto t0 = std::chrono::steady_clock::now();
    TrainCallbacks cb;
    cb.onEpoch = [](const EpochStats& e) {
        std::cout << "  epoch " << e.epoch << ": loss " << e.loss << ", valid NDCG@10 "
                  << e.validNdcg10 << " (" << e.seconds << " s)\n"
                  << std::flush;
    };
    auto r = train(*m, ds, tc, cb);
    if (!r)
        return r.error();
    std::cout << "  trained " << r->epochsRun << " epochs in " << msSince(t0) / 1000 << " s\n";
    if (auto st = m->save(path); !st)
        std::cout << "  (could not cache: " << st.error().message << ")\n";
    return m;
}

/// Goal lines collected while measuring, printed together at the end.
std::vector<std::string>& goalLines() {
    static std::vector<std::string> lines;
    return lines;
}

void goal(const std::string& what, double measured, double limit, const std::string& unit,
          const std::string& detail) {
    std::ostringstream line;
    line << std::fixed << std::setprecision(1) << "  goal " << what << " <= " << limit << " "
         << unit << ": " << (measured <= limit ? "met" : "NOT met") << " (median " << measured
         << " " << unit << "; " << detail << ")";
    goalLines().push_back(line.str());
}

struct Timings {
    std::map<std::string, std::vector<double>> wall, cpu;
};

void printTable(const Timings& t) {
    std::cout << "    " << std::left << std::setw(16) << "method" << std::right << std::setw(11)
              << "median ms" << std::setw(10) << "p95 ms" << std::setw(14) << "CPU median"
              << std::setw(11) << "CPU p95"
              << "\n";
    for (const auto& [name, v] : t.wall) {
        const auto c = t.cpu.find(name);
        const std::vector<double> cpu = c == t.cpu.end() ? std::vector<double>{} : c->second;
        std::cout << "    " << std::left << std::setw(16) << name << std::right << std::fixed
                  << std::setprecision(1) << std::setw(11) << percentile(v, 0.5) << std::setw(10)
                  << percentile(v, 0.95) << std::setw(14) << percentile(cpu, 0.5) << std::setw(11)
                  << percentile(cpu, 0.95) << "\n";
    }
}

Timings latency(const std::string& label, const SequenceModel& model, const Dataset& ds,
                const std::vector<History>& histories, int threads) {
    Timings t;
    int cfFound = 0, shapExact = 0, igConverged = 0, igAbsolute = 0;
    double igErr = 0, igSteps = 0, igEvals = 0, shapSe = 0, shapAbs = 0, scored = 0;
    std::vector<double> lengths;
    for (const auto& h : histories) {
        ExplainConfig cfg;
        cfg.threads = threads; // --threads 1: one core for everything, as the CPU figures say
        const auto b = explain(model, ds, h, -1, cfg);
        for (const auto& [name, ms] : b.timingsMs)
            t.wall[name].push_back(ms);
        for (const auto& [name, ms] : b.cpuMs)
            t.cpu[name].push_back(ms);
        cfFound += b.counterfactual && b.counterfactual->found ? 1 : 0;
        if (b.shapley) {
            shapExact += b.shapley->exact ? 1 : 0;
            for (size_t i = 0; i < b.shapley->values.size(); ++i) {
                shapSe += b.shapley->stdErrors[i];
                shapAbs += std::fabs(b.shapley->values[i]);
            }
        }
        if (b.ig) {
            igErr = std::max(igErr, static_cast<double>(b.ig->completenessError));
            igSteps += b.ig->stepsUsed;
            igEvals += b.ig->gradientEvaluations;
            igConverged += b.ig->converged ? 1 : 0;
            igAbsolute += b.ig->absoluteCriterion ? 1 : 0;
        }
        lengths.push_back(static_cast<double>(b.history.size()));
        scored += static_cast<double>(b.historiesScored);
    }
    const auto n = static_cast<double>(histories.size());
    std::cout << "  " << label << ": " << histories.size() << " users, history length median "
              << percentile(lengths, 0.5) << " (min " << percentile(lengths, 0) << ", max "
              << percentile(lengths, 1) << ")\n";
    printTable(t);
    std::cout << std::setprecision(2) << "    counterfactual found for " << cfFound << "/"
              << histories.size() << "; Shapley exact for " << shapExact
              << ", sampled mean |std error| / mean |value| "
              << (shapAbs > 0 ? shapSe / shapAbs : 0) << "; IG converged " << igConverged << "/"
              << histories.size() << " (" << igAbsolute
              << " by the absolute criterion), mean steps " << igSteps / n
              << ", mean gradient evaluations " << igEvals / n
              << ", max relative completeness error " << std::setprecision(4) << igErr
              << "; distinct histories scored per bundle " << std::setprecision(1) << scored / n
              << "\n";
    return t;
}

/// Each IG quadrature rule against a 1,024-node Gauss–Legendre reference on the same
/// histories: how often it converges at the first try, what it costs (gradient evaluations,
/// time), and how far its attributions are from the reference (relative L1 distance), which
/// completeness alone does not show. The reference is Gauss–Legendre, not Simpson: trained
/// SASRec models have a thin layer just above α = 0 where the score still moves, and an
/// outsized gradient at α = 0 itself, which Simpson's point at 0 weights in; Gauss–Legendre's
/// first node is at ~2e-6 and its nodes crowd towards both ends. Both references' completeness
/// errors are printed.
void igRules(const SequenceModel& model, const std::vector<History>& histories) {
    std::cout << "  IG quadrature rules over " << histories.size()
              << " histories (target = top-1; reference: Gauss-Legendre, 1,024 nodes)\n";
    std::vector<History> hs = histories;
    std::vector<ItemIndex> targets;
    std::vector<std::vector<float>> refs;
    std::vector<double> refErrors, simpsonErrors; // relative completeness errors
    for (const auto& h : hs) {
        targets.push_back(topKOf(model.scoreAll({h}), 1)[0].item);
        const auto ref = integratedGradients(model, h, targets.back(), IgBaseline::Padding,
                                             IgRule::GaussLegendre, 1024);
        const auto simpson = integratedGradients(model, h, targets.back(), IgBaseline::Padding,
                                                 IgRule::Simpson, 1024);
        for (const auto* r : {&ref, &simpson}) {
            double sum = 0;
            for (const auto& c : r->attributions)
                for (float x : c)
                    sum += x;
            const double delta = static_cast<double>(r->scoreInput) - r->scoreBaseline;
            (r == &ref ? refErrors : simpsonErrors)
                .push_back(std::fabs(sum - delta) / std::max(std::fabs(delta), 1e-4));
        }
        std::vector<float> v(static_cast<size_t>(ref.length), 0.0f);
        for (const auto& c : ref.attributions)
            for (size_t t = 0; t < v.size(); ++t)
                v[t] += c[t];
        refs.push_back(std::move(v));
    }
    std::cout << std::fixed << std::setprecision(4)
              << "    relative completeness error of the reference: median "
              << percentile(refErrors, 0.5) << ", max " << percentile(refErrors, 1.0)
              << "; of Simpson with 1,024 intervals: median " << percentile(simpsonErrors, 0.5)
              << ", max " << percentile(simpsonErrors, 1.0) << "\n"
              << "    rule            converged  at 1st try  mean evals  median ms   p95 ms"
                 "  mean L1 dist. to ref.\n";
    for (IgRule rule : {IgRule::Midpoint, IgRule::Trapezoid, IgRule::Simpson, IgRule::GaussLegendre,
                        IgRule::Adaptive}) {
        ExplainConfig cfg;
        cfg.igRule = rule;
        int converged = 0, first = 0;
        double evals = 0, dist = 0;
        std::vector<double> ms;
        for (size_t i = 0; i < hs.size(); ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            const auto ig = explainIntegratedGradients(model, hs[i], targets[i], cfg);
            ms.push_back(msSince(t0));
            converged += ig.converged ? 1 : 0;
            first += ig.converged && ig.stepsTried.size() == 1 ? 1 : 0;
            evals += ig.gradientEvaluations;
            double num = 0, den = 0;
            for (size_t t = 0; t < refs[i].size() && t < ig.values.size(); ++t) {
                num += std::fabs(ig.values[t] - refs[i][t]);
                den += std::fabs(refs[i][t]);
            }
            dist += den > 0 ? num / den : 0;
        }
        const double n = static_cast<double>(hs.size());
        std::cout << "    " << std::left << std::setw(16) << igRuleName(rule) << std::right
                  << std::setw(9) << converged << std::setw(12) << first << std::fixed
                  << std::setprecision(1) << std::setw(12) << evals / n << std::setw(11)
                  << percentile(ms, 0.5) << std::setw(9) << percentile(ms, 0.95)
                  << std::setprecision(4) << std::setw(23) << dist / n << "\n";
    }
}

/// Issue 17's bundle goals: <= 30 ms median at length 50, <= 200 ms at length 200.
void bundleGoals(const std::string& name, const Timings& t, int length = 50) {
    const auto& total = t.wall.at("total");
    const auto& totalCpu = t.cpu.at("total");
    std::ostringstream d;
    d << std::fixed << std::setprecision(1) << "p95 " << percentile(total, 0.95)
      << " ms; CPU median " << percentile(totalCpu, 0.5) << " ms";
    goal(name + ": complete bundle at length " + std::to_string(length), percentile(total, 0.5),
         length <= 50 ? 30 : 200, "ms", d.str());
    if (length <= 50 && t.wall.count("counterfactual")) {
        const auto& cf = t.wall.at("counterfactual");
        std::ostringstream e;
        e << std::fixed << std::setprecision(1) << "p95 " << percentile(cf, 0.95)
          << " ms; CPU median " << percentile(t.cpu.at("counterfactual"), 0.5) << " ms";
        goal(name + ": minimal counterfactual set at length 50", percentile(cf, 0.5), 200, "ms",
             e.str());
    }
}

/// Exact Shapley (all 4,096 coalitions) over histories of exactly 12 items.
void exactShapley12(const SequenceModel& model, const std::vector<History>& histories) {
    std::vector<double> wall, cpu;
    double gap = 0;
    for (const auto& h : histories) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        const auto s = explainShapley(model, h, topKOf(model.scoreAll({h}), 1)[0].item, {});
        cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        wall.push_back(msSince(t0));
        if (!s.exact || s.evaluations != 4096)
            std::cout << "    (unexpected: not an exact 4,096-coalition run)\n";
        gap = std::max(gap, static_cast<double>(s.efficiencyGap));
    }
    std::cout << "  exact Shapley over 12-item histories (4,096 coalitions), " << histories.size()
              << " users: median " << std::fixed << std::setprecision(1) << percentile(wall, 0.5)
              << " ms, p95 " << percentile(wall, 0.95) << " ms, CPU median " << percentile(cpu, 0.5)
              << " ms, CPU p95 " << percentile(cpu, 0.95) << " ms; max efficiency gap "
              << std::setprecision(6) << gap << "\n";
    std::ostringstream d;
    d << std::fixed << std::setprecision(1) << "p95 " << percentile(wall, 0.95)
      << " ms; CPU median " << percentile(cpu, 0.5) << " ms";
    goal("exact Shapley over a 12-item history", percentile(wall, 0.5), 1000, "ms", d.str());
}

std::vector<History> historiesOfLength(const Dataset& ds, int length, int count, bool exactOnly,
                                       std::uint64_t seed) {
    std::vector<UserIndex> users;
    for (size_t u = 0; u < ds.users.size(); ++u)
        if (!ds.users[u].sequence.empty() &&
            (!exactOnly || static_cast<int>(ds.users[u].sequence.size()) >= length))
            users.push_back(static_cast<UserIndex>(u));
    std::mt19937_64 rng(seed);
    std::shuffle(users.begin(), users.end(), rng);
    std::vector<History> out;
    for (UserIndex u : users) {
        if (static_cast<int>(out.size()) >= count)
            break;
        out.push_back(clipHistory(ds.users[static_cast<size_t>(u)].sequence, length));
    }
    return out;
}

/// Real users rarely have 50 Scientific purchases; for a length-50 measurement, concatenate
/// the sequences of randomly drawn users until 50 items are reached.
std::vector<History> concatenatedHistories(const Dataset& ds, int length, int count,
                                           std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, ds.users.size() - 1);
    std::vector<History> out;
    while (static_cast<int>(out.size()) < count) {
        History h;
        while (static_cast<int>(h.size()) < length) {
            const auto& s = ds.users[pick(rng)].sequence;
            h.insert(h.end(), s.begin(), s.end());
        }
        out.push_back(clipHistory(h, length));
    }
    return out;
}

void merchant(const SequenceModel& model, const Dataset& ds, bool isGoal, int threads) {
    // The item most often bought: the hardest case for the driver analysis.
    std::vector<int> counts(ds.items.size(), 0);
    for (const auto& u : ds.users)
        for (ItemIndex i : u.sequence)
            ++counts[static_cast<size_t>(i)];
    const ItemIndex item =
        static_cast<ItemIndex>(std::max_element(counts.begin(), counts.end()) - counts.begin());
    MerchantConfig cfg;
    cfg.threads = threads;
    const std::clock_t c0 = std::clock();
    const auto m = explainItem(model, ds, item, cfg);
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    std::cout << "  merchant view of " << ds.items[static_cast<size_t>(item)].id << " over "
              << m.usersConsidered << " users: " << std::fixed << std::setprecision(2) << m.seconds
              << " s (CPU " << cpu << " s; in top-10 for " << m.inTopK << ", drivers analysed for "
              << m.driverUsers << ")\n";
    if (isGoal) {
        std::ostringstream d;
        d << std::fixed << std::setprecision(2) << "one run; CPU " << cpu << " s; "
          << m.usersConsidered << " users";
        goal("merchant explanation over all users", m.seconds, 10, "s", d.str());
    }
}

int planted(const Options& opt) {
    std::cout << "== sample_data (planted rules)\n";
    auto ds = loadDataset(RECLENS_SOURCE_DIR "/sample_data");
    if (!ds) {
        std::cerr << ds.error().message << "\n";
        return 1;
    }
    Options o = opt;
    auto model = trainedModel(*ds, "sample", 20, o);
    if (!model) {
        std::cerr << model.error().message << "\n";
        return 1;
    }
    std::ifstream in(RECLENS_SOURCE_DIR "/sample_data/ground_truth.json");
    const auto gt = nlohmann::json::parse(in);
    int n = 0, loo = 0, ig = 0, shap = 0, shapN = 0;
    double tLoo = 0, tIg = 0, tShap = 0;
    ExplainConfig cfg;
    double steps = 0, igErr = 0;
    for (const auto& c : gt.at("cases")) {
        if (n >= opt.users)
            break;
        const UserIndex u = ds->findUser(c.at("user").get<std::string>());
        const ItemIndex target = ds->findItem(c.at("target").get<std::string>());
        const int pos = c.at("trigger_position").get<int>();
        const History h = ds->historyFor(u, EvalSplit::Test);
        auto argmax = [](const std::vector<float>& v) {
            return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
        };
        auto t0 = std::chrono::steady_clock::now();
        loo += argmax(explainLeaveOneOut(*model, h, target).effect) == pos;
        tLoo += msSince(t0);
        t0 = std::chrono::steady_clock::now();
        const auto igr = explainIntegratedGradients(*model, h, target, cfg);
        ig += argmax(igr.values) == pos;
        steps += igr.stepsUsed;
        igErr = std::max(igErr, static_cast<double>(igr.completenessError));
        tIg += msSince(t0);
        if (n % 10 == 0) {
            t0 = std::chrono::steady_clock::now();
            shap += argmax(explainShapley(*model, h, target, cfg).values) == pos;
            tShap += msSince(t0);
            ++shapN;
        }
        ++n;
    }
    std::cout << "  " << n << " cases: trigger top-attributed by LOO " << 1.0 * loo / n << " ("
              << tLoo / n << " ms/case), IG " << 1.0 * ig / n << " (" << tIg / n
              << " ms/case), Shapley " << 1.0 * shap / shapN << " over " << shapN << " cases ("
              << tShap / shapN << " ms/case)\n  IG steps used on average " << steps / n
              << ", worst completeness error " << igErr << "\n";
    if (!goalLines().empty()) {
        std::cout << "== goals (2 cores; wall-clock medians of this run)\n";
        for (const auto& l : goalLines())
            std::cout << l << "\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
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
        else if (k == "--ig-rules")
            opt.igRules = v == "on";
        else if (k == "--shapley-error")
            opt.shapleyError = v == "on";
        else if (k == "--topk-all")
            opt.topKAll = v == "on";
        else {
            std::cerr << "unknown option " << k << "\n";
            return 2;
        }
    }
    std::cout << "threads: " << setComputeThreads(opt.threads) << " — "
              << computeBackendDescription() << "\n";
    if (opt.only == "planted")
        return planted(opt);
    const char* dir = std::getenv("RECLENS_DATA_DIR");
    if (!dir) {
        std::cerr << "set RECLENS_DATA_DIR to the shared data folder\n";
        return 2;
    }
    struct Spec {
        std::string name, path;
        int maxLength;
    };
    const std::vector<Spec> specs = {
        {"scientific", std::string(dir) + "/amazon-scientific-unisrec", 50},
        {"retail", std::string(dir) + "/uci-online-retail", 200},
    };
    for (const auto& s : specs) {
        if (!opt.only.empty() && opt.only != s.name)
            continue;
        std::cout << "== " << s.name << "\n";
        auto t0 = std::chrono::steady_clock::now();
        auto ds = loadDataset(s.path);
        if (!ds) {
            std::cerr << "  " << ds.error().message << "\n";
            continue;
        }
        std::cout << "  " << ds->users.size() << " users, " << ds->items.size()
                  << " items, loaded in " << msSince(t0) / 1000 << " s\n";
        auto model = trainedModel(*ds, s.name, s.maxLength, opt);
        if (!model) {
            std::cerr << "  " << model.error().message << "\n";
            continue;
        }
        if (opt.shapleyError) {
            const int n = std::min(opt.users, 20);
            bench::shapleyErrorBench(*model, historiesOfLength(*ds, 50, n, true, 3), "length 50",
                                     32);
            if (s.maxLength > 50)
                bench::shapleyErrorBench(*model, historiesOfLength(*ds, s.maxLength, n, true, 4),
                                         "length " + std::to_string(s.maxLength), 16);
            continue;
        }
        if (opt.topKAll) {
            if (s.maxLength == 50) {
                const double ratio = bench::topKAllBench(
                    *model, *ds, concatenatedHistories(*ds, 50, opt.users, 2),
                    concatenatedHistories(*ds, 12, opt.users, 5), 10, opt.threads);
                goal("explaining all 10 of the top-10 / explaining one (x)", ratio, 3, "x",
                     "same methods: loo, ig, shapley; length 50");
            }
            continue;
        }
        if (s.maxLength == 50) {
            latency("real histories (clipped to the model's maximum 50)", *model, *ds,
                    historiesOfLength(*ds, s.maxLength, opt.users, false, 1), opt.threads);
            bundleGoals(s.name,
                        latency("length exactly 50 (concatenated user sequences)", *model, *ds,
                                concatenatedHistories(*ds, 50, opt.users, 2), opt.threads));
            exactShapley12(*model, concatenatedHistories(*ds, 12, opt.users, 5));
            if (opt.igRules)
                igRules(*model, concatenatedHistories(*ds, 50, opt.users, 2));
        } else {
            bundleGoals(s.name,
                        latency("length 50 (users with >= 50 items, last 50)", *model, *ds,
                                historiesOfLength(*ds, 50, opt.users, true, 3), opt.threads));
            bundleGoals(
                s.name,
                latency("length " + std::to_string(s.maxLength) +
                            " (the model's maximum; users with >= " + std::to_string(s.maxLength) +
                            " items, last " + std::to_string(s.maxLength) + ")",
                        *model, *ds, historiesOfLength(*ds, s.maxLength, opt.users, true, 4),
                        opt.threads),
                s.maxLength);
        }
        merchant(*model, *ds, s.name == "scientific", opt.threads);
    }
    if (!goalLines().empty()) {
        std::cout << "== goals (2 cores; wall-clock medians of this run)\n";
        for (const auto& l : goalLines())
            std::cout << l << "\n";
    }
    return 0;
}
