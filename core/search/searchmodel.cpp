// SearchModel: creation, batched scoring, save and load.

#include "common/atomicfile.h"
#include "model/checkpointformat.h"
#include "search/bm25.h"
#include "search/searchimpl.h"
#include "text/tokenizer.h"

#include <cstring>
#include <ctime>
#include <sstream>

namespace reclens::search {

namespace {

torch::Tensor longTensor(std::vector<std::int64_t>& v, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(v.data(), {rows, cols}, torch::kLong).clone();
}

torch::Tensor boolTensor(std::vector<std::uint8_t>& v, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(v.data(), {rows, cols}, torch::kUInt8).to(torch::kBool);
}

std::string nowIso() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// Fills the item word/category/brand buffers from the dataset.
void fillItemBuffers(SearchNet& net, const Dataset& ds, const text::Vocabulary& vocab) {
    const auto& o = net->options();
    torch::NoGradGuard noGrad;
    auto words = net->itemWords.accessor<std::int64_t, 2>();
    auto cat = net->itemCategory.accessor<std::int64_t, 1>();
    auto brand = net->itemBrand.accessor<std::int64_t, 1>();
    for (std::size_t i = 0; i < ds.items.size(); ++i) {
        const auto ids = vocab.encode(itemWords(ds.items[i])).ids;
        for (std::size_t k = 0; k < ids.size() && k < static_cast<std::size_t>(o.maxItemWords); ++k)
            words[static_cast<std::int64_t>(i) + 1][static_cast<std::int64_t>(k)] = ids[k];
        cat[static_cast<std::int64_t>(i) + 1] = ds.items[i].categoryId + 1;
        brand[static_cast<std::int64_t>(i) + 1] = ds.items[i].brandId + 1;
    }
}

} // namespace

SearchNetOptions searchNetOptions(const ModelInfo& info) {
    SearchNetOptions o;
    o.itemCount = info.itemCount;
    o.categoryCount = info.categoryCount;
    o.brandCount = info.brandCount;
    o.vocabularySize = static_cast<int>(info.search.vocabulary.size());
    o.maxLength = info.config.maxLength;
    o.maxQueryWords = info.search.maxQueryWords;
    o.maxItemWords = info.search.maxItemWords;
    o.dim = info.config.dim;
    o.layers = info.config.layers;
    o.heads = info.config.heads;
    o.dropout = info.config.dropout;
    return o;
}

SearchModel::SearchModel(std::unique_ptr<Impl> impl)
    : d(std::move(impl)) {}
SearchModel::SearchModel(SearchModel&&) noexcept = default;
SearchModel& SearchModel::operator=(SearchModel&&) noexcept = default;
SearchModel::~SearchModel() = default;

const ModelInfo& SearchModel::info() const {
    return d->info;
}
ModelInfo& SearchModel::mutableInfo() {
    return d->info;
}
const text::Vocabulary& SearchModel::vocabulary() const {
    return d->vocabulary;
}
int SearchModel::itemCount() const {
    return d->info.itemCount;
}
int SearchModel::maxLength() const {
    return d->info.config.maxLength;
}

text::Vocabulary::Encoded SearchModel::encodeQuery(const std::string& text) const {
    return d->vocabulary.encode(text::tokenize(text));
}

Expected<SearchModel> SearchModel::create(const Dataset& ds, const ModelConfig& config,
                                          const SearchSpec& spec, std::uint64_t seed) {
    if (ds.items.empty())
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "cannot create a search model: the dataset has no items");
    if (config.dim < 1 || config.heads < 1 || config.dim % config.heads != 0 || config.layers < 1 ||
        config.maxLength < 1 || spec.maxQueryWords < 1 || spec.maxItemWords < 1)
        return makeError(ErrorCode::InvalidArgument, ds.sourcePath, 0, 0,
                         "invalid search model configuration; expected dim divisible by heads "
                         "and positive layers, length, query and item word counts");
    std::vector<std::vector<std::string>> docs;
    for (const auto& it : ds.items)
        docs.push_back(itemWords(it));
    auto impl = std::make_unique<Impl>();
    impl->vocabulary = text::Vocabulary::build(docs, spec.minWordCount);
    ModelInfo& info = impl->info;
    info.task = "search";
    info.config = config;
    info.search = spec;
    info.search.vocabulary = impl->vocabulary.words();
    info.datasetName = ds.name;
    info.datasetFingerprint = ds.fingerprint;
    info.itemCount = static_cast<int>(ds.items.size());
    info.categoryCount = config.useCategory ? static_cast<int>(ds.categories.size()) : 0;
    info.brandCount = config.useBrand ? static_cast<int>(ds.brands.size()) : 0;
    info.createdAt = nowIso();
    info.reclensVersion = RECLENS_VERSION;
    try {
        torch::manual_seed(seed);
        impl->net = SearchNet(searchNetOptions(info));
        fillItemBuffers(impl->net, ds, impl->vocabulary);
        if (!config.useCategory)
            impl->net->itemCategory.zero_();
        if (!config.useBrand)
            impl->net->itemBrand.zero_();
        info.parameterCount = 0;
        for (const auto& p : impl->net->named_parameters()) {
            info.parameterCount += p.value().numel();
            const auto dot = p.key().find('.');
            const std::string module = p.key().substr(0, dot);
            if (info.parametersByModule.empty() || info.parametersByModule.back().first != module)
                info.parametersByModule.emplace_back(module, 0);
            info.parametersByModule.back().second += p.value().numel();
        }
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, ds.sourcePath, 0, 0,
                         std::string("could not create the search model: ") +
                             e.what_without_backtrace());
    }
    return SearchModel(std::move(impl));
}

