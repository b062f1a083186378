#include "project/projectfile.h"

#include "common/atomicfile.h"
#include "project/sqlitedb.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <map>

namespace reclens {

namespace {

using sqlite::Database;
using sqlite::SqliteError;
using sqlite::Statement;

// Rows keep the order of the struct's vectors through their `position` column.
const char* const kSchema = R"sql(
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE import_options (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE checkpoints (position INTEGER PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE settings (position INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
                       value TEXT NOT NULL);
CREATE TABLE pinned_customers (position INTEGER PRIMARY KEY, customer TEXT NOT NULL,
                               checkpoint TEXT NOT NULL);
CREATE TABLE bookmarks (position INTEGER PRIMARY KEY, customer TEXT NOT NULL,
                        target TEXT NOT NULL, label TEXT NOT NULL);
CREATE TABLE what_if_edits (position INTEGER PRIMARY KEY, customer TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('remove', 'insert', 'move', 'replace')),
    edit_position INTEGER NOT NULL, item TEXT NOT NULL, to_position INTEGER NOT NULL);
CREATE TABLE notes (position INTEGER PRIMARY KEY, customer TEXT NOT NULL, target TEXT NOT NULL,
                    text TEXT NOT NULL, time INTEGER NOT NULL);
CREATE TABLE feedback (position INTEGER PRIMARY KEY, customer TEXT NOT NULL,
    target TEXT NOT NULL, method TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('helpful', 'wrong', 'unclear')),
    comment TEXT NOT NULL, time INTEGER NOT NULL);
)sql";

std::map<std::string, std::string> importOptionRows(const ImportOptions& o) {
    const CatalogColumns& c = o.catalogColumns;
    return {{"format", formatName(o.format)},
            {"catalog_path", o.catalogPath},
            {"user_column", o.userColumn},
            {"item_column", o.itemColumn},
            {"time_column", o.timeColumn},
            {"catalog_item_column", c.item},
            {"catalog_title_column", c.title},
            {"catalog_category_columns", nlohmann::json(c.category).dump()},
            {"catalog_brand_column", c.brand},
            {"catalog_price_column", c.price},
            {"k_core", std::to_string(o.kCore)},
            {"max_items", std::to_string(o.limits.maxItems)},
            {"max_users", std::to_string(o.limits.maxUsers)},
            {"max_history", std::to_string(o.limits.maxHistory)}};
}

/// Throws std::invalid_argument (caught as a Schema error) on a value that does not parse.
void applyImportOption(ImportOptions& o, const std::string& key, const std::string& value) {
    CatalogColumns& c = o.catalogColumns;
    if (key == "format") {
        auto f = parseFormatName(value);
        if (!f)
            throw std::invalid_argument("import option format: " + f.error().message);
        o.format = *f;
    } else if (key == "catalog_path")
        o.catalogPath = value;
    else if (key == "user_column")
        o.userColumn = value;
    else if (key == "item_column")
        o.itemColumn = value;
    else if (key == "time_column")
        o.timeColumn = value;
    else if (key == "catalog_item_column")
        c.item = value;
    else if (key == "catalog_title_column")
        c.title = value;
    else if (key == "catalog_category_columns") {
        auto j = nlohmann::json::parse(value, nullptr, false);
        if (!j.is_array())
            throw std::invalid_argument("import option " + key + " is not a JSON array");
        c.category.clear();
        for (const auto& e : j) {
            if (!e.is_string())
                throw std::invalid_argument("import option " + key + " holds a non-string");
            c.category.push_back(e.get<std::string>());
        }
    } else if (key == "catalog_brand_column")
        c.brand = value;
    else if (key == "catalog_price_column")
        c.price = value;
    else if (key == "k_core")
        o.kCore = std::stoi(value);
    else if (key == "max_items")
        o.limits.maxItems = std::stoll(value);
    else if (key == "max_users")
        o.limits.maxUsers = std::stoll(value);
    else if (key == "max_history")
        o.limits.maxHistory = std::stoll(value);
    // Other keys: written by a later build of the same schema version; ignored.
}

void writeAll(Database& db, const Project& p) {
    db.exec(kSchema);
    Statement kv(db.handle(), "INSERT INTO project (key, value) VALUES (?, ?)");
    kv.bind(1, std::string("dataset_path")).bind(2, p.datasetPath).run();
    // A key of the key/value table, not a new table: files of schema version 1 without it still
    // open (no note), and builds before it ignore the key.
    if (!p.note.empty())
        kv.bind(1, std::string("note")).bind(2, p.note).run();
    Statement io(db.handle(), "INSERT INTO import_options (key, value) VALUES (?, ?)");
    for (const auto& [k, v] : importOptionRows(p.importOptions))
        io.bind(1, k).bind(2, v).run();
    std::int64_t n = 0;
    Statement ck(db.handle(), "INSERT INTO checkpoints VALUES (?, ?)");
    for (const std::string& c : p.checkpoints)
        if (!c.empty())
            ck.bind(1, n++).bind(2, c).run();
    Statement st(db.handle(), "INSERT INTO settings VALUES (?, ?, ?)");
    n = 0;
    for (const Setting& s : p.settings)
        st.bind(1, n++).bind(2, s.key).bind(3, s.value).run();
    Statement pc(db.handle(), "INSERT INTO pinned_customers VALUES (?, ?, ?)");
    n = 0;
    for (const PinnedCustomer& c : p.pinnedCustomers)
        pc.bind(1, n++).bind(2, c.customer).bind(3, c.checkpoint).run();
    Statement bm(db.handle(), "INSERT INTO bookmarks VALUES (?, ?, ?, ?)");
    n = 0;
    for (const Bookmark& b : p.bookmarks)
        bm.bind(1, n++).bind(2, b.customer).bind(3, b.target).bind(4, b.label).run();
    Statement we(db.handle(), "INSERT INTO what_if_edits VALUES (?, ?, ?, ?, ?, ?)");
    n = 0;
    for (const WhatIfEdit& e : p.whatIfEdits)
        we.bind(1, n++)
            .bind(2, e.customer)
            .bind(3, e.kind)
            .bind(4, std::int64_t{e.position})
            .bind(5, e.item)
            .bind(6, std::int64_t{e.toPosition})
            .run();
    Statement nt(db.handle(), "INSERT INTO notes VALUES (?, ?, ?, ?, ?)");
    n = 0;
    for (const Note& x : p.notes)
        nt.bind(1, n++).bind(2, x.customer).bind(3, x.target).bind(4, x.text).bind(5, x.time).run();
    Statement fb(db.handle(), "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?)");
    n = 0;
    for (const Feedback& f : p.feedback)
        fb.bind(1, n++)
            .bind(2, f.customer)
            .bind(3, f.target)
            .bind(4, f.method)
            .bind(5, std::string(feedbackRatingName(f.rating)))
            .bind(6, f.comment)
            .bind(7, f.time)
            .run();
}

Project readAll(Database& db) {
    Project p;
    sqlite3* h = db.handle();
    for (Statement s(h, "SELECT key, value FROM project"); s.next();)
        if (s.text(0) == "dataset_path")
            p.datasetPath = s.text(1);
        else if (s.text(0) == "note")
            p.note = s.text(1);
    for (Statement s(h, "SELECT key, value FROM import_options"); s.next();)
        applyImportOption(p.importOptions, s.text(0), s.text(1));
    for (Statement s(h, "SELECT path FROM checkpoints ORDER BY position"); s.next();)
        p.checkpoints.push_back(s.text(0));
    for (Statement s(h, "SELECT key, value FROM settings ORDER BY position"); s.next();)
        p.settings.push_back({s.text(0), s.text(1)});
    for (Statement s(h, "SELECT customer, checkpoint FROM pinned_customers ORDER BY position");
         s.next();)
        p.pinnedCustomers.push_back({s.text(0), s.text(1)});
    for (Statement s(h, "SELECT customer, target, label FROM bookmarks ORDER BY position");
         s.next();)
        p.bookmarks.push_back({s.text(0), s.text(1), s.text(2)});
    for (Statement s(h, "SELECT customer, kind, edit_position, item, to_position "
                        "FROM what_if_edits ORDER BY position");
         s.next();)
        p.whatIfEdits.push_back({s.text(0), s.text(1), static_cast<int>(s.integer(2)), s.text(3),
                                 static_cast<int>(s.integer(4))});
    for (Statement s(h, "SELECT customer, target, text, time FROM notes ORDER BY position");
         s.next();)
        p.notes.push_back({s.text(0), s.text(1), s.text(2), s.integer(3)});
    for (Statement s(h, "SELECT customer, target, method, rating, comment, time "
                        "FROM feedback ORDER BY position");
         s.next();) {
        Feedback f{s.text(0), s.text(1),   s.text(2), FeedbackRating::Helpful,
                   s.text(4), s.integer(5)};
        if (!parseFeedbackRating(s.text(3), f.rating))
            throw std::invalid_argument("feedback rating '" + s.text(3) +
                                        "' is not helpful, wrong or unclear");
        p.feedback.push_back(std::move(f));
    }
    return p;
}

Error projectError(ErrorCode code, const std::string& path, const std::string& what) {
    return makeError(code, path, 0, 0, what);
}

} // namespace

