#pragma once
// Owns the dataset, the current model and every long-running job of the workbench. Views never
// call the engine directly: they ask the controller, which runs the work on its thread pool
// and publishes results through signals. Results of superseded requests (the user already
// picked another customer or target) are dropped by request id, never shown.

#include "data/dataset.h"
#include "data/importers.h"
#include "explain/candidatefilter.h"
#include "explain/explanation.h"
#include "explain/merchantexplanation.h"
#include "job.h"
#include "model/sasrecmodel.h"
#include "train/trainer.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <memory>
#include <optional>

namespace reclens {

struct QueryLog;
namespace search {
class SearchModel;
struct SearchExplanation;
struct SearchMerchantExplanation;
} // namespace search

/// One customer's personalised search results (workbenchcontrollersearch.cpp).
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

/// What the Project tab says while training: "epoch 3 of at most 30 · step 40/66 · loss … ·
/// about 0:12 left in this epoch · 1:05 elapsed", or "validating on N customers" after the
/// epoch's last step.
QString trainingProgressText(const StepStats& s, int maxEpochs, int validUsers,
                             double elapsedSeconds, double epochSeconds);

class WorkbenchController : public QObject {
    Q_OBJECT
public:
    explicit WorkbenchController(QObject* parent = nullptr);
    ~WorkbenchController() override;

    // --- state (UI thread only) ---
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    /// The open model: a RecLens checkpoint or a TorchScript file (docs/MODEL_INTERFACE.md).
    std::shared_ptr<const SequenceModel> model() const { return m_model; }
    QString modelSource() const { return m_modelSource; }
    UserIndex customer() const { return m_customer; }
    /// The customer pinned for comparison, -1 when none (or a checkpoint is pinned).
    UserIndex pinnedCustomer() const { return m_pinnedCustomer; }
    /// The import options the open dataset was loaded with (what a project file stores).
    const ImportOptions& importOptions() const { return m_importOptions; }
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
    std::shared_ptr<const MerchantExplanation> merchant() const { return m_merchant; }
    /// Every top-K recommendation of the current customer explained at once (explainTopK with
    /// loo, ig, shapley), rank order; null until explainTopKAll() delivers or after the
    /// customer or model changed.
    std::shared_ptr<const std::vector<ExplanationBundle>> topKExplanations() const {
        return m_topKBundles;
    }
    ExplainConfig& explainConfig() { return m_explainConfig; }
    /// Replaces the explanation settings, remembers them in QSettings and re-explains the
    /// current customer and target, if any. A config explainConfigProblem() rejects is refused
    /// with errorMessage and changes nothing (returns false).
    bool setExplainConfig(const ExplainConfig& config);
    /// Loads the settings stored by setExplainConfig (the application calls this at start-up);
    /// a damaged stored value gives the defaults and an errorMessage, never a crash.
    void restoreExplainConfig();
    /// The one K of the workbench (ExplainConfig::k): the length of the Recommendations list,
    /// "in the top-K" of explanations, the merchant view and the default of reports.
    int topK() const { return m_explainConfig.k; }
    /// "Exclude products the customer already bought" (explain/candidatefilter.h): the setting,
    /// and whether it is in effect for the open dataset (auto follows its repeat rate).
    ExcludeBought excludeBoughtSetting() const { return m_excludeBought; }
    bool excludeBoughtActive() const;
    /// The checkbox beside the Recommendations list: on/off replaces auto; refreshes the list
    /// and the explanation so every rank on screen is among the same candidates.
    void setExcludeBought(ExcludeBought setting);
    /// What the filter leaves out for customer `u`: the customer's whole original history when
    /// the setting is in effect (fixed across what-if edits), else nothing.
    History boughtBy(UserIndex u) const;
    bool isTraining() const { return m_trainJob != nullptr; }
    bool isBusy() const;
    QThreadPool* pool() { return &m_pool; }

    /// The explained history of user `u`: the full known sequence, cut to the model's length.
    History historyOf(UserIndex u) const;

