#include "file_flash.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace vigie::posix {
namespace {

constexpr off_t kStoreSize = off_t{FileFlash::kPageSize} * FileFlash::kPageCount;

bool full_pread(int fd, void* out, std::size_t size, off_t at) {
  auto* p = static_cast<char*>(out);
  while (size > 0) {
    ssize_t n = ::pread(fd, p, size, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
    at += n;
  }
  return true;
}

bool full_pwrite(int fd, const void* data, std::size_t size, off_t at) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::pwrite(fd, p, size, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
    at += n;
  }
  return true;
}

}  // namespace

FileFlash::~FileFlash() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileFlash::open(const std::string& path, std::string& error) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    error = path + " is in use by another vigie-node";
    return false;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    error = "cannot stat " + path + ": " + std::strerror(errno);
    return false;
  }
  if (st.st_size == 0) {
    // A new store: every page erased. The journal formats it at mount.
    std::vector<std::uint8_t> erased(kPageSize, 0xFF);
    for (std::uint32_t p = 0; p < kPageCount; ++p) {
      if (!full_pwrite(fd_, erased.data(), erased.size(), off_t{p} * kPageSize)) {
        error = "cannot initialise " + path + ": " + std::strerror(errno);
        return false;
      }
    }
    if (::fsync(fd_) != 0) {
      error = "cannot sync " + path + ": " + std::strerror(errno);
      return false;
    }
    return true;
  }
  if (st.st_size != kStoreSize) {
    error = path + " is not a vigie-node store (" + std::to_string(st.st_size) +
            " bytes, expected " + std::to_string(kStoreSize) + ")";
    return false;
  }
  return true;
}

bool FileFlash::read(std::uint32_t offset, void* out, std::size_t size) {
  return fd_ >= 0 && offset + size <= static_cast<std::uint64_t>(kStoreSize) &&
         full_pread(fd_, out, size, offset);
}

bool FileFlash::program(std::uint32_t offset, const void* data, std::size_t size) {
  return write(offset, data, size);
}

bool FileFlash::erase_page(std::uint32_t page) {
  if (page >= kPageCount) return false;
  static const std::vector<std::uint8_t> erased(kPageSize, 0xFF);
  return write(page * kPageSize, erased.data(), erased.size());
}

// The file never grows after creation, so fdatasync is as durable as fsync.
bool FileFlash::sync() {
  return fd_ >= 0 && ::fdatasync(fd_) == 0;
}

bool FileFlash::write(std::uint32_t offset, const void* data, std::size_t size) {
  if (fd_ < 0 || offset + size > static_cast<std::uint64_t>(kStoreSize)) return false;
  if (!full_pwrite(fd_, data, size, offset)) return false;
  return !sync_each_write_ || sync();
}

}  // namespace vigie::posix
