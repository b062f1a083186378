// AnalysisController, search mode: one customer's personalised search results for a typed
// query and the explanation of one result (search/searchexplain.h), with the search model of
// the shared state. Same rules as the other analyses: jobs off the UI thread, a result applied
// only if its request id is still the latest of its kind.

#include "analysiscontroller.h"

#include "eval/evaluator.h"
#include "search/searchexplain.h"
#include "search/searchmodel.h"

namespace reclens {

void AnalysisController::resetSearch() {
    m_searchRequest.supersede();
    m_searchExplainRequest.supersede();
    m_searchResults.reset();
    m_searchExplanation.reset();
}

void AnalysisController::search(const QString& query) {
    m_searchRequest.supersede();
    m_searchExplainRequest.supersede(); // the explanation on show belongs to the old results
    if (!m_state.searchModel || !m_state.dataset || m_customer < 0) {
        m_jobs.error(m_state.searchModel ? QStringLiteral("Pick a customer to search for.")
                                         : QStringLiteral("Open a search model first (File → "
                                                          "Open model…, task search)."));
        return;
    }
    auto model = m_state.searchModel;
    auto ds = m_state.dataset;
    const UserIndex u = m_customer;
    const int k = m_state.topK();
    m_jobs.startLatest(
        QStringLiteral("Searching"), m_searchRequest, [this, model, ds, u, k, query](Job&) {
            // All the purchases, as `reclens-cli search` does: the model reads the last maxLength.
            const History& history = ds->users[static_cast<std::size_t>(u)].sequence;
            const auto encoded = model->encodeQuery(query.toStdString());
            const auto scored = model->scoreAll({{history, encoded.ids}});
            SearchResults r;
            r.user = u;
            r.query = query;
            r.purchases = static_cast<int>(std::min<std::size_t>(
                history.size(), static_cast<std::size_t>(model->maxLength())));
            r.gate = scored.gates.front();
            for (std::size_t i = 0; i < encoded.tokens.size(); ++i) {
                const QString t = QString::fromStdString(encoded.tokens[i]);
                r.terms << t;
                if (encoded.ids[i] == text::Vocabulary::kUnknown)
                    r.unknownTerms << t;
            }
            const auto top = reclens::topK(scored.scores.data(), scored.itemCount, k);
            for (std::size_t i = 0; i < top.size(); ++i)
                r.top.push_back({top[i], scored.scores[static_cast<std::size_t>(top[i])],
                                 static_cast<int>(i) + 1});
            // Dropped by startLatest after another query, customer or model.
            return std::function<void()>([this, r] {
                m_searchResults = r;
                m_searchExplanation.reset();
                Q_EMIT searchResultsChanged();
                if (!r.top.empty())
                    explainSearchResult(r.top.front().item);
            });
        });
}

void AnalysisController::explainSearchResult(ItemIndex item) {
    m_searchExplainRequest.supersede();
    if (!m_state.searchModel || !m_state.dataset || !m_searchResults)
        return;
    const History& history =
        m_state.dataset->users[static_cast<std::size_t>(m_searchResults->user)].sequence;
    if (history.empty() && m_searchResults->terms.isEmpty()) {
        m_jobs.error(QStringLiteral("This customer has no purchases and the query has no "
                                    "words: there is nothing to explain."));
        return;
    }
    auto model = m_state.searchModel;
    auto ds = m_state.dataset;
    const std::string query = m_searchResults->query.toStdString();
    const ExplainConfig config = m_state.explainConfig;
    Q_EMIT searchExplanationStarted();
    m_jobs.startLatest(
        QStringLiteral("Explaining the search result"), m_searchExplainRequest,
        [=, this](Job& job) {
            auto e = std::make_shared<const search::SearchExplanation>(search::explainSearchResult(
                *model, *ds, history, query, item, config, job.stopCallback()));
            if (e->bundle.cancelled)
                return std::function<void()>();
            // Dropped by startLatest after another result, query or customer.
            return std::function<void()>([this, e] {
                m_searchExplanation = e;
                Q_EMIT searchExplanationChanged();
            });
        },
        /*announceCancel=*/false); // only a newer request cancels it
}

} // namespace reclens