    // --- actions ---
    /// `onOpened` runs on the UI thread once the dataset is the open one (never on failure).
    void openDataset(const QString& path, const ImportOptions& options = {},
                     std::function<void()> onOpened = {});
    /// Trains a fresh model; the current one stays until training succeeds (also on Cancel).
    void train(const TrainConfig& config);
    /// Hyperband search (train/tuner.h) for at most `budgetMinutes`; `base` gives the fields
    /// not searched (seed, epochs, patience, loss, batch). A job like train(); Cancel is
    /// cancelTraining(). workbenchcontrollertuning.cpp.
    void tune(double budgetMinutes, const TrainConfig& base);
    void cancelTraining();
    /// A RecLens checkpoint, or a TorchScript file with its item map (`itemMap`; when empty,
    /// findItemMapBeside() looks for one next to the model).
    /// A RecLens checkpoint of another dataset whose recorded dataset file still exists is not
    /// an error but checkpointForOtherDataset (MainWindow offers to open that dataset), unless
    /// `offerDataset` is false.
    void openCheckpoint(const QString& path, const QString& itemMap = QString(),
                        bool offerDataset = true);
    /// Opens `dataset` (default import options), then `checkpoint` on it: the answer to
    /// checkpointForOtherDataset.
    void openDatasetThenCheckpoint(const QString& dataset, const QString& checkpoint,
                                   const QString& itemMap = QString());
    /// Saves the current model in a job; `onSaved` runs on the UI thread once it is written
    /// (never on failure, which comes as errorMessage).
    void saveCheckpoint(const QString& path, std::function<void()> onSaved = {});
    /// True while the current model was trained in this session and never saved: opening
    /// another dataset, checkpoint or the sample would lose it (MainWindow asks first).
    bool isModelUnsaved() const { return m_model && m_modelUnsaved; }
    /// Opens the bundled sample and loads its cached model, or trains a small one and caches it.
    void openSample();
    /// Makes `ds` the open dataset, as a finished openDataset does on the UI thread (tests hand
    /// it generated data); `repeatRate` is datasetStats(*ds).repeatRate, computed off the UI
    /// thread by the caller.
    void adoptDataset(std::shared_ptr<const Dataset> ds, double repeatRate);

    void selectCustomer(UserIndex user);
    void setTarget(ItemIndex item);
    /// Pins `user` with the current model; the pin's label names the model file, or
    /// `modelNote` when given (a project whose pin's checkpoint is missing says so).
    void pinCustomer(UserIndex user, const QString& modelNote = QString());
    void pinCheckpoint(const QString& path);
    void clearPin();

    void runWhatIf(const std::vector<HistoryEdit>& edits);
    void findMinimalExplanation();
    void whyAbove(ItemIndex a, ItemIndex b);
    void explainItem(ItemIndex item, int maxUsers);
    /// The merchant view with a segment, a compared product and a what-if from `request`
    /// (its k and threads are the workbench's).
    void explainItem(ItemIndex item, const MerchantConfig& request);
    void cancelMerchant();
    /// Explains the current customer's top-K (ExplainConfig::k) at once, in a job
    /// (workbenchcontrollertopk.cpp); a newer request or another customer supersedes it.
    void explainTopKAll();

    // --- search mode (workbenchcontrollersearch.cpp) ---
    /// The open personalised search model (a checkpoint with task "search"), independent of
    /// model(): opening one keeps the recommender.
    std::shared_ptr<const search::SearchModel> searchModel() const { return m_searchModel; }
    QString searchModelSource() const { return m_searchModelSource; }
    const std::optional<SearchResults>& searchResults() const { return m_searchResults; }
    std::shared_ptr<const search::SearchExplanation> searchExplanation() const {
        return m_searchExplanation;
    }
    /// Ranks every product for the current customer and `query` (topK() results) in a job,
    /// then explains the top result; a newer request or another customer supersedes it.
    void search(const QString& query);
    /// Explains `item` among the current search results (search/searchexplain.h) in a job.
    void explainSearchResult(ItemIndex item);
    /// The merchant side of search (search/searchmerchant.h) for `item` in a job: over the query
    /// log opened with openQueryLog(), or else over queries made from the catalog
    /// (search/makequeries.h). A newer request, another dataset or model supersedes it.
    void analyseItemSearches(ItemIndex item);
    void cancelItemSearches();
    /// Reads a search log CSV (data/querylog.h) matched against the open dataset, in a job.
    void openQueryLog(const QString& path);
    std::shared_ptr<const search::SearchMerchantExplanation> itemSearches() const {
        return m_itemSearches;
    }
    /// The log file, or a note that the queries are made from the catalog.
    QString queryLogSource() const;

    /// Runs `work` in the workbench's one job runner (busy indicator, failures as errorMessage).
    /// `announceCancel` = false for work that is only ever cancelled because a newer request
    /// superseded it (the user picked another customer): saying so would be noise.
    Job* startJob(const QString& name, quint64 requestId,
                  std::function<std::function<void()>(Job&)> work, bool announceCancel = true);

