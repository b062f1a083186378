// The UniSRec layout (RUCAIBox/UniSRec preprocessing of Amazon 2018 data): PREFIX.item2index,
// PREFIX.user2index, PREFIX.text and PREFIX.{train,valid,test}.inter. The files' own split is
// kept: a user's sequence is the test history plus the test target; testPos and validPos come
// from the test and valid rows. train.inter only repeats prefixes of these and is not read.

#include "common/numberformat.h"
#include "data/filesource.h"
#include "data/importers.h"
#include "data/linecursor.h"
#include "data/textinput.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <unordered_map>

namespace fs = std::filesystem;

namespace reclens {

namespace {

using data::LineCursor;

std::optional<Error> lineTooLong(const std::string& path, const LineCursor& lines,
                                 std::string_view line) {
    if (line.size() <= kMaxRecordBytes)
        return std::nullopt;
    return makeError(ErrorCode::Limit, path, lines.line(), 1,
                     "line longer than " + formatByteLimit(kMaxRecordBytes) +
                         "; expected one short record per line (is this a text file?)");
}

struct IndexFile {
    std::vector<std::string> ids; // position = index
};

// "ID<TAB>index" per line, indices dense 0..n-1, each ID once; at most `maxCount` entries
// (`what` names them in the Limit error).
Expected<IndexFile> readIndexFile(const data::FileSource& files, const std::string& path,
                                  std::int64_t maxCount, const char* what) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = data::checkUtf8(*text, path); !st)
        return st.error();
    IndexFile out;
    std::vector<bool> seen;
    // Dense indices cannot exceed the number of lines; checking that first keeps a corrupt
    // index from allocating gigabytes.
    const auto maxIndex = static_cast<std::int64_t>(std::count(text->begin(), text->end(), '\n'));
    LineCursor lines(*text);
    std::string_view line;
    std::vector<std::string_view> f;
    std::vector<int> cols;
    std::unordered_map<std::string_view, std::int64_t> lineOfId;
    while (lines.next(line)) {
        if (line.empty())
            continue;
        if (auto e = lineTooLong(path, lines, line))
            return *e;
        data::splitFields(line, '\t', f, cols);
        if (f.size() != 2 || data::trim(f[0]).empty())
            return makeError(ErrorCode::Parse, path, lines.line(), 1,
                             "expected 'ID<TAB>index' (2 tab-separated fields), found " +
                                 std::to_string(f.size()) + " field(s)");
        auto idx = data::parseInt64(f[1]);
        if (!idx || *idx < 0)
            return makeError(ErrorCode::Parse, path, lines.line(), cols[1],
                             "bad index '" + std::string(f[1].substr(0, 30)) +
                                 "'; expected a non-negative whole number");
        if (*idx > maxIndex)
            return makeError(ErrorCode::Parse, path, lines.line(), cols[1],
                             "index " + std::to_string(*idx) +
                                 " out of range; expected dense indices 0.." +
                                 std::to_string(maxIndex));
        if (*idx >= maxCount) // dense indices: index n means n + 1 entries
            return makeError(ErrorCode::Limit, path, lines.line(), cols[1],
                             tooManyMessage(maxCount, what));
        const std::string_view id = data::trim(f[0]);
        if (id.size() > kMaxIdBytes)
            return makeError(ErrorCode::Limit, path, lines.line(), 1,
                             "ID of " + std::to_string(id.size()) + " bytes; expected at most " +
                                 formatByteLimit(kMaxIdBytes));
        // Two indices for one ID would make two items that cannot be told apart.
        if (auto [at, added] = lineOfId.emplace(id, lines.line()); !added)
            return makeError(ErrorCode::Parse, path, lines.line(), 1,
                             "ID '" + std::string(id.substr(0, 40)) +
                                 "' listed twice (also on line " + std::to_string(at->second) +
                                 "); expected each ID once");
        const auto i = static_cast<std::size_t>(*idx);
        if (i >= out.ids.size()) {
            out.ids.resize(i + 1);
            seen.resize(i + 1, false);
        }
        if (seen[i])
            return makeError(ErrorCode::Parse, path, lines.line(), cols[1],
                             "index " + std::to_string(i) + " used twice; expected unique indices");
        seen[i] = true;
        out.ids[i] = std::string(data::trim(f[0]));
    }
    if (out.ids.empty())
        return makeError(ErrorCode::Schema, path, 1, 1,
                         "empty file; expected 'ID<TAB>index' lines");
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i])
            return makeError(ErrorCode::Schema, path, 0, 0,
                             "index " + std::to_string(i) + " is missing; expected indices 0.." +
                                 std::to_string(out.ids.size() - 1) + " without gaps");
    return out;
}

