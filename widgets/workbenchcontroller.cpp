// WorkbenchController: composes the parts, forwards their signals, and keeps the one rule of
// consistent state (a change of dataset, model or settings resets or recomputes every view).

#include "workbenchcontroller.h"

#include "explainsettings.h"

#include <QSettings>

namespace reclens {

WorkbenchController::WorkbenchController(QObject* parent)
    : QObject(parent)
    , m_session(m_state, m_jobs)
    , m_analysis(m_state, m_jobs)
    , m_merchant(m_state, m_jobs)
    , m_reports(m_state, m_jobs) {
    m_state.explainConfig.k = 10;
    m_state.explainConfig.whatIfK = 20;
    // Before forwardSignals: a view hearing datasetChanged or modelChanged finds every part
    // already reset.
    connect(&m_session, &DatasetSession::datasetAdopted, this,
            &WorkbenchController::onDatasetAdopted);
    connect(&m_session, &DatasetSession::modelReplaced, this,
            &WorkbenchController::onModelReplaced);
    connect(&m_session, &DatasetSession::searchModelReplaced, this,
            &WorkbenchController::onSearchModelReplaced);
    forwardSignals();
}

WorkbenchController::~WorkbenchController() {
    m_jobs.shutdown(); // no job may outlive the parts its closures point to
}

void WorkbenchController::forwardSignals() {
    using W = WorkbenchController;
    connect(&m_jobs, &JobRunner::statusMessage, this, &W::statusMessage);
    connect(&m_jobs, &JobRunner::errorMessage, this, &W::errorMessage);
    connect(&m_jobs, &JobRunner::busyChanged, this, &W::busyChanged);

    using S = DatasetSession;
    connect(&m_session, &S::modelRenamed, this, &W::modelChanged);
    connect(&m_session, &S::trainingStarted, this, &W::trainingStarted);
    connect(&m_session, &S::trainingEpoch, this, &W::trainingEpoch);
    connect(&m_session, &S::trainingProgress, this, &W::trainingProgress);
    connect(&m_session, &S::trainingFinished, this, &W::trainingFinished);
    connect(&m_session, &S::tuningStarted, this, &W::tuningStarted);
    connect(&m_session, &S::tuningTrial, this, &W::tuningTrial);
    connect(&m_session, &S::tuningChosen, this, &W::tuningChosen);
    connect(&m_session, &S::checkpointForOtherDataset, this, &W::checkpointForOtherDataset);

    using A = AnalysisController;
    connect(&m_analysis, &A::customerChanged, this, &W::customerChanged);
    connect(&m_analysis, &A::recommendationsChanged, this, &W::recommendationsChanged);
    connect(&m_analysis, &A::pinnedChanged, this, &W::pinnedChanged);
    connect(&m_analysis, &A::explanationStarted, this, &W::explanationStarted);
    connect(&m_analysis, &A::explanationChanged, this, &W::explanationChanged);
    connect(&m_analysis, &A::whatIfChanged, this, &W::whatIfChanged);
    connect(&m_analysis, &A::counterfactualChanged, this, &W::counterfactualChanged);
    connect(&m_analysis, &A::minimalExplanationReady, this, &W::minimalExplanationReady);
    connect(&m_analysis, &A::whyAboveChanged, this, &W::whyAboveChanged);
    connect(&m_analysis, &A::topKExplanationsStarted, this, &W::topKExplanationsStarted);
    connect(&m_analysis, &A::topKExplanationsChanged, this, &W::topKExplanationsChanged);
    connect(&m_analysis, &A::searchResultsChanged, this, &W::searchResultsChanged);
    connect(&m_analysis, &A::searchExplanationStarted, this, &W::searchExplanationStarted);
    connect(&m_analysis, &A::searchExplanationChanged, this, &W::searchExplanationChanged);

    using M = MerchantController;
    connect(&m_merchant, &M::merchantProgress, this, &W::merchantProgress);
    connect(&m_merchant, &M::merchantChanged, this, &W::merchantChanged);
    connect(&m_merchant, &M::itemSearchesProgress, this, &W::itemSearchesProgress);
    connect(&m_merchant, &M::itemSearchesChanged, this, &W::itemSearchesChanged);
    connect(&m_merchant, &M::queryLogChanged, this, &W::queryLogChanged);
}

void WorkbenchController::onDatasetAdopted(bool modelClosed) {
    m_analysis.resetForDataset();
    m_merchant.resetForDataset();
    m_reports.dropForStateChange(); // an open export dialog's customers are of the old data
    if (modelClosed)
        Q_EMIT modelChanged();
    Q_EMIT searchModelChanged();
    Q_EMIT searchResultsChanged();
    Q_EMIT searchExplanationChanged();
    Q_EMIT itemSearchesChanged();
    Q_EMIT queryLogChanged();
    Q_EMIT datasetChanged();
}

void WorkbenchController::onModelReplaced() {
    m_analysis.dropModelResults();
    m_merchant.dropMerchant();
    m_reports.dropForStateChange();
    Q_EMIT modelChanged();
    if (m_analysis.customer() >= 0)
        m_analysis.refreshRecommendations();
}

void WorkbenchController::onSearchModelReplaced() {
    m_analysis.resetSearch();
    m_merchant.dropItemSearches(); // its ranks came from the previous search model
    Q_EMIT searchModelChanged();
    Q_EMIT searchResultsChanged();
    Q_EMIT searchExplanationChanged();
    Q_EMIT itemSearchesChanged();
}

void WorkbenchController::setExcludeBought(ExcludeBought setting) {
    if (setting == m_state.excludeBought)
        return;
    m_state.excludeBought = setting;
    m_analysis.dropEditResults();
    m_merchant.dropMerchant();
    Q_EMIT whatIfChanged();
    Q_EMIT counterfactualChanged();
    Q_EMIT merchantChanged();
    if (m_analysis.customer() >= 0) {
        m_analysis.clearTarget(); // the old top item may be one the customer bought
        m_analysis.refreshRecommendations();
    }
    m_analysis.repinCustomer(); // with the model it was pinned with
}

bool WorkbenchController::setExplainConfig(const ExplainConfig& config) {
    if (QString why = explainConfigProblem(config); !why.isEmpty()) {
        Q_EMIT errorMessage(QStringLiteral("Explanation settings not applied: %1").arg(why));
        return false;
    }
    const bool newK = config.k != m_state.explainConfig.k;
    m_state.explainConfig = config;
    QSettings settings;
    storeExplainConfig(settings, config);
    // What-if lists, the counterfactual and "why A above B" were computed with the old
    // settings (list length, budget, goal); the new explanation brings its own counterfactual.
    m_analysis.dropEditResults();
    Q_EMIT whatIfChanged();
    Q_EMIT counterfactualChanged();
    Q_EMIT statusMessage(QStringLiteral("Explanation settings changed"));
    if (newK && m_analysis.customer() >= 0)
        m_analysis.refreshRecommendations(); // the list is the top-K; it re-explains after
    else
        m_analysis.requestExplanation();
    return true;
}

void WorkbenchController::restoreExplainConfig() {
    QString problem;
    m_state.explainConfig = loadExplainConfig(QSettings(), &problem);
    if (!problem.isEmpty())
        Q_EMIT errorMessage(problem);
}

} // namespace reclens
