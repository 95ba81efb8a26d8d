#include "app/pseudonym.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace vigie::app {

PseudonymKey::PseudonymKey(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (in) {
    key_.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key_.size() != crypto_auth_hmacsha256_KEYBYTES)
      throw std::runtime_error(file.string() + ": a pseudonym key holds 32 bytes, this one " +
                               std::to_string(key_.size()));
    return;
  }
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  key_.resize(crypto_auth_hmacsha256_KEYBYTES);
  randombytes_buf(key_.data(), key_.size());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || ::write(fd, key_.data(), key_.size()) != static_cast<ssize_t>(key_.size()) ||
      ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot create pseudonym key " + file.string());
  }
  ::close(fd);
}

std::string PseudonymKey::pseudonym(const std::string& id) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(id.data()), id.size(),
                         reinterpret_cast<const unsigned char*>(key_.data()));
  static const char* hex = "0123456789abcdef";
  std::string out = "p-";
  for (int i = 0; i < 12; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 15]);
  }
  return out;
}

}  // namespace vigie::app
