// explain(): runs the configured methods for one (history, target) pair, timing each and
// polling shouldStop between them; independent parts run at once on two cores.

#include "explain/concurrent.h"
#include "explain/explainmethods.h"
#include "explain/lxr.h"
#include "explain/memomodel.h"
#include "explain/scoring.h"
#include "explain/verification.h"
#include "model/computebackend.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <stdexcept>

namespace reclens {

namespace {

/// Wall time and the CPU time of the calling thread (its intra-op threads are not counted, so
/// the bundle runs its parts with one intra-op thread each when it runs them concurrently).
class Stopwatch {
public:
    double ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_t0)
            .count();
    }
    double cpuMs() const { return threadCpuMs() - m_c0; }

    static double threadCpuMs() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return 1000.0 * static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e6;
    }

private:
    std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now();
    double m_c0 = threadCpuMs();
};

/// Timings of one thread's methods, merged into the bundle afterwards.
struct Timings {
    std::map<std::string, double> wall, cpu;
    void record(const std::string& name, const Stopwatch& sw) { // a part in two steps adds up
        wall[name] += sw.ms();
        cpu[name] += sw.cpuMs();
    }
};

} // namespace

ExplanationBundle explain(const SequenceModel& wrapped, const Dataset& ds, const History& history,
                          ItemIndex target, const ExplainConfig& config,
                          const std::function<bool()>& shouldStop) {
    const Stopwatch whole;
    // With two workers every part runs with one intra-op thread, also on this thread: an
    // intra-op team left spinning after a part (OpenMP's active wait) would take the core the
    // other worker needs (Shapley lost ~25 % of its wall time to it).
    const int workers = bundleWorkers(config.threads, 2);
    const ComputeThreadsScope intraOp(workers > 1 ? 1 : computeThreads());
    // Every method below scores through a memo: histories shared between methods (the full
    // one, the empty one, single removals) reach the model once per bundle.
    MemoModel memo(wrapped);
    const SequenceModel& model = memo;
    if (history.empty())
        throw std::invalid_argument("cannot explain a recommendation for an empty history");
    for (ItemIndex it : history)
        checkTarget(model, it);
    ExplanationBundle b;
    b.history = clipHistory(history, model.maxLength());
    b.k = config.k;
    b.extraPlayers = config.extraPlayers;
    // Polled by both chains below, so the flag is atomic; shouldStop itself must allow being
    // called from two threads (the GUI's and the CLI's read an atomic flag).
    std::atomic_bool cancelled = false;
    const auto stop = [&] {
        if (shouldStop && shouldStop())
            cancelled = true;
        return cancelled.load();
    };
    Timings main;
    const size_t itemCount = static_cast<size_t>(model.itemCount());
    {
        Stopwatch sw;
        const auto row = model.scoreAll({b.history});
        b.topK = topKInRow(row.data(), itemCount, std::max(config.k, config.whatIfK));
        b.target = target >= 0 ? target : b.topK.front().item;
        checkTarget(model, b.target);
        b.targetScore = row[static_cast<size_t>(b.target)];
        b.targetRank = rankInRow(row.data(), itemCount, b.target);
        main.record("rank", sw);
    }
    const ExplainMethods& m = config.methods;
    const ItemIndex t = b.target;
    const bool needLoo = m.loo || m.counterfactual || m.whatIf; // their verified ordering

    // Two independent chains: attention, gradients, IG and LOO; and Shapley (the longest
    // single part). With two workers they run at once, Shapley on a fork of the memo, so no
    // memo is shared between threads and the numbers do not depend on timing.
    const bool shapleyApart = m.shapley && workers > 1;
    std::optional<ShapleyExplanation> shapley;
    Timings apart;
    MemoModel shapleyMemo = memo.fork();
    auto runShapley = [&](const SequenceModel& on, Timings& timings) {
        if (stop())
            return;
        Stopwatch sw;
        shapley = explainShapley(on, b.history, t, config);
        timings.record("shapley", sw);
    };
    // The rows the summary's facts are checked against depend only on the history: with two
    // workers, each scores parts of them when its own work is done, so the worker that
    // finishes first takes most (Shapley's at length 50, the chain's at 200). They are scored
    // by the caller's model, never the memo (verification.h), in fixed parts, so the numbers
    // are the same whichever thread scores a part.
    FactRows factRows;
    factRows.history = b.history;
    factRows.occlusion = wrapped.supportsMaskedSlots();
    factRows.items = itemCount;
    const std::vector<History> factBatch = factRowHistories(b.history, factRows.occlusion);
    constexpr size_t kFactParts = 6;
    std::vector<std::vector<float>> factPart(kFactParts);
    std::vector<char> factPartDone(kFactParts, 0);
    std::atomic<size_t> nextFactPart = 0;
    auto scoreFactPart = [&](size_t p) {
        const auto first =
            factBatch.begin() + static_cast<std::ptrdiff_t>(p * factBatch.size() / kFactParts);
        const auto last = factBatch.begin() +
                          static_cast<std::ptrdiff_t>((p + 1) * factBatch.size() / kFactParts);
        if (first != last)
            factPart[p] = scoreAllChunked(wrapped, std::vector<History>(first, last));
        factPartDone[p] = 1;
    };
    auto scoreFreshRows = [&](Timings& timings) {
        Stopwatch sw;
        size_t p = 0;
        while (!stop() && (p = nextFactPart.fetch_add(1)) < kFactParts)
            scoreFactPart(p);
        timings.record("verification", sw);
    };
    auto chain = [&] {
        if (m.attention && !model.supportsAttention()) {
            b.unavailable["attention"] = model.attentionUnavailableReason();
        } else if (m.attention && !stop()) {
            Stopwatch sw;
            b.attention = explainAttention(model, b.history);
            main.record("attention", sw);
        }
        if (m.gradient && !stop()) {
            Stopwatch sw;
            auto [grad, gxi] = explainGradient(model, b.history, t);
            b.attributions.push_back(std::move(grad));
            b.attributions.push_back(std::move(gxi));
            main.record("grad", sw);
        }
        // A sampled IG baseline needs a model that takes a baseline history: without one, IG
        // (and the features built on it) are reported unavailable with the reason.
        const std::string igUnavailable = igUnavailableReason(model, config);
        if ((m.ig || m.features) && !igUnavailable.empty()) {
            for (const char* part : {"ig", "features"})
                if (std::string(part) == "ig" ? m.ig : m.features)
                    b.unavailable[part] = igUnavailable;
        } else if ((m.ig || m.features) && !stop()) {
            Stopwatch sw;
            b.ig = explainIntegratedGradients(model, b.history, t, config, ds);
            main.record("ig", sw);
            if (m.features) {
                Stopwatch fw;
                b.features = explainFeatures(ds, b.history, *b.ig);
                main.record("features", fw);
            }
        }
        if (needLoo && !stop()) {
            Stopwatch sw;
            b.loo = explainLeaveOneOut(model, b.history, t);
            main.record("loo", sw);
        }
    };
    if (shapleyApart) {
        runConcurrently({[&] {
                             chain();
                             scoreFreshRows(main);
                         },
                         [&] {
                             runShapley(shapleyMemo, apart);
                             scoreFreshRows(apart);
                         }});
        memo.absorb(shapleyMemo);
    } else {
        chain();
        if (m.shapley)
            runShapley(model, main);
    }
    // Attributions in their documented order, whichever thread computed them.
    if (b.attention)
        b.attributions.insert(b.attributions.begin(), {"attention_rollout", b.attention->rollout});
    if (b.ig && m.ig)
        b.attributions.push_back({"ig", b.ig->values});
    if (b.loo) {
        b.attributions.push_back({"loo", b.loo->effect});
        if (!b.loo->occlusionEffect.empty())
            b.attributions.push_back({"occlusion", b.loo->occlusionEffect});
    }
    if (shapley) {
        b.shapley = std::move(shapley);
        b.attributions.push_back({"shapley", b.shapley->values});
    }

    // "Why this list": on the wrapped model, since the memo would keep a full catalog row for
    // each of up to 2^12 coalitions.
    if (m.listShapley && std::min(config.k, model.itemCount()) >= 2 && !stop()) {
        Stopwatch sw;
        b.listShapley = explainListShapley(wrapped, b.history, config.k, config);
        main.record("list_shapley", sw);
    }

    // The rest needs LOO (what-if, counterfactual) or every attribution (faithfulness); the
    // memo scores its new histories on all workers.
    memo.setWorkers(workers);
    if (m.whatIf && b.loo && !stop()) {
        Stopwatch sw;
        std::vector<HistoryEdit> edits = config.whatIfEdits;
        if (edits.empty()) {
            const auto& e = b.loo->effect;
            const int top = static_cast<int>(std::max_element(e.begin(), e.end()) - e.begin());
            edits.push_back({HistoryEdit::Kind::Remove, top, -1, -1});
        }
        b.whatIf = whatIf(model, b.history, edits, t, config.whatIfK);
        verifyWhatIf(wrapped, *b.whatIf); // fresh pass of the edited history, not the memo's row
        main.record("whatif", sw);
    }
    if (m.counterfactual && b.loo && !stop()) {
        Stopwatch sw;
        b.counterfactual =
            minimalCounterfactual(model, b.history, t, b.loo->effect, config, &wrapped);
        main.record("counterfactual", sw);
    }
    if (m.faithfulness && !stop()) {
        Stopwatch sw;
        const auto popularity = itemInteractionCounts(ds); // LXR's popularity reference
        b.faithfulness = evaluateFaithfulness(
            model, b.history, t, b.attributions, b.attention ? &*b.attention : nullptr,
            b.loo ? &b.loo->effect : nullptr, config, &popularity);
        main.record("faithfulness", sw);
    }
    if (!m.loo) // computed only as the counterfactual's ordering; not asked for
        std::erase_if(b.attributions, [](const Attribution& a) {
            return a.method == "loo" || a.method == "occlusion";
        });
    // Everything the summary and the JSON present as checked is re-scored by the caller's
    // model in fresh passes: the memo above would only read the same numbers back.
    if (!stop()) {
        Stopwatch sw;
        if (b.shapley)
            verifyShapleyEfficiency(wrapped, b.history, t, *b.shapley);
        for (size_t p = 0; p < kFactParts; ++p) { // parts no worker took (one worker, a stop)
            if (!factPartDone[p])
                scoreFactPart(p);
            factRows.rows.insert(factRows.rows.end(), factPart[p].begin(), factPart[p].end());
        }
        b.facts = verifyFacts(factRows, b);
        main.record("verification", sw); // added to the rows' time on the other worker
    }
    b.cancelled = cancelled;
    b.summary = buildSummary(ds, b);
    for (const Timings* tm : {&main, &apart}) { // a part split over both threads adds up
        for (const auto& [name, ms] : tm->wall)
            b.timingsMs[name] += ms;
        for (const auto& [name, ms] : tm->cpu)
            b.cpuMs[name] += ms;
    }
    double cpu = 0;
    for (const auto& [name, ms] : b.cpuMs)
        cpu += ms;
    b.historiesScored = memo.modelRows();
    b.timingsMs["total"] = whole.ms(); // elapsed: parts may have run at the same time
    b.cpuMs["total"] = cpu;
    return b;
}

} // namespace reclens