struct InterRow {
    std::int32_t user;
    std::vector<ItemIndex> history;
    ItemIndex target;
    std::int64_t line;
};

// "user<TAB>item item item<TAB>target" with a "user_id:token..." header line.
Expected<std::vector<InterRow>> readInter(const data::FileSource& files, const std::string& path,
                                          std::size_t userCount, std::size_t itemCount,
                                          const std::string& userFile,
                                          const std::string& itemFile) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = data::checkUtf8(*text, path); !st)
        return st.error();
    std::vector<InterRow> rows;
    LineCursor lines(*text);
    std::string_view line;
    std::vector<std::string_view> f;
    std::vector<int> cols;
    bool first = true;
    auto itemIndex = [&](std::string_view tok, int col) -> Expected<ItemIndex> {
        auto v = data::parseInt64(tok);
        if (!v)
            return makeError(ErrorCode::Parse, path, lines.line(), col,
                             "bad item index '" + std::string(tok.substr(0, 30)) +
                                 "'; expected a whole number");
        if (*v < 0 || static_cast<std::size_t>(*v) >= itemCount)
            return makeError(ErrorCode::Unknown, path, lines.line(), col,
                             "unknown item " + std::to_string(*v) +
                                 "; expected an index listed in " + itemFile + " (0.." +
                                 std::to_string(itemCount - 1) + ")");
        return static_cast<ItemIndex>(*v);
    };
    while (lines.next(line)) {
        if (line.empty())
            continue;
        if (auto e = lineTooLong(path, lines, line))
            return *e;
        if (first) {
            first = false;
            if (line.substr(0, 8) == "user_id:")
                continue;
        }
        data::splitFields(line, '\t', f, cols);
        if (f.size() != 3)
            return makeError(ErrorCode::Parse, path, lines.line(), 1,
                             "expected 3 tab-separated fields (user, item list, target), found " +
                                 std::to_string(f.size()));
        InterRow row;
        row.line = lines.line();
        auto u = data::parseInt64(f[0]);
        if (!u)
            return makeError(ErrorCode::Parse, path, lines.line(), cols[0],
                             "bad user index '" + std::string(f[0].substr(0, 30)) +
                                 "'; expected a whole number");
        if (*u < 0 || static_cast<std::size_t>(*u) >= userCount)
            return makeError(ErrorCode::Unknown, path, lines.line(), cols[0],
                             "unknown user " + std::to_string(*u) +
                                 "; expected an index listed in " + userFile);
        row.user = static_cast<std::int32_t>(*u);
        std::size_t start = 0;
        const std::string_view list = f[1];
        while (start < list.size()) {
            while (start < list.size() && list[start] == ' ')
                ++start;
            if (start >= list.size())
                break;
            auto end = list.find(' ', start);
            if (end == std::string_view::npos)
                end = list.size();
            auto item =
                itemIndex(list.substr(start, end - start), cols[1] + static_cast<int>(start));
            if (!item)
                return item.error();
            row.history.push_back(*item);
            start = end;
        }
        auto target = itemIndex(f[2], cols[2]);
        if (!target)
            return target.error();
        row.target = *target;
        rows.push_back(std::move(row));
    }
    return rows;
}

// Splits "title. category path. brand. " into its parts. `root` is the category root shared by
// the cleanly splitting texts ("Industrial & Scientific"); anchoring on it keeps titles that
// contain ". " (e.g. "No. 2") intact. Returns whether the text split into exactly 3 parts.
bool splitText(std::string_view text, const std::string& root, Item& item) {
    text = data::trim(text);
    if (!text.empty() && text.back() == '.')
        text.remove_suffix(1);
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto p = text.find(". ", start);
        parts.push_back(
            text.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
        if (p == std::string_view::npos)
            break;
        start = p + 2;
    }
    auto set = [&](std::string_view t, std::string_view c, std::string_view b) {
        item.title = std::string(data::trim(t));
        item.category = std::string(data::trim(c));
        item.brand = std::string(data::trim(b));
    };
    if (parts.size() == 3) {
        set(parts[0], parts[1], parts[2]);
        return true;
    }
    if (!root.empty()) {
        const std::string anchor = ". " + root;
        const auto at = text.rfind(anchor);
        if (at != std::string_view::npos) {
            const auto rest = text.substr(at + 2);
            const auto dot = rest.find(". ");
            set(text.substr(0, at), rest.substr(0, dot),
                dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 2));
            return false;
        }
    }
    const auto empty = text.rfind(". . "); // "title. . brand": no category
    if (empty != std::string_view::npos) {
        set(text.substr(0, empty), {}, text.substr(empty + 4));
        return false;
    }
    if (parts.size() > 3) { // no known root: the last two parts are category and brand
        const auto brandAt = text.rfind(". ");
        const auto catAt = text.rfind(". ", brandAt - 1);
        set(text.substr(0, catAt), text.substr(catAt + 2, brandAt - catAt - 2),
            text.substr(brandAt + 2));
        return false;
    }
    set(text, {}, {});
    return false;
}

