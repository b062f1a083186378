#include "model/itemmap.h"

#include "common/atomicfile.h"
#include "data/csvreader.h"
#include "data/textinput.h"

#include <algorithm>
#include <charconv>
#include <ostream>
#include <unordered_set>

namespace reclens {

namespace {

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

/// RFC 4180 quoting only where needed.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

} // namespace

std::string ItemMapping::summary() const {
    return std::to_string(mappedItems) + " of " + std::to_string(modelIndexOfItem.size()) +
           " dataset items mapped to the model's " + std::to_string(modelItems) + " items; " +
           std::to_string(datasetItemsUnknownToModel) + " dataset items unknown to the model; " +
           std::to_string(modelItemsUnknownToDataset) + " model items unknown to the dataset";
}

Expected<ItemMapping> loadItemMap(const std::string& path, int modelItems, const Dataset& ds) {
    auto text = data::readWholeFile(path);
    if (!text)
        return text.error();
    data::CsvReader reader(*text, path, data::detectDelimiter(*text));
    data::CsvRecord rec;
    auto more = reader.next(rec);
    if (!more)
        return more.error();
    if (!*more)
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "the item map is empty; expected a header 'index,item' and one row per "
                         "model item");
    const int indexCol = data::findColumn(rec.fields, "index");
    const int itemCol = data::findColumn(rec.fields, "item");
    if (indexCol < 0 || itemCol < 0)
        return makeError(ErrorCode::Schema, path, rec.line, 1,
                         "the item map needs the columns 'index' and 'item'; expected a header "
                         "'index,item' (model index 1..N, dataset item id)");
    ItemMapping m;
    m.modelItems = modelItems;
    m.modelIndexOfItem.assign(ds.items.size(), 0);
    std::vector<bool> indexSeen(static_cast<size_t>(modelItems) + 1, false);
    std::unordered_set<std::string> itemsSeen;
    const auto need = static_cast<size_t>(std::max(indexCol, itemCol));
    while (true) {
        more = reader.next(rec);
        if (!more)
            return more.error();
        if (!*more)
            break;
        if (rec.fields.size() <= need)
            return reader.fieldError(ErrorCode::Parse, rec, rec.fields.size(),
                                     "expected the columns 'index' and 'item' in every row");
        const auto idx = static_cast<size_t>(indexCol);
        const std::string indexText = trimmed(rec.fields[idx]);
        std::int64_t index = 0;
        const auto [end, ec] =
            std::from_chars(indexText.data(), indexText.data() + indexText.size(), index);
        if (ec != std::errc() || end != indexText.data() + indexText.size() || index < 1 ||
            index > modelItems)
            return reader.fieldError(ErrorCode::Parse, rec, idx,
                                     "expected a model index between 1 and " +
                                         std::to_string(modelItems) + " (the model's " +
                                         "item_count()), got '" + indexText + "'");
        if (indexSeen[static_cast<size_t>(index)])
            return reader.fieldError(ErrorCode::Parse, rec, idx,
                                     "model index " + indexText +
                                         " appears twice; expected each index once");
        indexSeen[static_cast<size_t>(index)] = true;
        if (auto bad = reader.checkId(rec, static_cast<size_t>(itemCol), "item id"))
            return *bad;
        const std::string item = trimmed(rec.fields[static_cast<size_t>(itemCol)]);
        if (!itemsSeen.insert(item).second)
            return reader.fieldError(ErrorCode::Parse, rec, static_cast<size_t>(itemCol),
                                     "item '" + item + "' appears twice; expected each item once");
        const ItemIndex i = ds.findItem(item);
        if (i < 0)
            continue;
        m.modelIndexOfItem[static_cast<size_t>(i)] = index;
        ++m.mappedItems;
    }
    m.datasetItemsUnknownToModel = static_cast<int>(ds.items.size()) - m.mappedItems;
    m.modelItemsUnknownToDataset = modelItems - m.mappedItems;
    if (m.mappedItems == 0)
        return makeError(ErrorCode::Mismatch, path, 0, 0,
                         "the item map names none of the " + std::to_string(ds.items.size()) +
                             " items of dataset '" + ds.name +
                             "'; expected the map written for this model and these data");
    return m;
}

Status writeItemMap(const std::string& path, const Dataset& ds) {
    return writeFileAtomically(path, [&](std::ostream& os) {
        os << "index,item\n";
        for (size_t i = 0; i < ds.items.size(); ++i)
            os << (i + 1) << ',' << csvField(ds.items[i].id) << '\n';
    });
}

} // namespace reclens