SearchBatch SearchModel::Impl::pad(const std::vector<SearchRequest>& requests,
                                   const std::vector<std::size_t>& rows) const {
    const auto maxT = static_cast<std::size_t>(info.config.maxLength);
    const auto maxQ = static_cast<std::size_t>(info.search.maxQueryWords);
    const auto vocab = static_cast<text::WordId>(info.search.vocabulary.size());
    std::size_t t = 1, q = 1;
    for (auto r : rows) {
        t = std::max(t, std::min(requests[r].history.size(), maxT));
        q = std::max(q, std::min(requests[r].query.size(), maxQ));
    }
    const auto b = static_cast<std::int64_t>(rows.size());
    std::vector<std::int64_t> items(rows.size() * t, 0), words(rows.size() * q, 0);
    std::vector<std::uint8_t> itemsReal(items.size(), 0), wordsReal(words.size(), 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& h = requests[rows[i]].history;
        const std::size_t n = std::min(h.size(), maxT);
        for (std::size_t j = 0; j < n; ++j) {
            const ItemIndex item = h[h.size() - n + j];
            if (item < 0 || item >= info.itemCount)
                throw std::out_of_range("item index " + std::to_string(item) +
                                        " is outside the catalog of the search model");
            items[i * t + (t - n) + j] = item + 1;
            itemsReal[i * t + (t - n) + j] = 1;
        }
        const auto& w = requests[rows[i]].query;
        for (std::size_t j = 0; j < std::min(w.size(), maxQ); ++j) {
            if (w[j] <= 0 || w[j] >= vocab)
                throw std::out_of_range("word id " + std::to_string(w[j]) +
                                        " is outside the vocabulary of the search model");
            words[i * q + j] = w[j];
            wordsReal[i * q + j] = 1;
        }
    }
    const auto T = static_cast<std::int64_t>(t), Q = static_cast<std::int64_t>(q);
    return {longTensor(items, b, T), boolTensor(itemsReal, b, T), longTensor(words, b, Q),
            boolTensor(wordsReal, b, Q)};
}

torch::Tensor SearchModel::Impl::scoringTable() const {
    std::lock_guard<std::mutex> lock(tableMutex);
    if (!table.defined()) {
        torch::NoGradGuard noGrad;
        table = const_cast<SearchNet&>(net)->itemTable().contiguous();
    }
    return table;
}

