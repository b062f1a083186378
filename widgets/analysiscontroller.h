#pragma once
// The analyst's requests about one customer: the customer and target on screen, their top-K,
// the explanation, what-if edits, the minimal counterfactual, "why A above B", the pinned
// comparison, the top-K matrix (analysiscontrollertopk.cpp) and personalised search results
// with their explanation (analysiscontrollersearch.cpp). Reads the dataset, models and
// settings from the shared WorkbenchState; runs every request on the shared JobRunner. A
// result is applied only if its request id is still the latest of its kind (the user already
// picked another customer or target: dropped, never shown).

#include "jobrunner.h"
#include "workbenchstate.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace reclens {

namespace search {
struct SearchExplanation;
}

/// One customer's personalised search results (analysiscontrollersearch.cpp).
struct SearchResults {
    UserIndex user = -1;
    QString query;
    QStringList terms;           // the query as tokenized
    QStringList unknownTerms;    // tokens the model reads as the unknown-word id
    int purchases = 0;           // purchases read as history (the model's last maxLength)
    float gate = 0.0f;           // personalisation gate g in (0, 1) of this (customer, query)
    std::vector<RankedItem> top; // best first, scores in logits, ranks among every product
};

/// The customer whose recommendations are on screen, with the top-K of the current model.
struct CustomerRecs {
    UserIndex user = -1;
    History history; // as the model sees it (clipped to its max length)
    std::vector<RankedItem> top;
};

class AnalysisController : public QObject {
    Q_OBJECT
public:
    AnalysisController(const WorkbenchState& state, JobRunner& jobs, QObject* parent = nullptr);

    UserIndex customer() const { return m_customer; }
    /// The customer pinned for comparison, -1 when none (or a checkpoint is pinned).
    UserIndex pinnedCustomer() const { return m_pinnedCustomer; }
    ItemIndex target() const { return m_target; }
    const std::optional<CustomerRecs>& recommendations() const { return m_recs; }
    const std::optional<CustomerRecs>& pinnedRecommendations() const { return m_pinnedRecs; }
    QString pinnedLabel() const { return m_pinnedLabel; }
    std::shared_ptr<const ExplanationBundle> explanation() const { return m_bundle; }
    const std::optional<WhatIfResult>& whatIfResult() const { return m_whatIf; }
    const std::optional<CounterfactualResult>& counterfactualResult() const {
        return m_counterfactual;
    }
    const std::optional<WhyAboveResult>& whyAboveResult() const { return m_whyAbove; }
    /// Every top-K recommendation of the current customer explained at once (explainTopK with
    /// loo, ig, shapley), rank order; null until explainTopKAll() delivers or after the
    /// customer or model changed.
    std::shared_ptr<const std::vector<ExplanationBundle>> topKExplanations() const {
        return m_topKBundles;
    }
    const std::optional<SearchResults>& searchResults() const { return m_searchResults; }
    std::shared_ptr<const search::SearchExplanation> searchExplanation() const {
        return m_searchExplanation;
    }

    void selectCustomer(UserIndex user);
    void setTarget(ItemIndex item);
    /// Pins `user` with the current model; the pin's label names the model file, or
    /// `modelNote` when given (a project whose pin's checkpoint is missing says so).
    void pinCustomer(UserIndex user, const QString& modelNote = QString());
    /// Pins `user` with the model saved in `path` (loaded in a job), not the open one: a
    /// project's pin taken with another checkpoint. The label names that file. A file that
    /// cannot be read gives an errorMessage and the pin with the open model, labelled so.
    void pinCustomerWithCheckpoint(UserIndex user, const QString& path);
    /// Ranks the pinned customer again with the model it was pinned with (another candidate
    /// filter); the label stays.
    void repinCustomer();
    /// Pins the checkpoint in `path`: the current customer's list under that model beside the
    /// open model's (pinnedCustomer() is then -1).
    void pinCheckpoint(const QString& path);
    void clearPin();
    void runWhatIf(const std::vector<HistoryEdit>& edits);
    void findMinimalExplanation();
    void whyAbove(ItemIndex a, ItemIndex b);
    /// Explains the current customer's top-K (ExplainConfig::k) at once, in a job
    /// (analysiscontrollertopk.cpp); a newer request or another customer supersedes it.
    void explainTopKAll();
    /// Ranks every product for the current customer and `query` (topK() results) in a job,
    /// then explains the top result; a newer request or another customer supersedes it.
    void search(const QString& query);
    /// Explains `item` among the current search results (search/searchexplain.h) in a job.
    void explainSearchResult(ItemIndex item);

