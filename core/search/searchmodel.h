#pragma once
// The personalised search ranker as an opaque object (LibTorch stays in the .cpp files; the
// network is described in searchnet.h). It ranks every catalog item for a (history, query)
// pair; queries are sequences of word ids of its own vocabulary (built from the catalog's
// titles and category paths), so an explanation can treat each query word as a player just
// like each purchase.

#include "common/expected.h"
#include "data/dataset.h"
#include "model/modelconfig.h"
#include "model/sequencemodel.h"
#include "text/vocabulary.h"

#include <memory>
#include <string>
#include <vector>

namespace reclens::search {

struct SearchRequest {
    History history;                 // purchases, oldest first (the last maxLength are read)
    std::vector<text::WordId> query; // word ids (the first maxQueryWords are read); may be empty
};

struct SearchScores {
    int itemCount = 0;
    std::vector<float> scores; // rows x itemCount, row-major
    std::vector<float> gates;  // personalisation gate g in (0, 1) per row
};

class SearchModel {
public:
    /// A fresh model for `ds`: vocabulary from the catalog text (words seen at least
    /// spec.minWordCount times), item words, category and brand ids. Seeded.
    static Expected<SearchModel> create(const Dataset& ds, const ModelConfig& config,
                                        const SearchSpec& spec, std::uint64_t seed = 42);
    /// Reads a checkpoint written by save(). A recommender checkpoint (task "recommend") is a
    /// Mismatch error saying so; other failures as for SasRecModel::load.
    static Expected<SearchModel> load(const std::string& path, const Dataset* expected = nullptr);
    Status save(const std::string& path) const; // atomic (temporary file + rename)

    SearchModel(SearchModel&&) noexcept;
    SearchModel& operator=(SearchModel&&) noexcept;
    ~SearchModel();

    const ModelInfo& info() const;
    ModelInfo& mutableInfo();
    const text::Vocabulary& vocabulary() const;
    int itemCount() const;
    int maxLength() const;

    /// Tokenizes `text` with text::tokenize() and maps the words to ids; unknown words keep
    /// their place as the UNK id (Encoded::unknownCount says how many).
    text::Vocabulary::Encoded encodeQuery(const std::string& text) const;

    /// Scores of every item for each request, with its gate. Batched; const and thread-safe.
    /// Throws std::out_of_range for an item or word id outside the model.
    SearchScores scoreAll(const std::vector<SearchRequest>& requests) const;

    /// Attention of every layer and head over the request's real tokens in the network's order:
    /// its purchases (the last maxLength), its words (the first maxQueryWords), then the SEARCH
    /// token whose output scores (AttentionMaps::scoringTokens = 1). Errors as scoreAll.
    AttentionMaps attention(const SearchRequest& request) const;

    struct Impl;
    Impl& impl() const { return *d; }

private:
    explicit SearchModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace reclens::search