std::string commonRoot(const std::vector<std::string>& categories) {
    if (categories.empty())
        return {};
    std::string lcp = categories.front();
    for (const auto& c : categories) {
        std::size_t n = 0;
        while (n < lcp.size() && n < c.size() && lcp[n] == c[n])
            ++n;
        lcp.resize(n);
    }
    // Cut back to whole words: the root must end where a category word ends.
    bool wordEnd = true;
    for (const auto& c : categories)
        wordEnd = wordEnd && (c.size() == lcp.size() || c[lcp.size()] == ' ');
    if (!wordEnd) {
        const auto sp = lcp.rfind(' ');
        lcp.resize(sp == std::string::npos ? 0 : sp);
    }
    return std::string(data::trim(lcp));
}

Status readTextFile(const data::FileSource& files, const std::string& path,
                    const std::vector<std::string>& itemIds, Dataset& ds) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = data::checkUtf8(*text, path); !st)
        return st.error();
    std::unordered_map<std::string_view, std::size_t> byId;
    for (std::size_t i = 0; i < itemIds.size(); ++i)
        byId.emplace(itemIds[i], i);
    std::vector<std::pair<std::size_t, std::string_view>> texts;
    LineCursor lines(*text);
    std::string_view line;
    std::vector<std::string_view> f;
    std::vector<int> cols;
    std::int64_t unknown = 0;
    while (lines.next(line)) {
        if (line.empty() || (lines.line() == 1 && line.substr(0, 8) == "item_id:"))
            continue;
        if (auto e = lineTooLong(path, lines, line))
            return *e;
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos)
            return makeError(ErrorCode::Parse, path, lines.line(),
                             static_cast<int>(line.size()) + 1,
                             "expected 'ASIN<TAB>text'; found no tab");
        if (line.size() - tab - 1 > kMaxTextFieldBytes)
            return makeError(ErrorCode::Limit, path, lines.line(), static_cast<int>(tab) + 2,
                             "text of " + std::to_string(line.size() - tab - 1) +
                                 " bytes; expected at most " + formatByteLimit(kMaxTextFieldBytes));
        auto it = byId.find(data::trim(line.substr(0, tab)));
        if (it == byId.end()) {
            ++unknown; // texts of items outside the split are harmless
            continue;
        }
        texts.emplace_back(it->second, line.substr(tab + 1));
    }
    // Pass 1: the root of the cleanly splitting texts; pass 2: split everything with it.
    std::vector<std::string> clean;
    Item tmp;
    for (const auto& [i, t] : texts)
        if (splitText(t, {}, tmp) && !tmp.category.empty())
            clean.push_back(tmp.category);
    const std::string root = commonRoot(clean);
    std::int64_t unclean = 0;
    for (const auto& [i, t] : texts)
        unclean += !splitText(t, root, ds.items[i]);
    ds.cleanup.notes.push_back(groupedInt(static_cast<long long>(texts.size()) - unclean) + " of " +
                               groupedInt(static_cast<long long>(texts.size())) +
                               " item texts split cleanly into title/category/brand; the rest "
                               "were split around the category root '" +
                               root + "'");
    if (unknown > 0)
        ds.cleanup.notes.push_back(groupedInt(unknown) + " texts name items not in the index");
    return Ok{};
}

} // namespace

Expected<Dataset> loadUniSrec(const std::string& dirOrInter, const DataLimits& limits) {
    std::error_code ec;
    fs::path dir = dirOrInter;
    std::string prefix;
    if (!fs::is_directory(dir, ec)) {
        const std::string name = dir.filename().string();
        prefix = name.substr(0, name.find('.'));
        dir = dir.parent_path();
    } else {
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            const std::string name = e.path().filename().string();
            const auto dot = name.find(".item2index");
            if (dot != std::string::npos && dot + 11 == name.size())
                prefix = name.substr(0, dot);
        }
        if (prefix.empty())
            return makeError(ErrorCode::Schema, dirOrInter, 0, 0,
                             "no *.item2index file; expected a UniSRec directory "
                             "(PREFIX.item2index, .user2index, .text, .test.inter, .valid.inter)");
    }
    return data::loadUniSrecFrom(data::diskFiles(), dir.string(), prefix, dirOrInter, limits);
}

