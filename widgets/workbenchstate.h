#pragma once
// The state every part of the workbench reads: the open dataset, the open models and the
// settings of explanations. One object, owned by WorkbenchController and handed by reference
// to its parts. Who writes what: DatasetSession the dataset and model fields, the controller
// the settings (explainConfig, excludeBought); the analysis and merchant controllers only read.
// UI thread only: jobs copy what they need before they start.

#include "data/dataset.h"
#include "data/importers.h"
#include "explain/candidatefilter.h"
#include "explain/explanation.h"
#include "model/sasrecmodel.h"

#include <QString>

#include <memory>

namespace reclens {

namespace search {
class SearchModel;
}

struct WorkbenchState {
    std::shared_ptr<const Dataset> dataset;
    ImportOptions importOptions; // of dataset (what a project file stores)
    double repeatRate = 0.0;     // datasetStats(*dataset).repeatRate
    /// The open model: a RecLens checkpoint or a TorchScript file (docs/MODEL_INTERFACE.md).
    std::shared_ptr<const SequenceModel> model;
    std::shared_ptr<const SasRecModel> nativeModel; // model when it is a RecLens checkpoint
    QString modelSource;
    bool modelUnsaved = false; // trained in this session and never saved
    /// The personalised search model (task "search"), independent of model.
    std::shared_ptr<const search::SearchModel> searchModel;
    QString searchModelSource;
    ExplainConfig explainConfig;
    ExcludeBought excludeBought = ExcludeBought::Auto;

    /// The one K of the workbench (ExplainConfig::k).
    int topK() const { return explainConfig.k; }
    /// Whether "exclude products the customer already bought" is in effect for the open
    /// dataset (auto follows its repeat rate).
    bool excludeBoughtActive() const;
    /// What the candidate filter leaves out for customer `u`: the customer's whole original
    /// history when the setting is in effect (fixed across what-if edits), else nothing.
    History boughtBy(UserIndex u) const;
    /// The explained history of user `u`: the full known sequence, cut to the model's length.
    History historyOf(UserIndex u) const;
};

} // namespace reclens
