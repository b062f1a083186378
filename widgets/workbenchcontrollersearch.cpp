// WorkbenchController, search mode: a personalised search checkpoint (task "search") opened
// beside the recommender, one customer's results for a typed query, and the explanation of one
// result (search/searchexplain.h). Same rules as the other analyses: jobs off the UI thread,
// a result applied only if its request id is still the latest of its kind.

#include "workbenchcontroller.h"

#include "data/querylog.h"
#include "eval/evaluator.h"
#include "model/checkpointformat.h"
#include "model/modelfile.h"
#include "search/makequeries.h"
#include "search/searchexplain.h"
#include "search/searchmerchant.h"
#include "search/searchmodel.h"

#include <QFileInfo>

namespace reclens {

namespace {

/// True when `file` is a RecLens checkpoint whose header names the search task. Unreadable
/// files answer false: the recommender path then reports the error as before.
bool isSearchCheckpoint(const std::string& file) {
    if (isTorchScriptFile(file))
        return false;
    auto f = readCheckpointFile(file, nullptr);
    return f && (*f)->sections.info.task == "search";
}

} // namespace

std::function<void()>
WorkbenchController::openSearchCheckpointWork(std::shared_ptr<const Dataset> ds,
                                              const QString& path, bool offerDataset) {
    const std::string file = path.toStdString();
    if (!isSearchCheckpoint(file))
        return {};
    auto loaded = search::SearchModel::load(file, ds.get());
    if (!loaded) {
        // Trained on another dataset that is still where it was opened from: offer it.
        if (offerDataset && loaded.error().code == ErrorCode::Mismatch)
            if (auto f = readCheckpointFile(file, nullptr)) {
                const ModelInfo& info = (*f)->sections.info;
                const QString source = QString::fromStdString(info.datasetSource);
                if (!source.isEmpty() && QFileInfo::exists(source))
                    return [this, path, source, name = info.datasetName] {
                        Q_EMIT checkpointForOtherDataset(path, QString(), source,
                                                         QString::fromStdString(name));
                    };
            }
        throwError(loaded.error());
    }
    auto model = std::make_shared<const search::SearchModel>(std::move(loaded).value());
    return [this, model, path, ds] {
        if (ds != m_dataset)
            return; // the dataset changed meanwhile
        m_searchModel = model;
        m_searchModelSource = path;
        ++m_searchRequest;
        ++m_searchExplainRequest;
        m_searchResults.reset();
        m_searchExplanation.reset();
        ++m_itemSearchesRequest; // its ranks came from the previous search model
        m_itemSearches.reset();
        Q_EMIT searchModelChanged();
        Q_EMIT searchResultsChanged();
        Q_EMIT searchExplanationChanged();
        Q_EMIT itemSearchesChanged();
        Q_EMIT statusMessage(
            QStringLiteral("Opened search model %1 (%2 words): type a query on the Search tab")
                .arg(path)
                .arg(model->vocabulary().size()));
    };
}

void WorkbenchController::keepSearchModelFor(const Dataset& ds) {
    ++m_searchRequest;
    ++m_searchExplainRequest;
    m_searchResults.reset();
    m_searchExplanation.reset();
    if (m_searchModel && m_searchModel->info().datasetFingerprint != ds.fingerprint) {
        m_searchModel.reset(); // trained on other data: it cannot rank this catalog
        m_searchModelSource.clear();
    }
    // The log was matched against the previous dataset; the analysis ranked its searches.
    ++m_itemSearchesRequest;
    if (m_itemSearchesJob)
        m_itemSearchesJob->requestInterruption();
    m_itemSearches.reset();
    if (m_queryLog && m_queryLog->datasetFingerprint != ds.fingerprint)
        m_queryLog.reset();
    Q_EMIT searchModelChanged();
    Q_EMIT searchResultsChanged();
    Q_EMIT searchExplanationChanged();
    Q_EMIT itemSearchesChanged();
    Q_EMIT queryLogChanged();
}

QString WorkbenchController::queryLogSource() const {
    return m_queryLog ? QString::fromStdString(m_queryLog->sourcePath)
                      : QStringLiteral("queries made from the catalog");
}

void WorkbenchController::openQueryLog(const QString& path) {
    if (!m_dataset)
        return;
    auto ds = m_dataset;
    startJob(QStringLiteral("Reading the query log"), m_nextRequest++, [this, ds, path](Job&) {
        auto log = loadQueryLog(path.toStdString(), *ds);
        if (!log)
            throwError(log.error());
        auto shared = std::make_shared<const QueryLog>(std::move(*log));
        return std::function<void()>([this, ds, shared] {
            if (ds != m_dataset)
                return; // another dataset meanwhile
            m_queryLog = shared;
            ++m_itemSearchesRequest;
            m_itemSearches.reset();
            Q_EMIT queryLogChanged();
            Q_EMIT itemSearchesChanged();
        });
    });
}

void WorkbenchController::analyseItemSearches(ItemIndex item) {
    const quint64 id = ++m_itemSearchesRequest;
    if (m_itemSearchesJob)
        m_itemSearchesJob->requestInterruption();
    if (!m_searchModel || !m_dataset || item < 0)
        return;
    auto model = m_searchModel;
    auto ds = m_dataset;
    auto log = m_queryLog;
    search::SearchMerchantConfig config;
    config.k = m_explainConfig.k;
    m_itemSearchesJob = startJob(QStringLiteral("Merchant queries"), id, [=, this](Job& job) {
        QueryLog made;
        if (!log) { // no log opened: one query per purchase, as make-queries writes
            made.sourcePath = "(made from the catalog)";
            made.datasetFingerprint = ds->fingerprint;
            made.records = search::makeQueries(*ds).records;
        }
        auto r =
            std::make_shared<const search::SearchMerchantExplanation>(search::explainItemSearches(
                *model, *ds, log ? *log : made, item, config,
                [&job](int done, int total) {
                    job.reportProgress(total > 0 ? double(done) / total : -1.0, QString());
                },
                [&job] { return job.isInterruptionRequested(); }));
        if (r->cancelled)
            return std::function<void()>();
        return std::function<void()>([this, id, r] {
            if (id != m_itemSearchesRequest)
                return; // another product, model or dataset meanwhile
            m_itemSearches = r;
            Q_EMIT itemSearchesChanged();
        });
    });
    connect(m_itemSearchesJob, &Job::progress, this,
            [this](double f, const QString&) { Q_EMIT itemSearchesProgress(f); });
    connect(m_itemSearchesJob, &Job::finished, this, [this] { Q_EMIT itemSearchesProgress(1.0); });
}

void WorkbenchController::cancelItemSearches() {
    ++m_itemSearchesRequest;
    if (m_itemSearchesJob)
        m_itemSearchesJob->requestInterruption();
}

void WorkbenchController::search(const QString& query) {
    const quint64 id = ++m_searchRequest;
    ++m_searchExplainRequest; // the explanation on show belongs to the old results
    if (m_searchExplainJob)
        m_searchExplainJob->requestInterruption();
    if (!m_searchModel || !m_dataset || m_customer < 0) {
        Q_EMIT errorMessage(m_searchModel ? QStringLiteral("Pick a customer to search for.")
                                          : QStringLiteral("Open a search model first (File → "
                                                           "Open model…, task search)."));
        return;
    }
    auto model = m_searchModel;
    auto ds = m_dataset;
    const UserIndex u = m_customer;
    const int k = topK();
    startJob(QStringLiteral("Searching"), id, [this, id, model, ds, u, k, query](Job&) {
        // All the purchases, as `reclens-cli search` does: the model reads the last maxLength.
        const History& history = ds->users[static_cast<std::size_t>(u)].sequence;
        const auto encoded = model->encodeQuery(query.toStdString());
        const auto scored = model->scoreAll({{history, encoded.ids}});
        SearchResults r;
        r.user = u;
        r.query = query;
        r.purchases = static_cast<int>(
            std::min<std::size_t>(history.size(), static_cast<std::size_t>(model->maxLength())));
        r.gate = scored.gates.front();
        for (std::size_t i = 0; i < encoded.tokens.size(); ++i) {
            const QString t = QString::fromStdString(encoded.tokens[i]);
            r.terms << t;
            if (encoded.ids[i] == text::Vocabulary::kUnknown)
                r.unknownTerms << t;
        }
        const auto top = reclens::topK(scored.scores.data(), scored.itemCount, k);
        for (std::size_t i = 0; i < top.size(); ++i)
            r.top.push_back(
                {top[i], scored.scores[static_cast<std::size_t>(top[i])], static_cast<int>(i) + 1});
        return std::function<void()>([this, id, r] {
            if (id != m_searchRequest)
                return; // another query, customer or model meanwhile
            m_searchResults = r;
            m_searchExplanation.reset();
            Q_EMIT searchResultsChanged();
            if (!r.top.empty())
                explainSearchResult(r.top.front().item);
        });
    });
}

void WorkbenchController::explainSearchResult(ItemIndex item) {
    const quint64 id = ++m_searchExplainRequest;
    if (m_searchExplainJob)
        m_searchExplainJob->requestInterruption();
    if (!m_searchModel || !m_dataset || !m_searchResults)
        return;
    const History& history =
        m_dataset->users[static_cast<std::size_t>(m_searchResults->user)].sequence;
    if (history.empty() && m_searchResults->terms.isEmpty()) {
        Q_EMIT errorMessage(QStringLiteral("This customer has no purchases and the query has no "
                                           "words: there is nothing to explain."));
        return;
    }
    auto model = m_searchModel;
    auto ds = m_dataset;
    const std::string query = m_searchResults->query.toStdString();
    const ExplainConfig config = m_explainConfig;
    Q_EMIT searchExplanationStarted();
    m_searchExplainJob = startJob(
        QStringLiteral("Explaining the search result"), id,
        [=, this](Job& job) {
            auto e = std::make_shared<const search::SearchExplanation>(
                search::explainSearchResult(*model, *ds, history, query, item, config,
                                            [&job] { return job.isInterruptionRequested(); }));
            if (e->bundle.cancelled)
                return std::function<void()>();
            return std::function<void()>([this, id, e] {
                if (id != m_searchExplainRequest)
                    return; // another result, query or customer was chosen meanwhile
                m_searchExplanation = e;
                Q_EMIT searchExplanationChanged();
            });
        },
        /*announceCancel=*/false); // only a newer request cancels it
}

} // namespace reclens
