#include "store/integrity.hpp"

#include <sqlite3.h>

#include <system_error>

namespace vigie::store {
namespace {

// FILE as a read-only SQLite URI. Without a -wal beside it the file alone is the
// database: immutable=1 then keeps SQLite from creating -wal and -shm files for
// a WAL-mode store, so a refused store is left exactly as it was found.
std::string read_only_uri(const std::filesystem::path& file) {
  std::string uri = "file:";
  for (const unsigned char c : file.string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 0xF];
    } else {
      uri += static_cast<char>(c);
    }
  }
  std::error_code ec;
  auto wal = file;
  wal += "-wal";
  const bool has_wal = std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) > 0;
  return uri + (has_wal ? "?mode=ro" : "?mode=ro&immutable=1");
}

// Runs PRAGMA on FILE opened read-only; every line that is not "ok", or
// SQLite's error if the file cannot be read as a database. With ONLY_DAMAGE,
// errors that say nothing of the content (cannot open, busy) are left to the
// caller's own open, which reports them.
std::optional<std::string> check(const std::filesystem::path& file, const char* pragma,
                                 bool only_damage) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(read_only_uri(file).c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                           nullptr);
  std::string problems;
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    rc = sqlite3_prepare_v2(db, pragma, -1, &stmt, nullptr);
    while (rc == SQLITE_OK) {
      const int step = sqlite3_step(stmt);
      if (step == SQLITE_DONE) break;
      if (step != SQLITE_ROW) {
        rc = step;
        break;
      }
      const auto* line = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      const std::string text = line ? line : "";
      if (text != "ok") problems += (problems.empty() ? "" : "; ") + text;
    }
    sqlite3_finalize(stmt);
  }
  std::optional<std::string> result;
  const int primary = rc & 0xff;
  if (rc != SQLITE_OK && only_damage && primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB)
    result = std::nullopt;
  else if (rc != SQLITE_OK)
    result = std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + " (SQLite code " +
             std::to_string(rc) + ")";
  else if (!problems.empty())
    result = problems;
  sqlite3_close(db);
  return result;
}

}  // namespace

std::optional<std::string> store_damage(const std::filesystem::path& file) {
  std::error_code ec;
  // A missing or empty file is a store not created yet.
  if (!std::filesystem::exists(file, ec) || std::filesystem::file_size(file, ec) == 0 || ec)
    return std::nullopt;
  return check(file, "PRAGMA quick_check", true);
}

std::optional<std::string> start_refusal(const std::filesystem::path& file, EmptyStore empty) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec) && std::filesystem::file_size(file, ec) == 0 && !ec) {
    auto wal = file;
    wal += "-wal";
    if (std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) > 0 && !ec)
      return "the store " + file.string() + " is empty (0 bytes) but " + wal.string() +
             " beside it is not: it may hold the store's last transactions; both are left "
             "untouched: restore a backup or move both away";
    if (empty == EmptyStore::refuse)
      return "the store " + file.string() +
             " is empty (0 bytes): it is left untouched, as a store lost by accident may be; "
             "restore a backup, or start the gateway once with --init to create a new store in "
             "its place";
    return std::nullopt;
  }
  if (const auto damage = store_damage(file))
    return "the store " + file.string() + " is damaged: " + *damage +
           "; it is left untouched: restore a backup or move it away";
  return std::nullopt;
}

std::optional<std::string> integrity_problem(const std::filesystem::path& file) {
  return check(file, "PRAGMA integrity_check", false);
}

}  // namespace vigie::store
