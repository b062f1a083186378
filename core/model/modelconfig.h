#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace reclens {

/// Architecture of a SASRec model (Kang & McAuley 2018). Defaults are the tuned RecLens
/// defaults; docs/BENCHMARKS.md says how they were chosen.
struct ModelConfig {
    int maxLength = 50;   // positions the model sees (items)
    int dim = 64;         // embedding and hidden size
    int layers = 2;       // self-attention blocks
    int heads = 4;        // attention heads per block (dim must divide by heads); 4 beat 2
                          // on Amazon Scientific (docs/BENCHMARKS.md)
    float dropout = 0.5f; // dropout rate during training (0.5 beat 0.2 on Amazon Scientific:
                          // sparse histories overfit fast; see docs/BENCHMARKS.md)
    // Side information: a category / brand embedding added to each item embedding. On by default
    // because sparse catalogs gain from it (Scientific test NDCG@10 0.0521 -> 0.0545); a dataset
    // without categories or brands simply gets no such embedding.
    bool useCategory = true;
    bool useBrand = true;
    // Score candidates with the same summed item + category + brand embedding the history uses,
    // so a rarely bought item also gets its category's and brand's vector as a candidate
    // (Scientific test NDCG@10 0.0552 -> 0.0617, seeds agree within 0.0006; BENCHMARKS.md).
    bool outputFeatures = true;
};

enum class LossKind {
    CrossEntropy,        // full softmax over all items (Petrov & Macdonald 2023)
    Bce,                 // the paper's binary cross-entropy with one sampled negative per position
    SampledCrossEntropy, // sampled softmax with logQ correction (core/train/sampledsoftmax.h)
};

/// Catalogs above this size train CrossEntropy as SampledCrossEntropy: the full-softmax logits
/// of one batch (128 x 50 x items floats, plus their gradient) would pass ~2.5 GB here and reach
/// 25 GB at 1 M items. docs/BENCHMARKS.md has the accuracy cost on Amazon Scientific.
constexpr int kFullSoftmaxMaxItems = 50'000;

/// The loss a run really trains with (what the checkpoint records).
inline LossKind effectiveLoss(LossKind requested, int itemCount) {
    return requested == LossKind::CrossEntropy && itemCount > kFullSoftmaxMaxItems
               ? LossKind::SampledCrossEntropy
               : requested;
}

struct TrainConfig {
    ModelConfig model;
    LossKind loss = LossKind::CrossEntropy;
    int epochs = 200;            // upper bound; early stopping usually ends sooner
    int patience = 5;            // epochs without validation NDCG@10 gain before stopping and
                                 // restoring the best weights; 0 = run all epochs, keep the last
    int batchSize = 128;         // sequences per step
    float learningRate = 1e-3f;  // Adam
    float weightDecay = 5e-5f;   // Adam L2; a little regularisation helps sparse data
    float labelSmoothing = 0.0f; // cross-entropy label smoothing, 0-1 (0 = none; 0.1 gained only
                                 // +0.0004 NDCG@10 on Scientific, within the seed spread)
    std::uint64_t seed = 42;     // same seed and data ⇒ identical metrics
    int threads = 0;             // torch intra-op threads; 0 = all cores
    int validUsers = 0;          // users sampled for per-epoch validation; 0 = all
    int negatives = 1000;        // sampled-ce: negatives drawn per batch, shared by its positions
    /// Products the customer already bought are no candidates (explain/candidatefilter.h):
    /// cross-entropy masks their logits at every position (bought = earlier items of the same
    /// training window; a repeat target itself is never masked) and validation ranks among the
    /// rest. `train --exclude-bought auto` turns it on where under 2 % of purchases repeat.
    bool excludeBought = false;
};

/// One epoch of the training run that produced a checkpoint, so the curves can be drawn again
/// when it is opened. Mirrors the numbers of EpochStats (core/train/trainer.h) without
/// depending on the trainer.
struct EpochRecord {
    int epoch = 0;               // 1-based
    double loss = 0.0;           // mean training loss of the epoch
    double validHr10 = 0.0;      // validation HR@10, full ranking
    double validNdcg10 = 0.0;    // validation NDCG@10, full ranking
    double seconds = 0.0;        // wall time of the epoch including validation
    double itemsPerSecond = 0.0; // training target positions per second
};

