#include "api/token_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace vigie::api {

namespace {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; doing it here spares every caller the duty.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

TokenHash token_sha256(std::string_view token) {
  ensure_sodium();
  static_assert(std::tuple_size_v<TokenHash> == crypto_hash_sha256_BYTES);
  TokenHash out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return out;
}

std::string token_sha256_hex(std::string_view token) {
  const TokenHash hash = token_sha256(token);
  std::string hex(hash.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  hex.pop_back();  // sodium writes a terminating NUL
  return hex;
}

std::optional<TokenHash> parse_sha256_hex(std::string_view hex) {
  ensure_sodium();
  TokenHash out{};
  if (hex.size() != out.size() * 2) return std::nullopt;
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, &end) !=
          0 ||
      written != out.size() || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace vigie::api
