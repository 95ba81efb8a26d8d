#include "store/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <system_error>
#include <thread>

#include "store/integrity.hpp"

namespace vigie::store {
namespace {

// Flushes FILE (or a directory, for a rename in it) to disk.
void sync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw StoreError("cannot open " + path.string() + " to sync it", SQLITE_IOERR);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw StoreError("cannot sync " + path.string(), SQLITE_IOERR);
}

// A plain connection to the new file: not the gateway's WAL setup, which a
// backup destination must not be in while pages are copied into it.
struct Target {
  explicit Target(const std::filesystem::path& file) {
    const int rc =
        sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      const std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close(db);
      throw StoreError("cannot write " + file.string() + ": " + msg, rc);
    }
  }
  ~Target() { sqlite3_close(db); }
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;
  sqlite3* db = nullptr;
};

// Copies every page in one step: a read transaction on SOURCE holds one
// consistent snapshot however much the gateway writes meanwhile.
std::int64_t copy_pages(Database& source, sqlite3* target) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source.handle(), "main");
  if (!backup) throw_sqlite(target, sqlite3_errcode(target), "backup");
  int rc;
  for (int attempt = 0;; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt == 100) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw_sqlite(target, rc, "backup");
  return pages;
}

}  // namespace

BackupResult backup_store(const std::filesystem::path& source, const std::filesystem::path& out) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec))
    throw StoreError("no store at " + source.string(), SQLITE_CANTOPEN);
  const auto dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir, ec))
    throw StoreError("cannot write " + out.string() + ": " + dir.string() + " is not a directory",
                     SQLITE_CANTOPEN);
  if (std::filesystem::is_directory(out, ec))
    throw StoreError("cannot write " + out.string() + ": it is a directory", SQLITE_CANTOPEN);

  auto temp = out;
  temp += ".tmp-" + std::to_string(::getpid());
  const auto remove_temp = [&] {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      auto p = temp;
      p += suffix;
      std::filesystem::remove(p, ec);
    }
  };
  remove_temp();
  BackupResult result;
  try {
    {
      Database from(source, {"FULL", true});
      Target to(temp);
      result.pages = copy_pages(from, to.db);
      // The copy carries the source's WAL flag; a backup is better one plain file.
      char* err = nullptr;
      if (sqlite3_exec(to.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw StoreError("cannot make " + temp.string() + " a plain file: " + msg, SQLITE_ERROR);
      }
    }
    if (auto problem = integrity_problem(temp))
      throw StoreError("the copy " + temp.string() + " fails its integrity check: " + *problem,
                       SQLITE_CORRUPT);
    {
      Database check(temp, {"FULL", true});
      result.events = check.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'events'")
                          ? check.scalar("SELECT count(*) FROM events")
                          : 0;
    }
    sync_path(temp, O_RDONLY);
    std::filesystem::rename(temp, out);
    sync_path(dir, O_RDONLY | O_DIRECTORY);
  } catch (const std::filesystem::filesystem_error& e) {
    remove_temp();
    throw StoreError(std::string("cannot write ") + out.string() + ": " + e.what(), SQLITE_IOERR);
  } catch (...) {
    remove_temp();
    throw;
  }
  return result;
}

}  // namespace vigie::store
