#include "store/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigie::store {

std::filesystem::path StoreLock::lock_file(const std::filesystem::path& store) {
  return store.string() + ".lock";
}

StoreLock::Outcome StoreLock::acquire(const std::filesystem::path& store,
                                      std::optional<StoreLock>& lock, std::string& why) {
  const auto path = lock_file(store);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    why = "cannot open the lock file " + path.string() + ": " + std::strerror(errno);
    return Outcome::unavailable;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    if (err == EWOULDBLOCK) {
      why = "store " + store.string() + " is in use by process " +
            (pid.empty() ? std::string("(unknown)") : pid) + " (lock " + path.string() + ")";
      return Outcome::in_use;
    }
    why = "cannot lock " + path.string() + ": " + std::strerror(err);
    return Outcome::unavailable;
  }
  // Ours now: say who holds it.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds regardless; the pid is only for the message of a second gateway.
  }
  lock.emplace(StoreLock(fd));
  return Outcome::held;
}

StoreLock::~StoreLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace vigie::store