    /// Directory of the bundled sample_data (empty if not found).
    static QString sampleDataDir();
    /// Where the sample's cached model lives for a dataset fingerprint.
    static QString cachedModelPath(const std::string& fingerprint);
    /// The small configuration used for the sample's first-start model.
    static TrainConfig sampleTrainConfig();

Q_SIGNALS:
    void datasetChanged();
    void modelChanged();
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
    /// The checkpoint was trained on the dataset at `datasetSource` (name `datasetName`), not on
    /// the open one; nothing changed.
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
    /// Inside a job's work: stops it with `e` as the message the window shows.
    [[noreturn]] static void throwError(const Error& e);
    /// `native` is the same model when it is a RecLens SASRec (what Save checkpoint writes).
    void setModel(std::shared_ptr<const SequenceModel> model, const QString& source,
                  std::shared_ptr<const SasRecModel> native);
    void refreshRecommendations();
    void requestExplanation();
    void trainThenCache(const TrainConfig& config, const QString& cachePath);

    QThreadPool m_pool;
    std::shared_ptr<const Dataset> m_dataset;
    ImportOptions m_importOptions; // of m_dataset
    std::shared_ptr<const SequenceModel> m_model;
    std::shared_ptr<const SasRecModel> m_nativeModel; // m_model when it is a RecLens checkpoint
    std::shared_ptr<const SasRecModel> m_pinnedModel;
    QString m_modelSource;
    bool m_modelUnsaved = false; // see isModelUnsaved()
    UserIndex m_customer = -1;
    UserIndex m_pinnedCustomer = -1;
    QString m_pinnedLabel;
    ItemIndex m_target = -1;
    std::optional<CustomerRecs> m_recs;
    std::optional<CustomerRecs> m_pinnedRecs;
    std::shared_ptr<const ExplanationBundle> m_bundle;
    std::optional<WhatIfResult> m_whatIf;
    std::optional<CounterfactualResult> m_counterfactual;
    std::optional<WhyAboveResult> m_whyAbove;
    std::shared_ptr<const MerchantExplanation> m_merchant;
    ExplainConfig m_explainConfig;
    ExcludeBought m_excludeBought = ExcludeBought::Auto;
    double m_repeatRate = 0.0; // of the open dataset

    // Request ids: a result is applied only if its id is still the latest of its kind.
    quint64 m_nextRequest = 1;
    quint64 m_datasetRequest = 0;
    quint64 m_recsRequest = 0;
    quint64 m_pinRequest = 0;
    quint64 m_explainRequest = 0;
    quint64 m_whatIfRequest = 0;
    quint64 m_merchantRequest = 0;
    QPointer<Job> m_trainJob;
    QPointer<Job> m_explainJob;
    QPointer<Job> m_merchantJob;
    // The top-K matrix (workbenchcontrollertopk.cpp).
    quint64 m_topKRequest = 0;
    QPointer<Job> m_topKJob;
    std::shared_ptr<const std::vector<ExplanationBundle>> m_topKBundles;
    void dropTopKExplanations();
    // Search mode (workbenchcontrollersearch.cpp).
    /// Inside openCheckpoint's job: the deliver closure for a search checkpoint (throws its
    /// load error), or an empty function when `path` is not one.
    std::function<void()> openSearchCheckpointWork(std::shared_ptr<const Dataset> ds,
                                                   const QString& path, bool offerDataset);
    /// Drops the search model when it belongs to another dataset than the one now open.
    void keepSearchModelFor(const Dataset& ds);
    std::shared_ptr<const search::SearchModel> m_searchModel;
    QString m_searchModelSource;
    std::optional<SearchResults> m_searchResults;
    std::shared_ptr<const search::SearchExplanation> m_searchExplanation;
    quint64 m_searchRequest = 0;
    quint64 m_searchExplainRequest = 0;
    QPointer<Job> m_searchExplainJob;
    std::shared_ptr<const QueryLog> m_queryLog; // null = queries made from the catalog
    std::shared_ptr<const search::SearchMerchantExplanation> m_itemSearches;
    quint64 m_itemSearchesRequest = 0;
    QPointer<Job> m_itemSearchesJob;
    int m_running = 0;
};

} // namespace reclens

Q_DECLARE_METATYPE(reclens::EpochStats)
Q_DECLARE_METATYPE(reclens::TrainConfig)
Q_DECLARE_METATYPE(reclens::TrialRecord)