Expected<Dataset> data::loadUniSrecFrom(const FileSource& files, const std::string& dir,
                                        const std::string& prefix, const std::string& dirOrInter,
                                        const DataLimits& limits) {
    auto file = [&](const char* ext) {
        return (fs::path(dir) / (prefix + ext)).string();
    };
    auto items = readIndexFile(files, file(".item2index"), limits.maxItems, "items");
    if (!items)
        return items.error();
    auto users = readIndexFile(files, file(".user2index"), limits.maxUsers, "users");
    if (!users)
        return users.error();
    auto test = readInter(files, file(".test.inter"), users->ids.size(), items->ids.size(),
                          file(".user2index"), file(".item2index"));
    if (!test)
        return test.error();
    std::vector<InterRow> valid;
    if (files.exists(file(".valid.inter"))) {
        auto v = readInter(files, file(".valid.inter"), users->ids.size(), items->ids.size(),
                           file(".user2index"), file(".item2index"));
        if (!v)
            return v.error();
        valid = std::move(*v);
    }

    Dataset ds;
    ds.name = "amazon-unisrec";
    ds.sourcePath = dirOrInter;
    ds.items.resize(items->ids.size());
    for (std::size_t i = 0; i < items->ids.size(); ++i)
        ds.items[i].id = items->ids[i];
    if (files.exists(file(".text"))) {
        if (auto st = readTextFile(files, file(".text"), items->ids, ds); !st)
            return st.error();
    } else {
        ds.cleanup.notes.push_back("no " + prefix + ".text: items have no titles");
    }

    // Users in index order; a user without a test row keeps an empty sequence and is dropped.
    std::vector<User> byIndex(users->ids.size());
    std::vector<std::int64_t> testLine(users->ids.size(), 0);
    for (auto& row : *test) {
        auto& u = byIndex[static_cast<std::size_t>(row.user)];
        if (testLine[static_cast<std::size_t>(row.user)] != 0)
            return makeError(ErrorCode::Parse, file(".test.inter"), row.line, 1,
                             "second test row for user " + std::to_string(row.user) +
                                 "; expected one row per user");
        testLine[static_cast<std::size_t>(row.user)] = row.line;
        u.sequence = std::move(row.history);
        u.testPos = static_cast<std::int32_t>(u.sequence.size());
        u.sequence.push_back(row.target);
    }
    std::int64_t capped = 0;
    for (const auto& row : valid) {
        auto& u = byIndex[static_cast<std::size_t>(row.user)];
        // The valid target is the item before the test target; its history must agree with
        // the test history (end-aligned: both files cap histories at the same length, so the
        // valid history may start one item earlier than the test sequence).
        const std::int32_t p = u.testPos - 1;
        bool consistent = u.testPos >= 1 && u.sequence[static_cast<std::size_t>(p)] == row.target;
        const std::size_t overlap =
            std::min<std::size_t>(row.history.size(), static_cast<std::size_t>(std::max(p, 0)));
        for (std::size_t k = 1; consistent && k <= overlap; ++k)
            consistent =
                row.history[row.history.size() - k] == u.sequence[static_cast<std::size_t>(p) - k];
        if (!consistent)
            return makeError(ErrorCode::Schema, file(".valid.inter"), row.line, 1,
                             "valid row of user " + std::to_string(row.user) +
                                 " does not match its test row (line " +
                                 std::to_string(testLine[static_cast<std::size_t>(row.user)]) +
                                 " of " + prefix +
                                 ".test.inter); expected the valid history + "
                                 "target to end where the test history ends");
        capped += row.history.size() > static_cast<std::size_t>(p);
        u.validPos = p;
    }
    if (capped > 0)
        ds.cleanup.notes.push_back(
            groupedInt(capped) + " users have a longer valid history than test history (the "
                                 "files cap histories); their oldest item is not in the sequence");
    for (std::size_t i = 0; i < byIndex.size(); ++i) {
        if (byIndex[i].sequence.empty())
            continue;
        byIndex[i].id = users->ids[i];
        ds.users.push_back(std::move(byIndex[i]));
    }
    if (ds.users.empty())
        return makeError(ErrorCode::Schema, file(".test.inter"), 0, 0,
                         "no users; expected one 'user<TAB>history<TAB>target' row per user");
    ds.cleanup.rowsRead = static_cast<std::int64_t>(test->size());
    ds.cleanup.rowsKept = static_cast<std::int64_t>(test->size());
    ds.finalize();
    return ds;
}

} // namespace reclens
