// RecBole atomic files (the format of the sequential-recommendation research community):
// tab-separated, a header of `name:type` fields (token, token_seq, float, float_seq).
//   PREFIX.inter  user_id:token, item_id:token[, timestamp:float]  — one interaction per row; or
//                 user_id:token, item_id_list:token_seq, item_id:token — one row per user, its
//                 history then its next item (the sequential benchmark files, e.g. *.test.inter)
//   PREFIX.item   item_id:token[, title:token_seq][, categories:token_seq][, brand:token]
//                 [, price:float] — optional; other fields are ignored.
// Field names are RecBole's defaults (USER_ID_FIELD, ITEM_ID_FIELD, TIME_FIELD, LIST_SUFFIX).

#include "common/numberformat.h"
#include "data/filesource.h"
#include "data/importers.h"
#include "data/linecursor.h"
#include "data/textinput.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_map>

namespace fs = std::filesystem;

namespace reclens::data {

namespace {

/// Columns of a RecBole header, by field name (the part before ':').
struct Header {
    std::map<std::string, int, std::less<>> column; // name → 0-based field index
    std::map<std::string, std::string, std::less<>> type;
    std::size_t fields = 0;
    int find(std::string_view name) const {
        auto it = column.find(name);
        return it == column.end() ? -1 : it->second;
    }
};

Expected<Header> readHeader(const std::string& path, std::string_view line) {
    static const char* const kTypes[] = {"token", "token_seq", "float", "float_seq"};
    Header h;
    std::vector<std::string_view> f;
    std::vector<int> cols;
    splitFields(line, '\t', f, cols);
    h.fields = f.size();
    for (std::size_t i = 0; i < f.size(); ++i) {
        const std::string_view field = trim(f[i]);
        const auto colon = field.rfind(':');
        if (colon == std::string_view::npos || colon == 0)
            return makeError(ErrorCode::Schema, path, 1, cols[i],
                             "header field '" + std::string(field.substr(0, 40)) +
                                 "' has no type; expected RecBole's 'name:type' (e.g. "
                                 "user_id:token), tab-separated");
        const std::string type(field.substr(colon + 1));
        if (std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes))
            return makeError(ErrorCode::Schema, path, 1, cols[i],
                             "unknown field type '" + type.substr(0, 20) +
                                 "'; expected token, token_seq, float or float_seq");
        const std::string name(field.substr(0, colon));
        if (!h.column.emplace(name, static_cast<int>(i)).second)
            return makeError(ErrorCode::Schema, path, 1, cols[i],
                             "field '" + name.substr(0, 40) + "' appears twice in the header");
        h.type[name] = type;
    }
    return h;
}

Status requireField(const Header& h, const std::string& path, const char* name, const char* type) {
    auto it = h.type.find(name);
    if (it == h.type.end())
        return makeError(ErrorCode::Schema, path, 1, 1,
                         std::string("no field '") + name + ":" + type +
                             "' in the header; expected RecBole's default field names");
    if (it->second != type)
        return makeError(ErrorCode::Schema, path, 1, h.find(name) + 1,
                         std::string("field '") + name + "' has type " + it->second +
                             "; expected " + type);
    return Ok{};
}

Error rowError(const std::string& path, const LineCursor& lines, int column,
               const std::string& what) {
    return makeError(ErrorCode::Parse, path, lines.line(), column, what);
}

/// Splits a token_seq on single spaces, skipping empty tokens.
void splitTokens(std::string_view s, std::vector<std::string_view>& out) {
    out.clear();
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto p = s.find(' ', start);
        const auto tok =
            s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start);
        if (!tok.empty())
            out.push_back(tok);
        if (p == std::string_view::npos)
            break;
        start = p + 1;
    }
}

Status checkId(const std::string& path, const LineCursor& lines, int column, std::string_view id) {
    if (id.empty())
        return rowError(path, lines, column, "empty id; expected a token");
    if (id.size() > kMaxIdBytes)
        return makeError(ErrorCode::Limit, path, lines.line(), column,
                         "id longer than " + std::to_string(kMaxIdBytes) + " bytes");
    return Ok{};
}

