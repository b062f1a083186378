#pragma once
// A minimal RAII wrapper over libsqlite3 for the project file: open, run statements, bind and
// read columns. Every failure throws SqliteError carrying SQLite's own message; projectfile.cpp
// turns it into an Error naming the project file.

#include <cstdint>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace reclens::sqlite {

struct SqliteError : std::runtime_error {
    SqliteError(int code, const std::string& what)
        : std::runtime_error(what)
        , code(code) {}
    int code; // SQLite primary result code (SQLITE_NOTADB, SQLITE_CORRUPT, ...)
};

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Binds parameter `index` (1-based).
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, std::int64_t value);
    /// Runs an INSERT/UPDATE to completion, then resets for the next bind.
    void run();
    /// Steps a query: true while a row is available.
    bool next();
    std::string text(int column) const;
    std::int64_t integer(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    /// Opens `path`; `create` = create it when missing (and read-write), else read-only.
    Database(const std::string& path, bool create);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    /// The single integer a PRAGMA or query returns.
    std::int64_t scalar(const std::string& sql);
    bool hasTable(const std::string& name);
    sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

} // namespace reclens::sqlite
