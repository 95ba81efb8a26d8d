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
  enum class Outcome {
    held,         // ours for the process's life
    in_use,       // another process holds it: WHY names it
    unavailable,  // no lock file can be written beside the store (a read-only directory):
                  // nothing can write the store either, which the start-up check refuses
  };
  // Takes the lock for STORE into LOCK; WHY says what went wrong otherwise.
  static Outcome acquire(const std::filesystem::path& store, std::optional<StoreLock>& lock,
                         std::string& why);

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