Status readItemFile(const FileSource& files, const std::string& path, DatasetBuilder& builder,
                    const DataLimits& limits) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = checkUtf8(*text, path); !st)
        return st;
    LineCursor lines(stripBom(*text));
    std::string_view line;
    if (!lines.next(line))
        return makeError(ErrorCode::Schema, path, 1, 1, "empty file; expected a RecBole header");
    auto h = readHeader(path, line);
    if (!h)
        return h.error();
    if (auto st = requireField(*h, path, "item_id", "token"); !st)
        return st;
    const int idCol = h->find("item_id"), titleCol = h->find("title");
    const int catCol = h->find("categories"), brandCol = h->find("brand");
    const int priceCol =
        h->type.count("price") && h->type.at("price") == "float" ? h->find("price") : -1;
    std::vector<std::string_view> f;
    std::vector<int> cols;
    while (lines.next(line)) {
        if (trim(line).empty())
            continue;
        if (line.size() > kMaxRecordBytes)
            return makeError(ErrorCode::Limit, path, lines.line(), 1,
                             "line longer than " + formatByteLimit(kMaxRecordBytes));
        splitFields(line, '\t', f, cols);
        if (f.size() != h->fields)
            return rowError(path, lines, 1,
                            std::to_string(f.size()) + " field(s); expected " +
                                std::to_string(h->fields) + " as in the header");
        const auto id = trim(f[static_cast<std::size_t>(idCol)]);
        if (auto st = checkId(path, lines, cols[static_cast<std::size_t>(idCol)], id); !st)
            return st;
        const ItemIndex i = builder.item(std::string(id));
        if (static_cast<std::int64_t>(builder.items().size()) > limits.maxItems)
            return makeError(ErrorCode::Limit, path, lines.line(), 1,
                             tooManyMessage(limits.maxItems, "items"));
        Item& it = builder.items()[static_cast<std::size_t>(i)];
        const auto text = [&](int c) {
            return std::string(trim(f[static_cast<std::size_t>(c)]).substr(0, kMaxTextFieldBytes));
        };
        if (titleCol >= 0)
            it.title = text(titleCol);
        if (catCol >= 0)
            it.category = text(catCol);
        if (brandCol >= 0)
            it.brand = text(brandCol);
        if (priceCol >= 0 && !trim(f[static_cast<std::size_t>(priceCol)]).empty()) {
            const auto p = parseDouble(trim(f[static_cast<std::size_t>(priceCol)]));
            if (!p || !(*p >= 0) || *p > 1e12)
                return rowError(path, lines, cols[static_cast<std::size_t>(priceCol)],
                                "bad price; expected a non-negative number");
            it.price = *p;
        }
    }
    return Ok{};
}

} // namespace

