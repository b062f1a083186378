// Generic interactions CSV/TSV (user,item,timestamp by default; other column names through
// ImportOptions) with an optional catalog CSV. A directory holding interactions.csv (and
// optionally catalog.csv) is read the same way; that is how sample_data/ is opened.

#include "common/numberformat.h"
#include "data/catalogcsv.h"
#include "data/chunkedtext.h"
#include "data/csvreader.h"
#include "data/datasetbuilder.h"
#include "data/filesource.h"
#include "data/importers.h"
#include "data/interactionrows.h"
#include "data/textinput.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace reclens {

namespace {

bool hasSuffix(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

Expected<Dataset> loadGenericCsv(const std::string& path, const ImportOptions& options) {
    using namespace data;
    std::string interactions = path;
    std::string catalog = options.catalogPath;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        interactions = (fs::path(path) / "interactions.csv").string();
        if (!fs::exists(interactions, ec))
            return makeError(ErrorCode::Io, path, 0, 0,
                             "directory has no interactions.csv; expected interactions.csv "
                             "(user,item,timestamp) and optionally catalog.csv");
        if (catalog.empty() && fs::exists(fs::path(path) / "catalog.csv", ec))
            catalog = (fs::path(path) / "catalog.csv").string();
    }
    return loadGenericCsvFrom(diskFiles(), path, interactions, catalog, options);
}

Expected<Dataset> data::loadGenericCsvFrom(const FileSource& files, const std::string& path,
                                           const std::string& interactions,
                                           const std::string& catalog,
                                           const ImportOptions& options) {
    DatasetBuilder builder;
    std::vector<std::string> catalogNotes;
    if (!catalog.empty()) {
        auto notes =
            readCatalogCsv(files, catalog, options.catalogColumns, builder, options.limits);
        if (!notes)
            return notes.error();
        catalogNotes = std::move(*notes);
    }
    const std::size_t catalogSize = builder.items().size();

    auto text = files.read(interactions);
    if (!text)
        return text.error();
    // A large file is read in chunks on every core; whenever that path cannot give the serial
    // reader's result or its exact error, the whole load runs again on one thread.
    const bool chunked = worthChunking(text->size(), options);
    auto serially = [&]() {
        *text = std::string();
        ImportOptions serial = options;
        serial.threads = 1;
        return loadGenericCsvFrom(files, path, interactions, catalog, serial);
    };
    if (!chunked)
        if (auto st = checkUtf8(*text, interactions); !st)
            return st.error();
    const char delim = hasSuffix(interactions, ".tsv") ? '\t' : detectDelimiter(*text);
    CsvReader reader(*text, interactions, delim);
    CsvRecord rec;
    auto got = reader.next(rec);
    if (!got)
        return chunked ? serially() : got.error();
    if (!*got)
        return makeError(ErrorCode::Schema, interactions, 1, 1,
                         "empty file; expected a header line naming the columns " +
                             options.userColumn + "," + options.itemColumn +
                             (options.timeColumn.empty() ? "" : "," + options.timeColumn));
    InteractionColumns columns;
    columns.header = rec.fields;
    const CsvRecord headerRecord = rec;
    auto column = [&](const std::string& name, const char* option) {
        return requireColumn(headerRecord, interactions, name, option);
    };
    auto cUser = column(options.userColumn, "--user-column");
    if (!cUser)
        return chunked ? serially() : cUser.error();
    auto cItem = column(options.itemColumn, "--item-column");
    if (!cItem)
        return chunked ? serially() : cItem.error();
    if (!options.timeColumn.empty()) {
        auto c = column(options.timeColumn, "--time-column");
        if (!c)
            return chunked ? serially() : c.error();
        columns.time = *c;
    }
    columns.user = static_cast<std::size_t>(*cUser);
    columns.item = static_cast<std::size_t>(*cItem);

    std::int64_t rows = 0;
    if (chunked) {
        const auto bodyOffset =
            static_cast<std::size_t>(reader.data().data() - text->data()) + reader.offset();
        auto read = readInteractionsInChunks(*text, bodyOffset, reader.line(), interactions, delim,
                                             columns, options, builder);
        if (!read)
            return serially();
        if (!*read)
            return read->error();
        rows = **read;
    }
    while (!chunked) {
        got = reader.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        ++rows;
        auto fields = readInteraction(reader, rec, columns);
        if (!fields)
            return fields.error();
        // File order orders a user's events when there is no time column.
        const std::int64_t time = columns.time >= 0 ? fields->time : rows;
        const UserIndex user = builder.user(std::string(fields->user));
        if (static_cast<std::int64_t>(builder.userCount()) > options.limits.maxUsers)
            return reader.fieldError(ErrorCode::Limit, rec, columns.user,
                                     tooManyMessage(options.limits.maxUsers, "users"));
        const ItemIndex item = builder.item(std::string(fields->item));
        if (static_cast<std::int64_t>(builder.items().size()) > options.limits.maxItems)
            return reader.fieldError(ErrorCode::Limit, rec, columns.item,
                                     tooManyMessage(options.limits.maxItems, "items"));
        builder.add(user, item, time);
    }
    if (rows == 0)
        return makeError(ErrorCode::Schema, interactions, 2, 1,
                         "no interactions after the header; expected at least one row");
    *text = std::string(); // the rows are parsed: free the file before build() allocates
    const std::size_t uncatalogued = builder.items().size() - catalogSize;
    Dataset ds = builder.build("csv", path, columns.time >= 0, options.limits.maxHistory,
                               data::parseThreads(options.threads));
    ds.cleanup.rowsRead = rows;
    ds.cleanup.rowsKept = rows;
    ds.cleanup.notes.insert(ds.cleanup.notes.begin(), catalogNotes.begin(), catalogNotes.end());
    if (!catalog.empty() && uncatalogued > 0)
        ds.cleanup.notes.push_back(groupedInt(static_cast<long long>(uncatalogued)) +
                                   " items in the interactions have no catalog entry");
    return ds;
}

} // namespace reclens
