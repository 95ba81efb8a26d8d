// One gateway per store: an exclusive lock on a file beside the store
// (STORE.lock, holding the owner's process id), taken before anything reads or
// writes the store and held for the process's life. A second gateway on the
// same store is refused and touches nothing. Other tools (backup, audit
// export) read the store without it: SQLite's own locking covers them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace vigie::store {

class StoreLock {
 public:
  // Takes the lock for STORE, or returns nullopt and sets WHY ("store X is in
  // use by process N", or why the lock file cannot be opened).
  static std::optional<StoreLock> acquire(const std::filesystem::path& store, std::string& why);

  StoreLock(StoreLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  StoreLock& operator=(StoreLock&&) = delete;
  StoreLock(const StoreLock&) = delete;
  ~StoreLock();

  static std::filesystem::path lock_file(const std::filesystem::path& store);

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace vigie::store