void SearchModel::Impl::invalidateTable() {
    std::lock_guard<std::mutex> lock(tableMutex);
    table = torch::Tensor();
}

SearchForward SearchModel::Impl::run(const SearchBatch& batch, const torch::Tensor& table,
                                     bool train) const {
    auto& n = const_cast<SearchNet&>(net);
    return n->forward(SearchNetImpl::historyEmbedding(table, batch.items), batch.itemsReal,
                      n->queryEmbedding(batch.words), batch.wordsReal, train);
}

SearchScores SearchModel::scoreAll(const std::vector<SearchRequest>& requests) const {
    SearchScores out;
    out.itemCount = itemCount();
    out.scores.resize(requests.size() * static_cast<std::size_t>(out.itemCount));
    out.gates.resize(requests.size());
    if (requests.empty())
        return out;
    try {
        torch::NoGradGuard noGrad;
        auto table = d->scoringTable();
        constexpr std::size_t kChunk = 256;
        for (std::size_t begin = 0; begin < requests.size(); begin += kChunk) {
            std::vector<std::size_t> rows;
            for (std::size_t r = begin; r < std::min(requests.size(), begin + kChunk); ++r)
                rows.push_back(r);
            const auto fwd = d->run(d->pad(requests, rows), table, false);
            auto scores = denseProduct(fwd.user, table.t());
            std::memcpy(out.scores.data() + begin * static_cast<std::size_t>(out.itemCount),
                        scores.data_ptr<float>(),
                        sizeof(float) * static_cast<std::size_t>(scores.numel()));
            auto gates = fwd.gate.contiguous();
            std::memcpy(out.gates.data() + begin, gates.data_ptr<float>(),
                        sizeof(float) * rows.size());
        }
    } catch (const c10::Error& e) {
        throw std::runtime_error(std::string("LibTorch: ") + e.what_without_backtrace());
    }
    return out;
}

Status SearchModel::save(const std::string& path) const {
    std::string weights;
    try {
        torch::serialize::OutputArchive archive;
        d->net->save(archive);
        std::ostringstream os;
        archive.save_to(os);
        weights = os.str();
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, path, 0, 0,
                         std::string("could not serialise the model weights: ") +
                             e.what_without_backtrace());
    }
    return writeFileAtomically(path, encodeCheckpoint(d->info, weights, d->optimizerState));
}

Expected<SearchModel> SearchModel::load(const std::string& path, const Dataset* expected) {
    auto file = readCheckpointFile(path, expected);
    if (!file)
        return file.error();
    auto& sections = (*file)->sections;
    ModelInfo& info = sections.info;
    if (auto st = validateModelInfo(info, path); !st)
        return st.error();
    if (info.task != "search")
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "this file holds a " + info.task +
                             " model (a recommender), not a search model; train one with "
                             "reclens-cli train --task search --queries FILE");
    auto vocabulary = text::Vocabulary::fromWords(info.search.vocabulary);
    if (static_cast<std::size_t>(vocabulary.size()) != info.search.vocabulary.size())
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the search model's vocabulary is damaged (repeated words or a bad "
                         "first entry); expected padding, <unk>, then distinct words");
    const double dim = info.config.dim;
    const double minWeightBytes =
        4.0 * dim * (1.0 + info.itemCount + static_cast<double>(vocabulary.size()));
    if (minWeightBytes > static_cast<double>(sections.weights.size()))
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the weights section is too small for the items and words the header "
                         "states; the file is damaged");
    try {
        auto impl = std::make_unique<Impl>();
        impl->net = SearchNet(searchNetOptions(info));
        torch::serialize::InputArchive archive;
        std::istringstream is{std::string(sections.weights)};
        archive.load_from(is);
        impl->net->load(archive);
        impl->optimizerState = std::string(sections.optimizer);
        impl->vocabulary = std::move(vocabulary);
        impl->info = std::move(info);
        return SearchModel(std::move(impl));
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("the weights do not fit the search model header: ") +
                             e.what_without_backtrace());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Schema, path, 0, 0,
                         std::string("could not read the weights: ") + e.what());
    }
}

} // namespace reclens::search