    // --- for WorkbenchController's one rule (state changes reset every view) ---
    // The resets are silent: the controller emits the signals once every part is reset.
    /// Ranks the current customer's top-K again (none: recommendationsChanged), then explains
    /// the target, or the new top item when no target is set.
    void refreshRecommendations();
    /// Explains the current customer's target again, if there is one.
    void requestExplanation();
    /// Another dataset: no customer, target, pin or result; running requests are dropped.
    void resetForDataset();
    /// The what-if lists, the counterfactual and "why A above B" of the old model or settings.
    void dropEditResults();
    /// Another model: the explanation and the edit results.
    void dropModelResults();
    /// Another candidate filter: the target is picked again from the new top-K.
    void clearTarget() { m_target = -1; }
    /// Another search model or dataset: no search results; running searches are dropped.
    void resetSearch();

Q_SIGNALS:
    void customerChanged(int user);
    void recommendationsChanged();
    void pinnedChanged();
    void explanationStarted();
    void explanationChanged();
    void whatIfChanged();
    void counterfactualChanged();
    /// The user's "Find minimal explanation" finished (counterfactualResult() holds it).
    void minimalExplanationReady();
    void whyAboveChanged();
    void topKExplanationsStarted();
    void topKExplanationsChanged();
    void searchResultsChanged();
    void searchExplanationStarted();
    void searchExplanationChanged();

private:
    void dropTopKExplanations();
    /// Ranks m_pinnedCustomer's history with `model` in a job; pinnedChanged when it arrives.
    void rankPinnedCustomer(std::shared_ptr<const SequenceModel> model);
    /// The top-`k` of one history among the candidates `bought` leaves.
    static std::vector<RankedItem> rankRow(const SequenceModel& model, const History& history,
                                           int k, const History& bought);

    const WorkbenchState& m_state;
    JobRunner& m_jobs;
    UserIndex m_customer = -1;
    UserIndex m_pinnedCustomer = -1;
    QString m_pinnedLabel;
    std::shared_ptr<const SasRecModel> m_pinnedModel;         // a pinned checkpoint
    std::shared_ptr<const SasRecModel> m_pinnedCustomerModel; // the pinned customer's own
    ItemIndex m_target = -1;
    std::optional<CustomerRecs> m_recs;
    std::optional<CustomerRecs> m_pinnedRecs;
    std::shared_ptr<const ExplanationBundle> m_bundle;
    std::optional<WhatIfResult> m_whatIf;
    std::optional<CounterfactualResult> m_counterfactual;
    std::optional<WhyAboveResult> m_whyAbove;
    std::shared_ptr<const std::vector<ExplanationBundle>> m_topKBundles;
    std::optional<SearchResults> m_searchResults;
    std::shared_ptr<const search::SearchExplanation> m_searchExplanation;

    // One per kind of request: a result is applied only if its request is still the latest of
    // its kind (JobRunner::startLatest). What-if, minimal counterfactual and "why A above B"
    // share one: each replaces the others' result on screen.
    LatestRequest m_recsRequest;
    LatestRequest m_pinRequest;
    LatestRequest m_explainRequest;
    LatestRequest m_whatIfRequest;
    LatestRequest m_topKRequest;
    LatestRequest m_searchRequest;
    LatestRequest m_searchExplainRequest;
};

} // namespace reclens
