#include "custody/pseudonym.hpp"

#include <sodium.h>

#include <fstream>
#include <stdexcept>

#include "evidence/secret_file.hpp"

namespace vigie::custody {

PseudonymKey::PseudonymKey(const std::filesystem::path& file) {
  // Two rounds at most: if another process wins the race to create the file, read its key.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::ifstream in(file, std::ios::binary);
    if (in) {
      key_.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (key_.size() != crypto_auth_hmacsha256_KEYBYTES)
        throw std::runtime_error(file.string() + ": a pseudonym key holds 32 bytes, this one " +
                                 std::to_string(key_.size()));
      return;
    }
    key_.resize(crypto_auth_hmacsha256_KEYBYTES);
    randombytes_buf(key_.data(), key_.size());
    try {
      if (evidence::create_secret_file(file, key_)) return;
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(std::string("cannot create pseudonym key ") + e.what());
    }
  }
  throw std::runtime_error("pseudonym key " + file.string() +
                           " appeared and vanished while being created");
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

}  // namespace vigie::custody
