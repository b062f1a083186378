#include "report/modelcard.h"

#include "explain/explanationjson.h"
#include "model/modeljson.h"
#include "report/chartprimitives.h"
#include "report/reportformat.h"
#include "report/sha256.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace reclens::report {

namespace {

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

const char* lossLabel(LossKind l) {
    return l == LossKind::Bce                   ? "binary cross-entropy, 1 sampled negative"
           : l == LossKind::SampledCrossEntropy ? "sampled softmax cross-entropy, logQ-corrected"
                                                : "full softmax cross-entropy";
}

} // namespace

std::string utcTimestamp() {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Expected<ModelCard> makeModelCard(const std::string& checkpointPath, const ModelInfo& info,
                                  const Dataset& ds) {
    ModelCard card;
    card.checkpointPath = checkpointPath;
    if (!checkpointPath.empty()) {
        auto digest = sha256File(checkpointPath);
        if (!digest)
            return digest.error();
        card.checkpointSha256 = digest->sha256;
        card.checkpointBytes = digest->bytes;
    }
    card.model = info;
    card.datasetName = ds.name;
    card.datasetPath = ds.sourcePath;
    card.datasetFingerprint = ds.fingerprint;
    card.datasetUsers = static_cast<std::int64_t>(ds.users.size());
    card.datasetItems = static_cast<std::int64_t>(ds.items.size());
    card.datasetInteractions = ds.interactionCount();
    card.generatedAt = utcTimestamp();
    return card;
}

namespace {

/// A product of the merchant settings: its id with the dataset, else its index; null when unset.
nlohmann::json productOf(ItemIndex item, const Dataset* ds) {
    if (item < 0)
        return nullptr;
    if (ds && static_cast<std::size_t>(item) < ds->items.size())
        return ds->items[static_cast<std::size_t>(item)].id;
    return item;
}

std::string productText(ItemIndex item, const Dataset* ds) {
    const nlohmann::json j = productOf(item, ds);
    return j.is_string() ? j.get<std::string>() : "item index " + std::to_string(item);
}

} // namespace

nlohmann::json modelCardToJson(const ModelCard& card, const Dataset* ds) {
    const MerchantConfig& mc = card.merchant;
    // Everything the merchant view sets, so a product report can be regenerated exactly: the
    // segment, the comparison and the what-if change the numbers as much as k does.
    nlohmann::json merchant = {{"k", mc.k},
                               {"max_users", mc.maxUsers},
                               {"training_prefix", mc.trainingPrefix},
                               {"top_drivers", mc.topDrivers},
                               {"seed", mc.seed},
                               {"batch_size", mc.batchSize},
                               {"threads", mc.threads},
                               {"max_driver_users", mc.maxDriverUsers},
                               {"max_driver_positions", mc.maxDriverPositions},
                               {"max_customers", mc.maxCustomers},
                               {"segment",
                                {{"min_history_length", mc.segment.minHistoryLength},
                                 {"max_history_length", mc.segment.maxHistoryLength},
                                 {"category", mc.segment.category}}},
                               {"compare_with", productOf(mc.compareWith, ds)},
                               {"what_if_add", productOf(mc.whatIfAdd, ds)},
                               {"what_if_max_users", mc.whatIfMaxUsers}};
    return {{"checkpoint",
             {{"path", card.checkpointPath},
              {"sha256", card.checkpointSha256},
              {"bytes", card.checkpointBytes}}},
            {"model", card.model},
            {"dataset",
             {{"name", card.datasetName},
              {"path", card.datasetPath},
              {"fingerprint", card.datasetFingerprint},
              {"users", card.datasetUsers},
              {"items", card.datasetItems},
              {"interactions", card.datasetInteractions}}},
            {"explain_config", explainConfigToJson(card.explain)},
            {"merchant_config", merchant},
            {"reclens_version", card.reclensVersion},
            {"generated_at", card.generatedAt},
            {"command", card.command}};
}

void appendModelCard(ReportDocument& doc, const ModelCard& card, bool product, const Dataset* ds) {
    const ModelInfo& m = card.model;
    doc.heading(2, "Model card");
    doc.paragraph("Everything needed to regenerate the numbers in this report: the exact "
                  "checkpoint bytes, the data, the seeds and the method settings.",
                  true);
    KeyValues id{"Provenance", {}};
    id.items = {
        {"Checkpoint", card.checkpointPath.empty() ? "(not saved)" : card.checkpointPath},
        {"Checkpoint SHA-256",
         card.checkpointSha256.empty() ? "(not saved)" : card.checkpointSha256},
        {"Checkpoint size", groupedInt(card.checkpointBytes) + " bytes"},
        {"Dataset", card.datasetName + " (" + card.datasetPath + ")"},
        {"Dataset fingerprint", card.datasetFingerprint},
        {"Dataset size", groupedInt(card.datasetUsers) + " users, " +
                             groupedInt(card.datasetItems) + " items, " +
                             groupedInt(card.datasetInteractions) + " interactions"},
        {"Trained on", m.datasetName + " (fingerprint " + m.datasetFingerprint + ")"},
        {"RecLens version", card.reclensVersion},
        {"Report generated", card.generatedAt},
    };
    if (!card.command.empty())
        id.items.emplace_back("Regenerate with", card.command);
    doc.add(id);

    const ModelConfig& c = m.config;
    const TrainConfig& t = m.training;
    KeyValues arch{"Model and training", {}};
    arch.items = {
        {"Architecture", "SASRec, " + groupedInt(c.layers) + " layers \xc3\x97 " +
                             groupedInt(c.heads) + " heads, dim " + groupedInt(c.dim) +
                             ", max length " + groupedInt(c.maxLength)},
        {"Side features",
         std::string(c.useCategory ? "category " : "") + (c.useBrand ? "brand" : "") +
             (!c.useCategory && !c.useBrand ? "none" : "") +
             (c.useCategory || c.useBrand
                  ? (c.outputFeatures ? " (history and candidates)" : " (history only)")
                  : "")},
        {"Parameters", groupedInt(m.parameterCount)},
        {"Loss", lossLabel(t.loss)},
        {"Training seed", std::to_string(t.seed)},
        {"Validation each epoch",
         t.validUsers > 0 ? "a seeded sample of " + groupedInt(t.validUsers) + " customers"
                          : std::string("all customers")},
        {"Optimiser", "Adam, lr " + detail::formatCompact(t.learningRate) + ", weight decay " +
                          detail::formatCompact(t.weightDecay) + ", batch " +
                          groupedInt(t.batchSize) + ", dropout " +
                          detail::formatCompact(c.dropout)},
        {"Epochs", groupedInt(m.epochsTrained) + " trained, best epoch " + groupedInt(m.bestEpoch) +
                       " (patience " + groupedInt(t.patience) + ")"},
        {"Training time", fixed(m.trainSeconds, 1) + " s"},
        {"Checkpoint created", m.createdAt},
        {"Already-bought products",
         t.excludeBought ? "masked in the loss, left out of validation and test rankings"
                         : "candidates like any other"},
    };
    if (m.tuning.tuned) // the configuration above was chosen by the tuner (train/tuner.h)
        arch.items.push_back(
            {"Chosen by tuning",
             "Hyperband, " + groupedInt(m.tuning.trials.size()) + " trial rungs in " +
                 fixed(m.tuning.seconds, 1) + " s of a " + fixed(m.tuning.budgetMinutes, 1) +
                 " min budget (seed " + std::to_string(m.tuning.seed) + "), chosen trial " +
                 groupedInt(m.tuning.chosenTrial) +
                 (m.tuning.defaultChosen
                      ? " (the data-driven default, trained to the end as plain training does, "
                        "validated better than the search's winner)"
                  : m.tuning.defaultValidNdcg10 >= 0.0
                      ? "; the data-driven default trained to the end validated lower (NDCG@10 " +
                            fixed(m.tuning.defaultValidNdcg10, 4) + ")"
                      : "") +
                 (m.tuning.budgetExhausted ? "; the budget ended the search" : "")});
    doc.add(arch);
    if (m.tuning.tuned) {
        Table trials;
        trials.caption = "Tuning trials (validation NDCG@10 after the epochs so far)";
        trials.header = {"Trial", "Iteration/bracket/rung", "Epochs",    "Valid NDCG@10", "Dropout",
                         "LR",    "Weight decay",           "Dim/heads", "Length"};
        trials.align = {Align::Right, Align::Left,  Align::Right, Align::Right, Align::Right,
                        Align::Right, Align::Right, Align::Left,  Align::Right};
        for (const TrialRecord& r : m.tuning.trials)
            trials.rows.push_back({std::to_string(r.id),
                                   groupedInt(r.iteration + 1) + "/" + groupedInt(r.bracket) + "/" +
                                       groupedInt(r.rung),
                                   groupedInt(r.epochs), fixed(r.validNdcg10, 4),
                                   detail::formatCompact(r.model.dropout),
                                   detail::formatCompact(r.learningRate),
                                   detail::formatCompact(r.weightDecay),
                                   groupedInt(r.model.dim) + "/" + groupedInt(r.model.heads),
                                   groupedInt(r.model.maxLength)});
        doc.add(trials);
    }

    if (!m.metrics.empty()) {
        Table metrics;
        metrics.caption = "Evaluation metrics (all items ranked, leave-one-out split)";
        metrics.header = {"Metric", "Value"};
        metrics.align = {Align::Left, Align::Right};
        for (const auto& [name, value] : m.metrics)
            metrics.rows.push_back({name, fixed(value, 4)});
        doc.add(metrics);
    }

    KeyValues methods{"Method settings", {}};
    if (product) {
        const MerchantConfig& mc = card.merchant;
        methods.items = {
            {"Top-K", groupedInt(mc.k)},
            {"Users", mc.maxUsers == 0 ? "all" : "random sample of " + groupedInt(mc.maxUsers)},
            {"History",
             mc.trainingPrefix ? "training prefix" : "full sequence (cut to max length)"},
            {"Driver list length", groupedInt(mc.topDrivers)},
            {"Driver analysis",
             "up to " + groupedInt(mc.maxDriverUsers) + " customers" +
                 (mc.maxDriverPositions > 0
                      ? ", " + groupedInt(mc.maxDriverPositions) + " history positions"
                      : std::string())},
            {"Customers listed",
             mc.maxCustomers == 0 ? "all" : "up to " + groupedInt(mc.maxCustomers)},
            {"Segment",
             !mc.segment.active()
                 ? std::string("all customers")
                 : "history length " + groupedInt(mc.segment.minHistoryLength) + " to " +
                       (mc.segment.maxHistoryLength > 0 ? groupedInt(mc.segment.maxHistoryLength)
                                                        : std::string("any")) +
                       (mc.segment.category.empty() ? std::string()
                                                    : ", bought category " + mc.segment.category)},
            {"Compared with", mc.compareWith < 0 ? "none" : productText(mc.compareWith, ds)},
            {"What-if", mc.whatIfAdd < 0
                            ? "none"
                            : productText(mc.whatIfAdd, ds) + " added, up to " +
                                  groupedInt(mc.whatIfMaxUsers) + " customers re-scored"},
            {"Sampling seed", std::to_string(mc.seed)},
        };
    } else {
        const ExplainConfig& e = card.explain;
        methods.items = {
            {"Top-K", groupedInt(e.k)},
            {"Integrated gradients",
             std::string("baseline ") + igBaselineName(e.igBaseline) + ", rule " +
                 igRuleName(e.igRule) + ", steps " + groupedInt(e.igStartSteps) +
                 (e.igRule == IgRule::Adaptive ? " then adaptive panels up to "
                                               : " doubling up to ") +
                 groupedInt(e.igMaxSteps) + " until completeness error < " +
                 detail::formatCompact(e.igTolerance)},
            {"Shapley", "exact for histories of up to " + groupedInt(e.shapleyExactLimit) +
                            " items; longer ones " +
                            (e.shapleyExactOnLastItems
                                 ? "exact over the last " + groupedInt(e.shapleyExactLimit) +
                                       " items with the rest fixed"
                                 : groupedInt(e.shapleyPermutations) +
                                       " sampled permutations, each with its reverse" +
                                       (e.shapleyNewestSamples > 0
                                            ? ", and about " + groupedInt(e.shapleyNewestSamples) +
                                                  " coalitions per item where it is the newest "
                                                  "(recency-stratified)"
                                            : std::string()) +
                                       ", with standard errors")},
            {"Counterfactual", std::string("goal ") + counterfactualGoalName(e.counterfactualGoal) +
                                   ", budget " + groupedInt(e.counterfactualBudget) +
                                   " forward passes, at most " +
                                   groupedInt(e.counterfactualMaxRemovals) + " removals"},
            {"Faithfulness", groupedInt(e.faithfulnessCurvePoints) + " curve points, " +
                                 groupedInt(e.faithfulnessRandomOrders) +
                                 " random orders for the reference"},
            {"Random seed", std::to_string(e.seed)},
        };
    }
    doc.add(methods);
}

} // namespace reclens::report
