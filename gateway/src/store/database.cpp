#include "store/database.hpp"

#include <mutex>

namespace vigie::store {
namespace {

// Once per process, before SQLite initialises: no memory statistics. Nothing reads them,
// and keeping them takes a global mutex around every allocation SQLite makes (issue 15:
// the ingest thread's profile). Refused (SQLITE_MISUSE) if SQLite is already initialised,
// which changes nothing but the speed.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

void throw_sqlite(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw StoreError(msg, rc);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db, rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (int rc = sqlite3_bind_double(stmt_, i, v); rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  if (int rc = sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
      rc != SQLITE_OK)
    throw_sqlite(db_, rc, "bind");
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view bytes) {
  if (int rc = sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()),
                                 SQLITE_TRANSIENT);
      rc != SQLITE_OK)
    throw_sqlite(db_, rc, "bind");
  return *this;
}
Statement& Statement::bind_null(int i) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  throw_sqlite(db_, rc, "step");
}

int Statement::run() {
  step();
  const int changes = sqlite3_changes(db_);
  reset();
  return changes;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::optional<std::string> Statement::optional_text(int col) const {
  return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
}

std::optional<std::int64_t> Statement::optional_int64(int col) const {
  return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
}
std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

Database::Database(const std::filesystem::path& file, const OpenOptions& options)
    : file_(file), write_gate_(write_gate_of(file)) {
  configure_sqlite_once();
  if (!options.read_only && file.has_parent_path())
    std::filesystem::create_directories(file.parent_path());
  const int flags =
      options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg =
        "open " + file.string() + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(msg, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(kBusyTimeout.count()));
  try {
    // SQLite falls back to reading a file it may not write: say so now, not at the first commit.
    if (!options.read_only && sqlite3_db_readonly(db_, "main") == 1)
      throw StoreError(file.string() + " is read-only: the gateway must be able to write it",
                       SQLITE_READONLY);
    // Reading the schema first turns a corrupt or foreign file into a clear error here.
    try {
      scalar("SELECT count(*) FROM sqlite_master");
    } catch (const StoreError& e) {
      if ((e.code() & 0xff) != SQLITE_CANTOPEN && (e.code() & 0xff) != SQLITE_READONLY) throw;
      // In WAL mode SQLite needs FILE-wal and FILE-shm beside the store.
      throw StoreError(std::string(e.what()) + " (the directory " + file.parent_path().string() +
                           " must let the gateway create the store's -wal and -shm files)",
                       e.code());
    }
    if (!options.read_only) {
      // ":memory:" (vigie replay) has no journal to speak of.
      const std::string wanted = file == ":memory:" ? "memory" : "wal";
      Statement mode(db_, "PRAGMA journal_mode=WAL");
      if (!mode.step() || mode.text(0) != wanted)
        throw StoreError(file.string() + ": cannot switch to WAL journal mode", SQLITE_ERROR);
    }
    exec("PRAGMA synchronous=" + options.synchronous);
    exec("PRAGMA foreign_keys=ON");
    if (options.cache_kib > 0) exec("PRAGMA cache_size=-" + std::to_string(options.cache_kib));
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Database::~Database() {
  sqlite3_close(db_);
}

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw StoreError(std::string(sql.substr(0, 60)) + ": " + msg, rc);
  }
}

std::int64_t Database::scalar(std::string_view sql) {
  Statement s(db_, sql);
  return s.step() ? s.int64(0) : 0;
}

Transaction::Transaction(Database& db) : db_(db), gate_(db.write_gate(), std::defer_lock) {
  // Bounded: a writer that never lets go (or a second transaction opened by the thread that
  // holds the gate) leaves SQLite's own lock and busy timeout to decide.
  (void)gate_.try_lock_for(kBusyTimeout);
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
      // A failed rollback leaves SQLite to roll back from the journal at next open.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
  if (gate_.owns_lock()) gate_.unlock();
}

}  // namespace vigie::store
