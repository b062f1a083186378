#pragma once
// The workbench as the views and tests see it: one object that composes the parts, each with
// one responsibility, over one JobRunner (thread pool, busy state, messages) and one
// WorkbenchState (dataset, models, settings):
//   DatasetSession      dataset, model, training and tuning, checkpoints, unsaved model
//   AnalysisController  one customer: top-K, explanation, what-if, pins, top-K matrix, search
//   MerchantController  one product: merchant explanation, the searches that rank it
//   ReportController    File → Export report…: the preview and the report files
// Views never call the engine directly: they ask here (or a part), the work runs as a job and
// results come back as signals. This class holds the one rule of consistent state: a change of
// dataset, model or settings resets or recomputes every view (onDatasetAdopted, onModelReplaced,
// setExplainConfig, setExcludeBought). The rest forwards to the parts, whose headers document
// each call.

#include "analysiscontroller.h"
#include "datasetsession.h"
#include "jobrunner.h"
#include "merchantcontroller.h"
#include "reportcontroller.h"
#include "workbenchstate.h"

#include <QObject>
#include <QString>

#include <memory>

namespace reclens {

class WorkbenchController : public QObject {
    Q_OBJECT
public:
    explicit WorkbenchController(QObject* parent = nullptr);
    ~WorkbenchController() override;

    // --- the parts ---
    DatasetSession& session() { return m_session; }
    AnalysisController& analysis() { return m_analysis; }
    MerchantController& merchantRequests() { return m_merchant; }
    ReportController& reports() { return m_reports; }
    JobRunner& jobs() { return m_jobs; }
    const WorkbenchState& state() const { return m_state; }

    // --- the settings and the one rule ---
    ExplainConfig& explainConfig() { return m_state.explainConfig; }
    /// Replaces the explanation settings, remembers them in QSettings and re-explains the
    /// current customer and target, if any. A config explainConfigProblem() rejects is refused
    /// with errorMessage and changes nothing (returns false).
    bool setExplainConfig(const ExplainConfig& config);
    /// Loads the settings stored by setExplainConfig (the application calls this at start-up);
    /// a damaged stored value gives the defaults and an errorMessage, never a crash.
    void restoreExplainConfig();
    /// The one K of the workbench (ExplainConfig::k): the length of the Recommendations list,
    /// "in the top-K" of explanations, the merchant view and the default of reports.
    int topK() const { return m_state.topK(); }
    /// "Exclude products the customer already bought" (explain/candidatefilter.h): the setting,
    /// and whether it is in effect for the open dataset (auto follows its repeat rate).
    ExcludeBought excludeBoughtSetting() const { return m_state.excludeBought; }
    bool excludeBoughtActive() const { return m_state.excludeBoughtActive(); }
    /// The checkbox beside the Recommendations list: on/off replaces auto; refreshes the list
    /// and the explanation so every rank on screen is among the same candidates.
    void setExcludeBought(ExcludeBought setting);

    // --- state (UI thread only; see WorkbenchState and the parts) ---
    std::shared_ptr<const Dataset> dataset() const { return m_state.dataset; }
    std::shared_ptr<const SequenceModel> model() const { return m_state.model; }
    QString modelSource() const { return m_state.modelSource; }
    const ImportOptions& importOptions() const { return m_state.importOptions; }
    History boughtBy(UserIndex u) const { return m_state.boughtBy(u); }
    History historyOf(UserIndex u) const { return m_state.historyOf(u); }
    std::shared_ptr<const search::SearchModel> searchModel() const { return m_state.searchModel; }
    QString searchModelSource() const { return m_state.searchModelSource; }
    bool isTraining() const { return m_session.isTraining(); }
    bool isModelUnsaved() const { return m_session.isModelUnsaved(); }
    bool isBusy() const { return m_jobs.isBusy(); }
    QThreadPool* pool() { return m_jobs.pool(); }
    UserIndex customer() const { return m_analysis.customer(); }
    UserIndex pinnedCustomer() const { return m_analysis.pinnedCustomer(); }
    ItemIndex target() const { return m_analysis.target(); }
    const std::optional<CustomerRecs>& recommendations() const {
        return m_analysis.recommendations();
    }
    const std::optional<CustomerRecs>& pinnedRecommendations() const {
        return m_analysis.pinnedRecommendations();
    }
    QString pinnedLabel() const { return m_analysis.pinnedLabel(); }
    std::shared_ptr<const ExplanationBundle> explanation() const {
        return m_analysis.explanation();
    }
    const std::optional<WhatIfResult>& whatIfResult() const { return m_analysis.whatIfResult(); }
    const std::optional<CounterfactualResult>& counterfactualResult() const {
        return m_analysis.counterfactualResult();
    }
    const std::optional<WhyAboveResult>& whyAboveResult() const {
        return m_analysis.whyAboveResult();
    }
    std::shared_ptr<const std::vector<ExplanationBundle>> topKExplanations() const {
        return m_analysis.topKExplanations();
    }
    const std::optional<SearchResults>& searchResults() const { return m_analysis.searchResults(); }
    std::shared_ptr<const search::SearchExplanation> searchExplanation() const {
        return m_analysis.searchExplanation();
    }
    std::shared_ptr<const MerchantExplanation> merchant() const { return m_merchant.merchant(); }
    std::shared_ptr<const search::SearchMerchantExplanation> itemSearches() const {
        return m_merchant.itemSearches();
    }
    QString queryLogSource() const { return m_merchant.queryLogSource(); }