Expected<Dataset> loadRecBoleFrom(const FileSource& files, const std::string& interPath,
                                  const std::string& itemPath, const std::string& sourcePath,
                                  const DataLimits& limits) {
    DatasetBuilder builder;
    std::int64_t catalogItems = 0;
    if (!itemPath.empty()) {
        if (auto st = readItemFile(files, itemPath, builder, limits); !st)
            return st.error();
        catalogItems = static_cast<std::int64_t>(builder.items().size());
    }
    auto text = files.read(interPath);
    if (!text)
        return text.error();
    if (auto st = checkUtf8(*text, interPath); !st)
        return st.error();
    LineCursor lines(stripBom(*text));
    std::string_view line;
    if (!lines.next(line))
        return makeError(ErrorCode::Schema, interPath, 1, 1,
                         "empty file; expected a RecBole header (user_id:token ...)");
    auto h = readHeader(interPath, line);
    if (!h)
        return h.error();
    for (const auto& [name, type] : {std::pair{"user_id", "token"}, {"item_id", "token"}})
        if (auto st = requireField(*h, interPath, name, type); !st)
            return st.error();
    const bool sequential = h->find("item_id_list") >= 0;
    if (sequential)
        if (auto st = requireField(*h, interPath, "item_id_list", "token_seq"); !st)
            return st.error();
    const int userCol = h->find("user_id"), itemCol = h->find("item_id");
    const int listCol = h->find("item_id_list");
    const int timeCol = h->type.count("timestamp") && h->type.at("timestamp") == "float"
                            ? h->find("timestamp")
                            : -1;
    std::vector<std::string_view> f, tokens;
    std::vector<int> cols;
    std::int64_t rows = 0, order = 0, replacedRows = 0, unknownItems = 0;
    // Sequential files may hold several rows per user (augmented prefixes): the longest wins.
    std::unordered_map<std::string, std::vector<std::string>> longest;
    std::vector<std::string> userOrder;
    const auto addEvent = [&](const std::string& user, std::string_view item,
                              std::int64_t time) -> Status {
        const bool known = builder.findItem(std::string(item)) >= 0;
        const ItemIndex i = builder.item(std::string(item));
        unknownItems += known || catalogItems == 0 ? 0 : 1;
        if (static_cast<std::int64_t>(builder.items().size()) > limits.maxItems)
            return makeError(ErrorCode::Limit, interPath, lines.line(), 1,
                             tooManyMessage(limits.maxItems, "items"));
        builder.add(builder.user(user), i, time);
        if (static_cast<std::int64_t>(builder.userCount()) > limits.maxUsers)
            return makeError(ErrorCode::Limit, interPath, lines.line(), 1,
                             tooManyMessage(limits.maxUsers, "users"));
        return Ok{};
    };
    while (lines.next(line)) {
        if (trim(line).empty())
            continue;
        if (line.size() > kMaxRecordBytes)
            return makeError(ErrorCode::Limit, interPath, lines.line(), 1,
                             "line longer than " + formatByteLimit(kMaxRecordBytes));
        splitFields(line, '\t', f, cols);
        if (f.size() != h->fields)
            return rowError(interPath, lines, 1,
                            std::to_string(f.size()) + " field(s); expected " +
                                std::to_string(h->fields) + " as in the header");
        ++rows;
        const auto user = trim(f[static_cast<std::size_t>(userCol)]);
        const auto item = trim(f[static_cast<std::size_t>(itemCol)]);
        for (int c : {userCol, itemCol})
            if (auto st = checkId(interPath, lines, cols[static_cast<std::size_t>(c)],
                                  trim(f[static_cast<std::size_t>(c)]));
                !st)
                return st.error();
        if (sequential) {
            splitTokens(f[static_cast<std::size_t>(listCol)], tokens);
            std::vector<std::string> seq;
            for (auto t : tokens) {
                if (t.size() > kMaxIdBytes)
                    return makeError(ErrorCode::Limit, interPath, lines.line(),
                                     cols[static_cast<std::size_t>(listCol)],
                                     "id longer than " + std::to_string(kMaxIdBytes) + " bytes");
                seq.emplace_back(t);
            }
            seq.emplace_back(item);
            auto [it, inserted] = longest.try_emplace(std::string(user));
            if (inserted)
                userOrder.push_back(it->first);
            else
                ++replacedRows;
            if (seq.size() > it->second.size())
                it->second = std::move(seq);
            if (static_cast<std::int64_t>(longest.size()) > limits.maxUsers)
                return makeError(ErrorCode::Limit, interPath, lines.line(), 1,
                                 tooManyMessage(limits.maxUsers, "users"));
            continue;
        }
        std::int64_t time = order++;
        if (timeCol >= 0) {
            const auto t = parseDouble(trim(f[static_cast<std::size_t>(timeCol)]));
            if (!t || !(*t > -1e15 && *t < 1e15))
                return rowError(interPath, lines, cols[static_cast<std::size_t>(timeCol)],
                                "bad timestamp; expected a number (e.g. unix seconds)");
            time = static_cast<std::int64_t>(*t);
        }
        if (auto st = addEvent(std::string(user), item, time); !st)
            return st.error();
    }
    for (const std::string& user : userOrder) {
        const auto& seq = longest[user];
        for (std::size_t p = 0; p < seq.size(); ++p)
            if (auto st = addEvent(user, seq[p], static_cast<std::int64_t>(p)); !st)
                return st.error();
    }
    if (builder.userCount() == 0)
        return makeError(ErrorCode::Schema, interPath, 1, 1,
                         "no interactions; expected rows under the RecBole header");
    Dataset ds = builder.build("recbole", sourcePath, timeCol >= 0, limits.maxHistory);
    ds.cleanup.rowsRead = rows;
    ds.cleanup.rowsKept = rows - replacedRows;
    ds.cleanup.other = replacedRows;
    if (sequential)
        ds.cleanup.notes.push_back("one row per customer (history then next item)" +
                                   (replacedRows > 0
                                        ? "; " + groupedInt(replacedRows) +
                                              " shorter rows of customers seen again were not kept"
                                        : std::string()));
    if (timeCol < 0)
        ds.cleanup.notes.push_back("no timestamp field: file order is the purchase order");
    if (itemPath.empty())
        ds.cleanup.notes.push_back("no .item file: products have no titles");
    if (unknownItems > 0)
        ds.cleanup.notes.push_back(groupedInt(unknownItems) +
                                   " interactions name products missing from the .item file");
    return ds;
}

} // namespace reclens::data

namespace reclens {

Expected<Dataset> loadRecBole(const std::string& dirOrInterPath, const DataLimits& limits) {
    std::error_code ec;
    fs::path inter(dirOrInterPath);
    fs::path dir = inter.parent_path();
    if (fs::is_directory(inter, ec)) {
        dir = inter;
        inter.clear();
        std::vector<fs::path> candidates;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".inter")
                candidates.push_back(e.path());
        std::sort(candidates.begin(), candidates.end());
        // Prefer the whole interaction file over the benchmark splits (.train/.valid/.test).
        for (const auto& c : candidates)
            if (c.stem().extension().empty() && inter.empty())
                inter = c;
        for (const auto& c : candidates)
            if (c.stem().extension() == ".test" && inter.empty())
                inter = c;
        if (inter.empty())
            return makeError(ErrorCode::Schema, dirOrInterPath, 0, 0,
                             "no .inter file; expected RecBole atomic files (PREFIX.inter, "
                             "optionally PREFIX.item)");
    }
    // PREFIX.item beside PREFIX[.split].inter; otherwise the folder's only .item file.
    const std::string name = inter.filename().string();
    const fs::path own =
        (dir.empty() ? fs::path(".") : dir) / (name.substr(0, name.find('.')) + ".item");
    std::string item = fs::exists(own, ec) ? own.string() : std::string();
    std::vector<std::string> items;
    for (const auto& e : fs::directory_iterator(dir.empty() ? fs::path(".") : dir, ec))
        if (e.path().extension() == ".item")
            items.push_back(e.path().string());
    if (item.empty() && items.size() == 1)
        item = items.front();
    return data::loadRecBoleFrom(data::diskFiles(), inter.string(), item, dirOrInterPath, limits);
}

} // namespace reclens