Expected<Project> loadProject(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return projectError(ErrorCode::Io, path, "cannot open the project: no such file");
    try {
        Database db(path, /*create=*/false);
        std::int64_t appId = 0, version = 0;
        try {
            appId = db.scalar("PRAGMA application_id");
            version = db.scalar("PRAGMA user_version");
        } catch (const SqliteError& e) {
            if (e.code == SQLITE_NOTADB || e.code == SQLITE_CORRUPT)
                return projectError(ErrorCode::Parse, path,
                                    "not a RecLens project: the file is not an SQLite database "
                                    "or is damaged (" +
                                        std::string(e.what()) + ")");
            throw;
        }
        if (appId != kProjectApplicationId)
            return projectError(ErrorCode::Schema, path,
                                "not a RecLens project: an SQLite database of another "
                                "application (application_id " +
                                    std::to_string(appId) + ", expected " +
                                    std::to_string(kProjectApplicationId) + ")");
        if (version > kProjectSchemaVersion)
            return projectError(
                ErrorCode::Schema, path,
                "written by a newer RecLens: project format version " + std::to_string(version) +
                    ", this RecLens reads versions 1 to " + std::to_string(kProjectSchemaVersion) +
                    " (update RecLens to open it)");
        if (version < 1)
            return projectError(ErrorCode::Schema, path,
                                "damaged RecLens project: format version " +
                                    std::to_string(version) + " (expected 1 to " +
                                    std::to_string(kProjectSchemaVersion) + ")");
        return readAll(db);
    } catch (const SqliteError& e) {
        const bool damaged = e.code == SQLITE_NOTADB || e.code == SQLITE_CORRUPT;
        return projectError(
            damaged                     ? ErrorCode::Parse
            : e.code == SQLITE_CANTOPEN ? ErrorCode::Io
                                        : ErrorCode::Schema,
            path,
            std::string(damaged ? "damaged RecLens project: " : "cannot read the project: ") +
                e.what());
    } catch (const std::exception& e) {
        return projectError(ErrorCode::Schema, path,
                            std::string("damaged RecLens project: ") + e.what());
    }
}

Status saveProject(const std::string& path, const Project& project) {
    return writeFileAtomicallyVia(path, [&](const std::string& tempPath) {
        try {
            Database db(tempPath, /*create=*/true);
            // The temporary is discarded unless complete, so SQLite's journal would only add a
            // "-journal" file a kill could leave behind; writeFileAtomicallyVia fsyncs it.
            db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
            db.exec("PRAGMA application_id = " + std::to_string(kProjectApplicationId) +
                    "; PRAGMA user_version = " + std::to_string(kProjectSchemaVersion) + ";");
            db.exec("BEGIN IMMEDIATE");
            writeAll(db, project);
            db.exec("COMMIT");
            return true;
        } catch (const SqliteError& e) {
            throw std::runtime_error(std::string("SQLite: ") + e.what());
        }
    });
}

} // namespace reclens