/// One trial at one rung: the configuration, how many epochs it has had and its validation
/// NDCG@10 after them (full ranking, on base.validUsers users).
struct TrialRecord {
    int id = 0;        // 0-based, in the order trials were drawn
    int iteration = 0; // 0-based Hyperband iteration; its R is maxTrialEpochs · eta^iteration
    int bracket = 0;   // Hyperband bracket s (larger = more configurations, fewer epochs)
    int rung = 0;      // 0-based successive-halving round within the bracket
    int epochs = 0;    // epochs trained so far (cumulative)
    double validNdcg10 = 0.0;
    double seconds = 0.0;  // wall time of this rung's training and validation
    bool promoted = false; // kept for the next rung
    /// Finalists only (TuneConfig::finalists), on the trial's last rung: validation NDCG@10 of
    /// the same configuration trained from another seed to the same epochs; -1 = not judged.
    double secondSeedValidNdcg10 = -1.0;
    ModelConfig model;
    float learningRate = 0.0f;
    float weightDecay = 0.0f;
};

/// What a tuned checkpoint records (ModelInfo::tuning; train/tuner.h fills it).
struct TuningRecord {
    bool tuned = false;         // false: the model was not trained by the tuner
    double budgetMinutes = 0.0; // as requested
    double seconds = 0.0;       // spent, search and final training
    int maxTrialEpochs = 0;
    int eta = 0;
    std::uint64_t seed = 0;
    bool budgetExhausted = false; // the budget ended the search inside an iteration
    int iterations = 0;           // Hyperband iterations completed (R, R·eta, ...; tuner.h)
    int chosenTrial = -1;         // TrialRecord::id of the chosen configuration
    /// Training purchases per customer the trials left out and validated on, with the
    /// validation purchase (TuneConfig::heldOutTransitions); 0 = the validation purchase only.
    /// The trials' validNdcg10 is over those targets; final trainings validate as `train` does.
    int heldOutTransitions = 0;
    /// Best validation NDCG@10 of the data-driven default trained to the end as plain `train`
    /// trains it, after the search (TuneConfig::defaultFinalist); -1 when not trained (it won
    /// the search, or no budget was left).
    double defaultValidNdcg10 = -1.0;
    bool defaultChosen = false; // that training beat the search's winner and is the model
    std::vector<TrialRecord> trials;
};

/// What a search-model checkpoint (task "search", core/search/searchmodel.h) adds to ModelInfo.
struct SearchSpec {
    int maxQueryWords = 8; // query words the model reads (the first ones; more are cut)
    int maxItemWords = 24; // title + category words per item representation (the first ones)
    int minWordCount = 2;  // catalog occurrences for a word to get its own id (else UNK)
    std::vector<std::string> vocabulary; // text::Vocabulary::words(): padding, <unk>, words
};

/// What a checkpoint knows about itself besides its weights.
struct ModelInfo {
    // "recommend" (SASRec next-item model) or "search" (personalised search ranker). Files
    // written before search mode have no key and are recommenders. Each loader refuses the
    // other task with a clear error.
    std::string task = "recommend";
    SearchSpec search; // task "search" only
    ModelConfig config;
    TrainConfig training; // how it was trained (seed, loss, ...)
    std::string datasetName;
    std::string datasetFingerprint;
    // Where that dataset was opened from (absolute path; "" in files written before it was
    // recorded): the workbench offers to open it when the model comes with another dataset.
    std::string datasetSource;
    int itemCount = 0;
    int categoryCount = 0;
    int brandCount = 0;
    std::int64_t parameterCount = 0;
    std::vector<std::pair<std::string, std::int64_t>> parametersByModule; // for the Model view
    std::map<std::string, double> metrics; // e.g. "valid.ndcg@10", "test.hr@10"
    double trainSeconds = 0.0;
    int epochsTrained = 0;
    int bestEpoch = 0;
    std::vector<EpochRecord> history; // every epoch run, in order; empty for old checkpoints
    TuningRecord tuning;   // the search that chose the configuration (tuned = false: none)
    std::string createdAt; // ISO 8601 UTC
    std::string reclensVersion;
};

} // namespace reclens
