// Fuzz entry points of the importers: the input's parts are served from memory through a
// data::FileSource, so the real loaders run without touching the disk.

#include "data/dataset.h"
#include "data/filesource.h"
#include "fuzz_entry.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace reclens::fuzz {

namespace {

class MemoryFiles {
public:
    void add(const std::string& path, std::string_view bytes) { m_files[path] = bytes; }

    data::FileSource source() const {
        return {[this](const std::string& path) -> Expected<std::string> {
                    const auto it = m_files.find(path);
                    if (it == m_files.end())
                        return makeError(ErrorCode::Io, path, 0, 0,
                                         "cannot open the file for reading");
                    return std::string(it->second);
                },
                [this](const std::string& path) {
                    return m_files.count(path) > 0;
                }};
    }

private:
    std::map<std::string, std::string_view> m_files;
};

// What every Dataset an importer returns must satisfy; the first broken rule, or "".
std::string checkDataset(const Dataset& ds) {
    if (ds.fingerprint.size() != 16)
        return "fingerprint '" + ds.fingerprint + "' is not 16 hex digits";
    if (ds.users.empty())
        return "a dataset without users loaded";
    const auto itemCount = static_cast<std::int64_t>(ds.items.size());
    for (const Item& item : ds.items) {
        if (item.categoryId < -1 || item.categoryId >= static_cast<int>(ds.categories.size()))
            return "item '" + item.id + "' has category id " + std::to_string(item.categoryId);
        if (item.brandId < -1 || item.brandId >= static_cast<int>(ds.brands.size()))
            return "item '" + item.id + "' has brand id " + std::to_string(item.brandId);
        if (!std::isnan(item.price) && !(item.price >= 0 && std::isfinite(item.price)))
            return "item '" + item.id + "' has price " + std::to_string(item.price);
    }
    for (const User& u : ds.users) {
        const auto n = static_cast<std::int64_t>(u.sequence.size());
        if (n == 0)
            return "user '" + u.id + "' has an empty sequence";
        for (ItemIndex i : u.sequence)
            if (i < 0 || i >= itemCount)
                return "user '" + u.id + "' has item index " + std::to_string(i);
        if (!u.times.empty() && u.times.size() != u.sequence.size())
            return "user '" + u.id + "' has " + std::to_string(u.times.size()) + " times for " +
                   std::to_string(n) + " items";
        if (u.testPos < -1 || u.testPos >= n)
            return "user '" + u.id + "' has testPos " + std::to_string(u.testPos);
        if (u.validPos < -1 || u.validPos >= std::max(u.testPos, 0))
            return "user '" + u.id + "' has validPos " + std::to_string(u.validPos) +
                   " with testPos " + std::to_string(u.testPos);
    }
    return {};
}

// Errors must name a file under `name`; datasets must be consistent.
FuzzOutcome judge(Expected<Dataset> result, const std::string& name) {
    FuzzOutcome out;
    if (!result) {
        const Error& e = result.error();
        if (e.message.empty())
            out.violation = "an Error without a message";
        else if (e.file.rfind(name, 0) != 0)
            out.violation =
                "the Error names '" + e.file + "', not the input '" + name + "': " + e.message;
        out.status = e;
        return out;
    }
    out.violation = checkDataset(*result);
    out.fingerprint = result->fingerprint;
    return out;
}

} // namespace

std::vector<std::string_view> splitFuzzParts(std::string_view input, std::size_t maxParts) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    std::size_t lineStart = 0;
    while (parts.size() + 1 < maxParts) {
        const std::size_t nl = input.find('\n', lineStart);
        const std::size_t lineEnd = nl == std::string_view::npos ? input.size() : nl;
        if (input.substr(lineStart, lineEnd - lineStart) == "%%") {
            parts.push_back(input.substr(start, lineStart - start));
            start = lineStart = nl == std::string_view::npos ? input.size() : nl + 1;
            if (nl == std::string_view::npos)
                break;
            continue;
        }
        if (nl == std::string_view::npos)
            break;
        lineStart = nl + 1;
    }
    parts.push_back(input.substr(start));
    return parts;
}

FuzzOutcome fuzzUciRetail(std::string_view input, const std::string& name) {
    MemoryFiles files;
    files.add(name, input);
    return judge(data::loadUciRetailFrom(files.source(), name, true), name);
}

FuzzOutcome fuzzUniSrec(std::string_view input, const std::string& name) {
    static const char* kExt[] = {".item2index", ".user2index", ".test.inter", ".valid.inter",
                                 ".text"};
    const auto parts = splitFuzzParts(input, std::size(kExt));
    MemoryFiles files;
    for (std::size_t i = 0; i < parts.size(); ++i)
        files.add(name + "/T" + kExt[i], parts[i]);
    return judge(data::loadUniSrecFrom(files.source(), name, "T", name), name);
}

FuzzOutcome fuzzRecBole(std::string_view input, const std::string& name) {
    const auto parts = splitFuzzParts(input, 2);
    MemoryFiles files;
    const std::string inter = name + "/T.inter";
    std::string item;
    files.add(inter, parts[0]);
    if (parts.size() > 1) {
        item = name + "/T.item";
        files.add(item, parts[1]);
    }
    return judge(data::loadRecBoleFrom(files.source(), inter, item, name), name);
}

FuzzOutcome fuzzMovieLens(std::string_view input, const std::string& name) {
    const auto parts = splitFuzzParts(input, 2);
    MemoryFiles files;
    files.add(name + "/movies.csv", parts[0]);
    if (parts.size() > 1)
        files.add(name + "/ratings.csv", parts[1]);
    return judge(data::loadMovieLensFrom(files.source(), name), name);
}

namespace {

// A third part maps the catalog's columns, one line each: item, title, category levels
// (comma-separated), brand, price; so the fuzzer reaches the mapping as well as the defaults.
CatalogColumns fuzzCatalogColumns(std::string_view spec) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= spec.size() && lines.size() < 5) {
        const std::size_t end = std::min(spec.find('\n', start), spec.size());
        lines.emplace_back(spec.substr(start, end - start));
        start = end + 1;
    }
    lines.resize(5);
    CatalogColumns c;
    c.item = lines[0];
    c.title = lines[1];
    c.category.clear();
    for (std::size_t from = 0; from <= lines[2].size();) {
        const std::size_t comma = std::min(lines[2].find(',', from), lines[2].size());
        c.category.push_back(lines[2].substr(from, comma - from));
        from = comma + 1;
    }
    c.brand = lines[3];
    c.price = lines[4];
    return c;
}

} // namespace

FuzzOutcome fuzzGenericCsv(std::string_view input, const std::string& name) {
    const auto parts = splitFuzzParts(input, 3);
    MemoryFiles files;
    const std::string interactions = name + "/interactions.csv";
    std::string catalog;
    files.add(interactions, parts[0]);
    if (parts.size() > 1) {
        catalog = name + "/catalog.csv";
        files.add(catalog, parts[1]);
    }
    ImportOptions options;
    if (parts.size() > 2)
        options.catalogColumns = fuzzCatalogColumns(parts[2]);
    auto result = data::loadGenericCsvFrom(files.source(), name, interactions, catalog, options);
    if (result) {
        Dataset filtered = *result;
        applyKCore(filtered, 2);
        // The filter may leave nothing, which is fine; what is left must be consistent.
        if (!filtered.users.empty())
            if (auto broken = checkDataset(filtered); !broken.empty())
                return {Ok{}, "after applyKCore(2): " + broken, {}};
    }
    return judge(std::move(result), name);
}

} // namespace reclens::fuzz
