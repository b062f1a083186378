#pragma once
// The model card every report carries: enough to regenerate the same numbers (which checkpoint
// bytes, which data, which seeds and method settings, which RecLens).

#include "common/expected.h"
#include "data/dataset.h"
#include "explain/explainconfig.h"
#include "explain/merchantexplanation.h"
#include "model/modelconfig.h"
#include "report/reportdocument.h"

#include <nlohmann/json.hpp>
#include <string>

namespace reclens::report {

struct ModelCard {
    std::string checkpointPath;   // as given by the user
    std::string checkpointSha256; // of the file's bytes; "" when the model was never saved
    std::uint64_t checkpointBytes = 0;
    ModelInfo model;         // config, training settings (seed), metrics, training data
    std::string datasetName; // the data the report was made from
    std::string datasetPath;
    std::string datasetFingerprint;
    std::int64_t datasetUsers = 0;
    std::int64_t datasetItems = 0;
    std::int64_t datasetInteractions = 0;
    ExplainConfig explain;   // method settings of customer reports
    MerchantConfig merchant; // settings of product reports
    std::string reclensVersion = RECLENS_VERSION;
    std::string generatedAt; // ISO 8601 UTC
    std::string command;     // how to regenerate, e.g. the reclens-cli command line
};

/// Fills everything but the method settings. `checkpointPath` may be empty (an unsaved model in
/// the workbench); otherwise the file is hashed, and an unreadable file gives an Io error.
Expected<ModelCard> makeModelCard(const std::string& checkpointPath, const ModelInfo& info,
                                  const Dataset& ds);

/// "2026-11-27T18:30:00Z" for now.
std::string utcTimestamp();

/// `ds` names the merchant settings' products (compare with, what-if) by their ids; without it
/// they are given as item indices. A product not set is null.
nlohmann::json modelCardToJson(const ModelCard& card, const Dataset* ds = nullptr);

/// The model card section (heading, key/value lists, metrics table) appended to a document.
/// `product` selects which method settings are listed (for a product: also the segment, the
/// comparison and the what-if the merchant view used); `ds` names their products.
void appendModelCard(ReportDocument& doc, const ModelCard& card, bool product,
                     const Dataset* ds = nullptr);

} // namespace reclens::report
