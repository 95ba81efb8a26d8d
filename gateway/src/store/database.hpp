// A thin RAII layer over SQLite: one connection, prepared statements,
// transactions. Errors throw StoreError with SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/write_gate.hpp"

namespace vigie::store {

class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Binding is 1-based, as in SQLite. std::nullopt binds NULL.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind_blob(int i, std::string_view bytes);
  Statement& bind_null(int i);
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // Returns true while a row is available.
  bool step();
  // Runs a statement that returns no rows; returns sqlite3_changes().
  int run();
  void reset();

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  // nullopt for NULL.
  std::optional<std::string> optional_text(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const;
  int columns() const { return sqlite3_column_count(stmt_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

struct OpenOptions {
  std::string synchronous = "FULL";
  bool read_only = false;
  // The connection's page cache in KiB; 0 keeps SQLite's default (2 MiB). Connections that
  // read back recent pages or serve HTTP need less (issue 15: peak RSS).
  int cache_kib = 0;
};

class Database {
 public:
  Database(const std::filesystem::path& file, const OpenOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  std::int64_t scalar(std::string_view sql);
  sqlite3* handle() { return db_; }
  const std::filesystem::path& file() const { return file_; }
  // Shared with every connection of this process to the same file (store/write_gate).
  WriteGate& write_gate() { return *write_gate_; }

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
  std::shared_ptr<WriteGate> write_gate_;
};

// Every row S gives from here on, each read by ROW_OF.
template <class RowOf>
auto rows_of(Statement& s, RowOf row_of) {
  std::vector<std::decay_t<decltype(row_of(std::as_const(s)))>> out;
  while (s.step()) out.push_back(row_of(std::as_const(s)));
  return out;
}

// The rows of SQL with ARGS bound to ?1, ?2, ..., each read by ROW_OF.
template <class RowOf, class... Args>
auto read_rows(Database& db, std::string_view sql, RowOf row_of, const Args&... args) {
  auto s = db.prepare(sql);
  int i = 0;
  (s.bind(++i, args), ...);
  return rows_of(s, row_of);
}

// BEGIN IMMEDIATE on construction, once the process's other writers of the file
// are done (store/write_gate); ROLLBACK on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  std::unique_lock<WriteGate> gate_;
  bool done_ = false;
};

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view what);

}  // namespace vigie::store
