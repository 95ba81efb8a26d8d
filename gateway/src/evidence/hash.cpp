#include "evidence/hash.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <stdexcept>

namespace vigie::evidence {

namespace {

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Fetched once: EVP_Digest with a name looked up on every call costs more than
// hashing a short entry.
const EVP_MD* sha256_md() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no SHA-256");
    return fetched;
  }();
  return md;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_MD_CTX, CtxFree>;

CtxPtr new_context() {
  CtxPtr c(EVP_MD_CTX_new());
  if (!c || EVP_DigestInit_ex2(c.get(), sha256_md(), nullptr) != 1)
    throw std::runtime_error("cannot start a SHA-256");
  return c;
}

Hash final_of(EVP_MD_CTX* c) {
  Hash out{};
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(c, out.data(), &n) != 1 || n != out.size())
    throw std::runtime_error("cannot finish a SHA-256");
  return out;
}

}  // namespace

Hash sha256(std::string_view bytes) {
  Hash out{};
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &n, sha256_md(), nullptr) != 1 ||
      n != out.size())
    throw std::runtime_error("cannot compute a SHA-256");
  return out;
}

Hash sha256(std::initializer_list<std::string_view> pieces) {
  // One context a thread, reset for each hash: a leaf or a node is hashed per entry.
  thread_local const CtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr) != 1)
    throw std::runtime_error("cannot start a SHA-256");
  for (const auto piece : pieces) EVP_DigestUpdate(ctx.get(), piece.data(), piece.size());
  return final_of(ctx.get());
}

struct Sha256Stream::Context {
  CtxPtr ctx = new_context();
};

Sha256Stream::Sha256Stream() : ctx_(std::make_unique<Context>()) {}
Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::update(std::string_view bytes) {
  EVP_DigestUpdate(ctx_->ctx.get(), bytes.data(), bytes.size());
}

Hash Sha256Stream::finish() {
  return final_of(ctx_->ctx.get());
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
