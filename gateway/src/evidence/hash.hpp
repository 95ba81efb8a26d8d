// SHA-256 and the two text encodings the evidence formats use (lowercase hex,
// standard padded base64). Decoders are strict: anything but the canonical
// encoding is refused, so one value has exactly one accepted spelling.
// SHA-256 is OpenSSL's libcrypto (SHA-NI or AVX2 where the CPU has them: about
// four times libsodium's portable code on the audit pack's entries).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::evidence {

using Hash = std::array<std::uint8_t, 32>;

Hash sha256(std::string_view bytes);
// SHA-256 of the pieces one after the other, without joining them.
Hash sha256(std::initializer_list<std::string_view> pieces);

// SHA-256 of bytes given in pieces, for files read or written a block at a time.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void update(std::string_view bytes);
  Hash finish();  // once

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

// Lowercase hex, 64 characters.
std::string to_hex(const Hash& hash);
// Exactly 64 hex digits (either case); anything else -> nullopt.
std::optional<Hash> hash_from_hex(std::string_view hex);

// RFC 4648 sec. 4 alphabet, with '=' padding.
std::string base64_encode(std::string_view bytes);
// Refuses missing or extra padding, characters outside the alphabet (including
// whitespace and newlines) and non-zero trailing bits.
std::optional<std::string> base64_decode(std::string_view text);

// The bytes of a hash viewed as a string, for feeding into sha256/base64.
inline std::string_view as_bytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

}  // namespace vigie::evidence
