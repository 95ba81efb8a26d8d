// An online copy of the store with SQLite's backup API: consistent while the
// gateway keeps writing (WAL), checked before it takes its final name.
#pragma once

#include <cstdint>
#include <filesystem>

#include "store/database.hpp"

namespace vigie::store {

struct BackupResult {
  std::int64_t pages = 0;
  std::int64_t events = 0;  // rows of the copy's events table
};

// Copies the store SOURCE to OUT: into a temporary file beside OUT, checked with
// PRAGMA integrity_check, made a self-contained file (rollback journal, no -wal),
// synced, then renamed over OUT. On failure OUT is untouched and the temporary
// file removed. Throws StoreError with what went wrong.
BackupResult backup_store(const std::filesystem::path& source, const std::filesystem::path& out);

}  // namespace vigie::store