    // --- actions (DatasetSession) ---
    void openDataset(const QString& path, const ImportOptions& options = {},
                     std::function<void()> onOpened = {}) {
        m_session.openDataset(path, options, std::move(onOpened));
    }
    void adoptDataset(std::shared_ptr<const Dataset> ds, double repeatRate) {
        m_session.adoptDataset(std::move(ds), repeatRate);
    }
    void train(const TrainConfig& config) { m_session.train(config); }
    void tune(double budgetMinutes, const TrainConfig& base) {
        m_session.tune(budgetMinutes, base);
    }
    void cancelTraining() { m_session.cancelTraining(); }
    void openCheckpoint(const QString& path, const QString& itemMap = QString(),
                        bool offerDataset = true) {
        m_session.openCheckpoint(path, itemMap, offerDataset);
    }
    void openDatasetThenCheckpoint(const QString& dataset, const QString& checkpoint,
                                   const QString& itemMap = QString()) {
        m_session.openDatasetThenCheckpoint(dataset, checkpoint, itemMap);
    }
    void saveCheckpoint(const QString& path, std::function<void()> onSaved = {}) {
        m_session.saveCheckpoint(path, std::move(onSaved));
    }
    void openSample() { m_session.openSample(); }

    // --- actions (AnalysisController) ---
    void selectCustomer(UserIndex user) { m_analysis.selectCustomer(user); }
    void setTarget(ItemIndex item) { m_analysis.setTarget(item); }
    void pinCustomer(UserIndex user, const QString& modelNote = QString()) {
        m_analysis.pinCustomer(user, modelNote);
    }
    void pinCustomerWithCheckpoint(UserIndex user, const QString& path) {
        m_analysis.pinCustomerWithCheckpoint(user, path);
    }
    void pinCheckpoint(const QString& path) { m_analysis.pinCheckpoint(path); }
    void clearPin() { m_analysis.clearPin(); }
    void runWhatIf(const std::vector<HistoryEdit>& edits) { m_analysis.runWhatIf(edits); }
    void findMinimalExplanation() { m_analysis.findMinimalExplanation(); }
    void whyAbove(ItemIndex a, ItemIndex b) { m_analysis.whyAbove(a, b); }
    void explainTopKAll() { m_analysis.explainTopKAll(); }
    void search(const QString& query) { m_analysis.search(query); }
    void explainSearchResult(ItemIndex item) { m_analysis.explainSearchResult(item); }

    // --- actions (MerchantController) ---
    void explainItem(ItemIndex item, int maxUsers) { m_merchant.explainItem(item, maxUsers); }
    void explainItem(ItemIndex item, const MerchantConfig& request) {
        m_merchant.explainItem(item, request);
    }
    void cancelMerchant() { m_merchant.cancelMerchant(); }
    void analyseItemSearches(ItemIndex item) { m_merchant.analyseItemSearches(item); }
    void cancelItemSearches() { m_merchant.cancelItemSearches(); }
    void openQueryLog(const QString& path) { m_merchant.openQueryLog(path); }

    /// Runs `work` on the workbench's one JobRunner (see JobRunner::start).
    Job* startJob(const QString& name, quint64 requestId, Job::Work work,
                  bool announceCancel = true) {
        return m_jobs.start(name, requestId, std::move(work), announceCancel);
    }

Q_SIGNALS:
    // Every part's signals, forwarded (the views connect here).
    void datasetChanged();
    void modelChanged();
    void customerChanged(int user);
    void recommendationsChanged();
    void pinnedChanged();
    void explanationStarted();
    void explanationChanged();
    void whatIfChanged();
    void counterfactualChanged();
    void minimalExplanationReady();
    void whyAboveChanged();
    void merchantProgress(double fraction);
    void merchantChanged();
    void topKExplanationsStarted();
    void topKExplanationsChanged();
    void trainingStarted(const reclens::TrainConfig& config);
    void trainingEpoch(const reclens::EpochStats& stats);
    void trainingProgress(double fraction, const QString& text);
    void trainingFinished(bool accepted, const QString& message);
    void tuningStarted();
    void tuningTrial(const reclens::TrialRecord& trial);
    void tuningChosen(int trialId);
    void statusMessage(const QString& text);
    void errorMessage(const QString& text);
    void checkpointForOtherDataset(const QString& checkpoint, const QString& itemMap,
                                   const QString& datasetSource, const QString& datasetName);
    void busyChanged(bool busy);
    void searchModelChanged();
    void searchResultsChanged();
    void searchExplanationStarted();
    void searchExplanationChanged();
    void itemSearchesProgress(double fraction);
    void itemSearchesChanged();
    void queryLogChanged();

private:
    void forwardSignals();
    // The one rule: what a new dataset, model or search model resets, in one place.
    void onDatasetAdopted(bool modelClosed);
    void onModelReplaced();
    void onSearchModelReplaced();

    // Declared first: destroyed last, after the parts whose jobs it waits for.
    JobRunner m_jobs;
    WorkbenchState m_state;
    DatasetSession m_session;
    AnalysisController m_analysis;
    MerchantController m_merchant;
    ReportController m_reports;
};

} // namespace reclens
