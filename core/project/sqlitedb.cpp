#include "project/sqlitedb.h"

#include <sqlite3.h>

namespace reclens::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc) {
    throw SqliteError(rc & 0xff, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

} // namespace

Statement::Statement(sqlite3* db, const std::string& sql)
    : m_db(db) {
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr);
    if (rc != SQLITE_OK)
        fail(db, rc);
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, const std::string& value) {
    const int rc = sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        fail(m_db, rc);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        fail(m_db, rc);
    return *this;
}

void Statement::run() {
    const int rc = sqlite3_step(m_stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        fail(m_db, rc);
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::next() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        fail(m_db, rc);
    return false;
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n))
             : std::string();
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

Database::Database(const std::string& path, bool create) {
    const int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string what = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError(rc & 0xff, what);
    }
}

Database::~Database() {
    sqlite3_close(m_db);
}

void Database::exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string what = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc & 0xff, what);
    }
}

std::int64_t Database::scalar(const std::string& sql) {
    Statement s(m_db, sql);
    return s.next() ? s.integer(0) : 0;
}

bool Database::hasTable(const std::string& name) {
    Statement s(m_db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?");
    s.bind(1, name);
    return s.next() && s.integer(0) > 0;
}

} // namespace reclens::sqlite
