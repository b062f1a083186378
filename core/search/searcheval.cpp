#include "search/searcheval.h"

#include "eval/evaluator.h"
#include "search/bm25.h"
#include "search/searchsplit.h"
#include "text/tokenizer.h"

#include <chrono>

namespace reclens::search {

namespace {

using Clock = std::chrono::steady_clock;

void addRanks(RankerEval& r, const std::vector<float>& scores, std::size_t rows, int itemCount,
              const std::vector<SearchSample>& samples, std::size_t begin) {
    const auto n = static_cast<std::size_t>(itemCount);
    for (std::size_t i = 0; i < rows; ++i) {
        const std::vector<float> row(scores.begin() + static_cast<std::ptrdiff_t>(i * n),
                                     scores.begin() + static_cast<std::ptrdiff_t>((i + 1) * n));
        r.ranks.push_back(rankOfTarget(row, samples[begin + i].target));
    }
}

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace

SearchEvalResult evaluateSearch(const Dataset& ds, const QueryLog& log, const SearchModel* model,
                                const SequenceModel* sasrec, const SearchEvalConfig& config,
                                const std::function<bool()>& shouldStop) {
    const SearchSplit split = splitSearchLog(ds, log);
    const auto samples = sampleSearches(config.split == EvalSplit::Test ? split.test : split.valid,
                                        config.maxUsers, config.seed);
    SearchEvalResult result;
    result.searches = static_cast<std::int64_t>(samples.size());
    RankerEval bm25{"bm25", {}, {}, 0.0}, sas{"sasrec", {}, {}, 0.0}, full{"search", {}, {}, 0.0},
        noHistory{"search_no_history", {}, {}, 0.0};
    auto t0 = Clock::now();
    const Bm25Index index(ds);
    double words = 0, gates = 0;
    for (const auto& s : samples) {
        const auto tokens = text::tokenize(log.records[static_cast<std::size_t>(s.record)].query);
        words += static_cast<double>(tokens.size());
        result.emptyQueries += tokens.empty() ? 1 : 0;
        bm25.ranks.push_back(rankOfTarget(index.scoreAll(tokens), s.target));
    }
    bm25.seconds = since(t0);
    const auto step = static_cast<std::size_t>(std::max(1, config.batchSize));
    for (std::size_t begin = 0; begin < samples.size(); begin += step) {
        if (shouldStop && shouldStop())
            break;
        const std::size_t end = std::min(samples.size(), begin + step);
        if (sasrec) {
            t0 = Clock::now();
            std::vector<History> histories;
            for (std::size_t i = begin; i < end; ++i)
                histories.push_back(searchHistory(ds, samples[i], sasrec->maxLength()));
            addRanks(sas, sasrec->scoreAll(histories), end - begin, sasrec->itemCount(), samples,
                     begin);
            sas.seconds += since(t0);
        }
        if (model) {
            std::vector<SearchRequest> withHistory, queryOnly;
            for (std::size_t i = begin; i < end; ++i) {
                const auto& r = log.records[static_cast<std::size_t>(samples[i].record)];
                const auto ids = model->encodeQuery(r.query).ids;
                withHistory.push_back({searchHistory(ds, samples[i], model->maxLength()), ids});
                queryOnly.push_back({{}, ids});
            }
            t0 = Clock::now();
            const auto a = model->scoreAll(withHistory);
            full.seconds += since(t0);
            addRanks(full, a.scores, end - begin, a.itemCount, samples, begin);
            for (float g : a.gates)
                gates += g;
            t0 = Clock::now();
            const auto b = model->scoreAll(queryOnly);
            noHistory.seconds += since(t0);
            addRanks(noHistory, b.scores, end - begin, b.itemCount, samples, begin);
        }
    }
    const double n = std::max<double>(1.0, static_cast<double>(samples.size()));
    result.meanQueryWords = words / n;
    result.meanGate = gates / n;
    for (RankerEval* r : {&bm25, &sas, &full, &noHistory}) {
        if (r->ranks.size() != samples.size() || samples.empty())
            continue; // not run (no model given) or cancelled
        r->metrics = rankMetrics(r->ranks, config.ks);
        result.rankers.push_back(std::move(*r));
    }
    return result;
}

} // namespace reclens::search
