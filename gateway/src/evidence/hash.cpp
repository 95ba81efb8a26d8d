#include "evidence/hash.hpp"

#include <sodium.h>

namespace vigie::evidence {

namespace {

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Hash sha256(std::string_view bytes) {
  // crypto_hash_sha256 needs no sodium_init: it is plain code, no RNG or CPU dispatch.
  Hash out{};
  crypto_hash_sha256(out.data(), bytes_of(bytes), bytes.size());
  return out;
}

static_assert(sizeof(crypto_hash_sha256_state) <= 128);

Sha256Stream::Sha256Stream() {
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()));
}

void Sha256Stream::update(std::string_view bytes) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()),
                            bytes_of(bytes), bytes.size());
}

Hash Sha256Stream::finish() {
  Hash out{};
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()), out.data());
  return out;
}

std::string to_hex(const Hash& hash) {
  std::string out(hash.size() * 2 + 1, '\0');  // sodium writes a terminating NUL
  sodium_bin2hex(out.data(), out.size(), hash.data(), hash.size());
  out.pop_back();
  return out;
}

std::optional<Hash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  Hash out{};
  std::size_t written = 0;
  // No ignore set and no end pointer: sodium fails unless every character is a hex digit.
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, nullptr) !=
          0 ||
      written != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(), variant);
  out.pop_back();  // the encoded length counts the terminating NUL
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  // Canonical padded base64 always comes in groups of four characters; checking here
  // also keeps sodium from accepting a short final group.
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  std::size_t written = 0;
  // With a null end pointer sodium rejects trailing garbage; the ORIGINAL variant
  // requires exact padding and zero leftover bits.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &written, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

}  // namespace vigie::evidence
