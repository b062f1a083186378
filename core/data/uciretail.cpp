// UCI Online Retail (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,
// Country) as .csv or .csv.gz, including the pycaret country subsets (US dates "12/1/2010 8:45",
// trailing blanks, UTF-8 BOM).
//
// Clean-up, each dropped row counted once, in this order: no CustomerID, cancellation
// (InvoiceNo starting with 'C'), Quantity <= 0, non-product StockCode (postage, fees,
// discounts, manual adjustments, samples, gift vouchers: the codes listed below, any "gift_*"
// code and any code without a digit), negative UnitPrice (an accounting adjustment, not a
// purchase; counted in `other`). A user is a customer; a purchase row is an interaction,
// ordered by invoice time and, within equal times, by file order (so an invoice's lines keep
// their order). Item title = the Description used most often for the StockCode in kept rows
// (ties: the later one); price = the most frequent non-zero UnitPrice (ties: the later one).

#include "common/numberformat.h"
#include "data/csvreader.h"
#include "data/datasetbuilder.h"
#include "data/filesource.h"
#include "data/importers.h"
#include "data/textinput.h"

#include <map>
#include <unordered_set>

namespace reclens {

namespace {

bool isNonProductCode(std::string_view code) {
    static const std::unordered_set<std::string> codes = {
        "post",         "dot",       "m",    "c2",     "d",       "s",       "b",      "cruk",
        "bank charges", "amazonfee", "pads", "adjust", "adjust2", "test001", "test002"};
    const std::string lower = data::toLower(code);
    if (codes.count(lower) || lower.rfind("gift_", 0) == 0)
        return true;
    for (char c : lower)
        if (c >= '0' && c <= '9')
            return false;
    return true;
}

struct Tally {
    std::int64_t count = 0;
    std::int64_t lastRow = 0;
};

// The most frequent key; ties go to the one seen last.
template <typename K> const K* mode(const std::map<K, Tally>& m) {
    const K* best = nullptr;
    Tally bt;
    for (const auto& [k, t] : m)
        if (!best || t.count > bt.count || (t.count == bt.count && t.lastRow > bt.lastRow)) {
            best = &k;
            bt = t;
        }
    return best;
}

} // namespace

Expected<Dataset> loadUciRetail(const std::string& path, bool dropNonProductCodes,
                                const DataLimits& limits) {
    return data::loadUciRetailFrom(data::diskFiles(), path, dropNonProductCodes, limits);
}

Expected<Dataset> data::loadUciRetailFrom(const FileSource& files, const std::string& path,
                                          bool dropNonProductCodes, const DataLimits& limits) {
    auto text = files.read(path);
    if (!text)
        return text.error();
    if (auto st = data::checkUtf8(*text, path); !st)
        return st.error();
    data::CsvReader reader(*text, path, ',');
    data::CsvRecord rec;
    auto got = reader.next(rec);
    if (!got)
        return got.error();
    static const char* kColumns[] = {"InvoiceNo",   "StockCode", "Description", "Quantity",
                                     "InvoiceDate", "UnitPrice", "CustomerID"};
    const std::string expected =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    if (!*got)
        return makeError(ErrorCode::Schema, path, 1, 1,
                         "empty file; expected the header " + expected);
    const std::vector<std::string> header = rec.fields;
    std::size_t col[7];
    for (int k = 0; k < 7; ++k) {
        const int c = data::findColumn(header, kColumns[k]);
        if (c < 0)
            return makeError(ErrorCode::Schema, path, 1, 1,
                             std::string("no column '") + kColumns[k] +
                                 "' in the header; expected " + expected);
        col[k] = static_cast<std::size_t>(c);
    }
    const auto [cInvoice, cCode, cDesc, cQty, cDate, cPrice, cCustomer] =
        std::tuple{col[0], col[1], col[2], col[3], col[4], col[5], col[6]};

    data::DatasetBuilder builder;
    Dataset::CleanupReport report;
    std::vector<std::map<std::string, Tally>> titles;
    std::vector<std::map<double, Tally>> prices;
    std::string customer;
    std::int64_t negativePrice = 0;
    for (;;) {
        got = reader.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        ++report.rowsRead;
        if (rec.fields.size() != header.size())
            return reader.fieldError(ErrorCode::Parse, rec, header.size(),
                                     "expected " + std::to_string(header.size()) +
                                         " fields as in the header but found " +
                                         std::to_string(rec.fields.size()));
        const auto qty = data::parseDouble(rec.fields[cQty]);
        if (!qty)
            return reader.fieldError(ErrorCode::Parse, rec, cQty,
                                     "bad Quantity '" + rec.fields[cQty].substr(0, 30) +
                                         "'; expected a number");
        const auto time = data::parseDateTime(rec.fields[cDate]);
        if (!time)
            return reader.fieldError(ErrorCode::Parse, rec, cDate,
                                     "bad InvoiceDate '" + rec.fields[cDate].substr(0, 30) +
                                         "'; expected YYYY-MM-DD HH:MM:SS or M/D/YYYY H:MM");
        const auto price = data::parseDouble(rec.fields[cPrice]);
        if (!price)
            return reader.fieldError(ErrorCode::Parse, rec, cPrice,
                                     "bad UnitPrice '" + rec.fields[cPrice].substr(0, 30) +
                                         "'; expected a number");
        customer.assign(data::trim(rec.fields[cCustomer]));
        if (customer.size() > 2 && customer.compare(customer.size() - 2, 2, ".0") == 0)
            customer.resize(customer.size() - 2); // "17850.0" from float exports
        const std::string_view invoice = data::trim(rec.fields[cInvoice]);
        const std::string_view code = data::trim(rec.fields[cCode]);
        if (code.empty())
            return reader.fieldError(ErrorCode::Parse, rec, cCode,
                                     "empty StockCode; expected an item code");
        if (auto e = reader.checkId(rec, cCode, "StockCode"))
            return *e;
        if (auto e = reader.checkId(rec, cCustomer, "CustomerID"))
            return *e;
        if (auto e = reader.checkText(rec, cDesc, "Description"))
            return *e;
        if (customer.empty()) {
            ++report.missingUser;
            continue;
        }
        if (!invoice.empty() && (invoice[0] == 'C' || invoice[0] == 'c')) {
            ++report.cancellations;
            continue;
        }
        if (*qty <= 0) {
            ++report.nonPositiveQuantity;
            continue;
        }
        if (dropNonProductCodes && isNonProductCode(code)) {
            ++report.nonProductCodes;
            continue;
        }
        if (*price < 0) {
            ++report.other;
            ++negativePrice;
            continue;
        }
        ++report.rowsKept;
        const ItemIndex item = builder.item(std::string(code));
        if (static_cast<std::int64_t>(builder.items().size()) > limits.maxItems)
            return reader.fieldError(ErrorCode::Limit, rec, cCode,
                                     tooManyMessage(limits.maxItems, "items"));
        if (titles.size() <= static_cast<std::size_t>(item)) {
            titles.resize(static_cast<std::size_t>(item) + 1);
            prices.resize(static_cast<std::size_t>(item) + 1);
        }
        const std::string_view desc = data::trim(rec.fields[cDesc]);
        if (!desc.empty()) {
            Tally& t = titles[static_cast<std::size_t>(item)][std::string(desc)];
            ++t.count;
            t.lastRow = report.rowsRead;
        }
        if (*price > 0) {
            Tally& t = prices[static_cast<std::size_t>(item)][*price];
            ++t.count;
            t.lastRow = report.rowsRead;
        }
        const UserIndex user = builder.user(customer);
        if (static_cast<std::int64_t>(builder.userCount()) > limits.maxUsers)
            return reader.fieldError(ErrorCode::Limit, rec, cCustomer,
                                     tooManyMessage(limits.maxUsers, "users"));
        builder.add(user, item, *time);
    }
    if (report.rowsRead == 0)
        return makeError(ErrorCode::Schema, path, 2, 1,
                         "no rows after the header; expected one purchase row per line");
    if (report.rowsKept == 0)
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "no purchase rows left after clean-up (" +
                             std::to_string(report.rowsRead) +
                             " rows read); expected rows with a CustomerID and Quantity > 0");
    *text = std::string(); // the rows are parsed: free the file before build() allocates
    for (std::size_t i = 0; i < builder.items().size(); ++i) {
        if (const auto* t = mode(titles[i]))
            builder.items()[i].title = *t;
        if (const auto* p = mode(prices[i]))
            builder.items()[i].price = *p;
    }
    Dataset ds = builder.build("uci-online-retail", path, true, limits.maxHistory);
    report.notes.push_back("title = most frequent Description of a StockCode, price = most "
                           "frequent non-zero UnitPrice (ties: the later row)");
    if (negativePrice > 0)
        report.notes.push_back(groupedInt(negativePrice) +
                               " rows skipped: negative UnitPrice (an adjustment, not a purchase)");
    report.historyTruncated = ds.cleanup.historyTruncated;
    for (auto& n : ds.cleanup.notes)
        report.notes.push_back(std::move(n));
    ds.cleanup = std::move(report);
    return ds;
}

} // namespace reclens
