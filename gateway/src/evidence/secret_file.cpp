#include "evidence/secret_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vigie::evidence {
namespace {

std::runtime_error file_error(const std::filesystem::path& file, const std::string& what) {
  return std::runtime_error(file.string() + ": " + what);
}

std::string errno_text() {
  return std::strerror(errno);
}

void write_all(int fd, std::string_view data, const std::filesystem::path& file) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw file_error(file, "cannot write: " + errno_text());
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

bool create_secret_file(const std::filesystem::path& file, std::string_view bytes) {
  std::error_code ec;
  if (file.has_parent_path()) {
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) throw file_error(file, "cannot create its directory: " + ec.message());
  }
  unsigned char nonce[8];
  randombytes_buf(nonce, sizeof nonce);
  char nonce_hex[2 * sizeof nonce + 1];
  sodium_bin2hex(nonce_hex, sizeof nonce_hex, nonce, sizeof nonce);
  std::filesystem::path tmp = file;
  tmp += std::string(".tmp-") + nonce_hex;

  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw file_error(file, "cannot create " + tmp.string() + ": " + errno_text());
  try {
    // The umask may only remove bits; set the mode explicitly all the same.
    if (::fchmod(fd, 0600) != 0) throw file_error(file, "cannot set mode 0600: " + errno_text());
    write_all(fd, bytes, file);
    if (::fsync(fd) != 0) throw file_error(file, "cannot sync: " + errno_text());
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);

  // link() fails if the name exists: a concurrent creator is never overwritten.
  const bool linked = ::link(tmp.c_str(), file.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (!linked) {
    if (link_errno == EEXIST) return false;
    throw file_error(file, std::string("cannot create: ") + std::strerror(link_errno));
  }
  // The new directory entry durable too (best effort: not every filesystem allows it).
  const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

}  // namespace vigie::evidence
