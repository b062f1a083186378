#include "data/catalogcsv.h"

#include "common/numberformat.h"
#include "data/catalogrow.h"
#include "data/csvreader.h"
#include "data/filesource.h"
#include "data/textinput.h"

#include <cmath>

namespace reclens::data {

namespace {

// Where each mapped role sits in the header (-1 = not read).
struct CatalogLayout {
    int item = -1;
    int title = -1;
    std::vector<int> category; // most general first
    int brand = -1;
    int price = -1;
};

// A column at its default name may be absent (RecLens' own catalogs never needed every column);
// a renamed one was asked for, so its absence is an error naming the header's columns.
Expected<int> mappedColumn(const CsvRecord& header, const std::string& file,
                           const std::string& name, const std::string& defaultName,
                           const std::string& option, bool required) {
    if (trim(name).empty())
        return -1;
    if (!required && toLower(trim(name)) == defaultName && findColumn(header.fields, name) < 0)
        return -1;
    return requireColumn(header, file, std::string(trim(name)), option);
}

Expected<CatalogLayout> resolveLayout(const CsvRecord& header, const std::string& file,
                                      const CatalogColumns& cols) {
    CatalogLayout l;
    auto item = mappedColumn(header, file, cols.item, "item", "--catalog-item-column", true);
    if (!item)
        return item.error();
    l.item = *item;
    if (l.item < 0)
        return makeError(ErrorCode::InvalidArgument, file, 0, 0,
                         "no item column named; expected --catalog-item-column NAME");
    auto title = mappedColumn(header, file, cols.title, "title", "--catalog-title-column", false);
    if (!title)
        return title.error();
    l.title = *title;
    for (const auto& name : cols.category) {
        auto c = mappedColumn(header, file, name, "category", "--catalog-category-columns", false);
        if (!c)
            return c.error();
        if (*c >= 0)
            l.category.push_back(*c);
    }
    auto brand = mappedColumn(header, file, cols.brand, "brand", "--catalog-brand-column", false);
    if (!brand)
        return brand.error();
    l.brand = *brand;
    auto price = mappedColumn(header, file, cols.price, "price", "--catalog-price-column", false);
    if (!price)
        return price.error();
    l.price = *price;
    return l;
}

bool isDefaultMapping(const CatalogColumns& c) {
    const CatalogColumns d;
    return c.item == d.item && c.title == d.title && c.category == d.category &&
           c.brand == d.brand && c.price == d.price;
}

// "item 'product_id', category 'a' > 'b', brand 'brand'": what a mapped import read.
std::string mappingNote(const std::vector<std::string>& header, const CatalogLayout& l) {
    auto name = [&header](int c) {
        return "'" + std::string(trim(header[std::size_t(c)])) + "'";
    };
    std::string s = "catalog columns read: item " + name(l.item);
    if (l.title >= 0)
        s += ", title " + name(l.title);
    for (std::size_t i = 0; i < l.category.size(); ++i)
        s += (i == 0 ? ", category " : " > ") + name(l.category[i]);
    if (l.brand >= 0)
        s += ", brand " + name(l.brand);
    if (l.price >= 0)
        s += ", price " + name(l.price);
    return s;
}

} // namespace

Expected<std::vector<std::string>> readCatalogCsv(const FileSource& files, const std::string& path,
                                                  const CatalogColumns& columns,
                                                  DatasetBuilder& builder,
                                                  const DataLimits& limits) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = checkUtf8(*text, path); !st)
        return st.error();
    CsvReader reader(*text, path, detectDelimiter(*text));
    CsvRecord rec;
    auto got = reader.next(rec);
    if (!got)
        return got.error();
    if (!*got)
        return makeError(ErrorCode::Schema, path, 1, 1,
                         "empty file; expected a header line naming the catalog columns (" +
                             columns.item + ",...)");
    const std::vector<std::string> header = rec.fields;
    auto layout = resolveLayout(rec, path, columns);
    if (!layout)
        return layout.error();
    const CatalogLayout& l = *layout;
    const auto field = [&rec](int c) {
        return std::string(trim(rec.fields[std::size_t(c)]));
    };
    const auto cItem = static_cast<std::size_t>(l.item);
    std::vector<bool> seen;
    std::vector<std::string> levels;
    std::int64_t composed = 0;
    std::string composedExample;
    for (;;) {
        got = reader.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        if (rec.fields.size() != header.size())
            return reader.fieldError(ErrorCode::Parse, rec, header.size(),
                                     "expected " + std::to_string(header.size()) +
                                         " fields as in the header but found " +
                                         std::to_string(rec.fields.size()));
        const std::string id = field(l.item);
        if (id.empty())
            return reader.fieldError(ErrorCode::Parse, rec, cItem,
                                     "empty item id; expected a non-empty '" +
                                         std::string(trim(header[cItem])) + "' value");
        if (auto e = reader.checkId(rec, cItem, "item id"))
            return *e;
        const ItemIndex idx = builder.item(id);
        if (static_cast<std::int64_t>(builder.items().size()) > limits.maxItems)
            return reader.fieldError(ErrorCode::Limit, rec, cItem,
                                     tooManyMessage(limits.maxItems, "items"));
        std::vector<int> textColumns = l.category;
        textColumns.push_back(l.title);
        textColumns.push_back(l.brand);
        for (int c : textColumns)
            if (c >= 0)
                if (auto e = reader.checkText(rec, static_cast<std::size_t>(c),
                                              std::string(trim(header[std::size_t(c)]))))
                    return *e;
        if (seen.size() <= static_cast<std::size_t>(idx))
            seen.resize(static_cast<std::size_t>(idx) + 1, false);
        if (seen[static_cast<std::size_t>(idx)])
            return reader.fieldError(ErrorCode::Parse, rec, cItem,
                                     "duplicate item '" + id +
                                         "'; expected each item once in the catalog");
        seen[static_cast<std::size_t>(idx)] = true;
        Item& item = builder.items()[static_cast<std::size_t>(idx)];
        levels.clear();
        for (int c : l.category)
            levels.push_back(field(c));
        item.category = catalogCategoryPath(levels);
        if (l.brand >= 0)
            item.brand = field(l.brand);
        if (l.title >= 0) {
            item.title = field(l.title);
        } else if (item.title = composedTitle(levels, item.brand); !item.title.empty()) {
            ++composed;
            if (composedExample.empty())
                composedExample = item.title;
        }
        if (l.price >= 0) {
            const auto& p = rec.fields[static_cast<std::size_t>(l.price)];
            if (!trim(p).empty()) {
                auto v = parseDouble(p);
                if (!v || *v < 0 || !std::isfinite(*v))
                    return reader.fieldError(
                        ErrorCode::Parse, rec, static_cast<std::size_t>(l.price),
                        "bad price '" + p + "'; expected a non-negative number or nothing");
                item.price = *v;
            }
        }
    }
    std::vector<std::string> notes;
    if (!isDefaultMapping(columns))
        notes.push_back(mappingNote(header, l));
    if (composed > 0)
        notes.push_back("the catalog has no title column: " + groupedInt(composed) +
                        " titles composed from the most specific category level and the brand "
                        "(e.g. '" +
                        composedExample + "')");
    return notes;
}

} // namespace reclens::data

namespace reclens {

std::string catalogCategoryPath(const std::vector<std::string>& levels) {
    std::string path;
    for (const auto& level : levels)
        if (!level.empty())
            path += (path.empty() ? "" : " > ") + level;
    return path;
}

std::string composedTitle(const std::vector<std::string>& categoryLevels,
                          const std::string& brand) {
    std::string title;
    for (auto it = categoryLevels.rbegin(); it != categoryLevels.rend(); ++it)
        if (!it->empty()) {
            title = *it;
            break;
        }
    if (!brand.empty())
        title += (title.empty() ? "" : ", ") + brand;
    return title;
}

} // namespace reclens
