#include "evidence/signed_note.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "evidence/secret_file.hpp"

namespace vigie::evidence {

namespace {

using PublicKey = std::array<std::uint8_t, 32>;
using KeyId = std::array<std::uint8_t, 4>;

constexpr std::string_view kSigPrefix = "\u2014 ";  // EM DASH, space
constexpr std::size_t kMaxSignatures = 100;         // spec: accept at least 16
constexpr std::size_t kMaxKeyFileBytes = 4096;

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; key generation needs its RNG.
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string_view chars(const std::uint8_t* p, std::size_t n) {
  return {reinterpret_cast<const char*>(p), n};
}

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0x0f];
  }
  return out;
}

// Decodes UTF-8 strictly (no overlong forms, surrogates or values past U+10FFFF),
// calling accept(code point) for each; false when the bytes are not UTF-8 or
// accept refuses a code point.
template <typename Accept>
bool each_code_point(std::string_view s, Accept accept) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      len = 1, cp = b0;
    } else if ((b0 & 0xe0) == 0xc0) {
      len = 2, cp = b0 & 0x1f, min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
      len = 3, cp = b0 & 0x0f, min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (!accept(cp)) return false;
    i += len;
  }
  return true;
}

// The spec forbids ASCII control characters other than newline anywhere in a note.
bool valid_note_bytes(std::string_view s) {
  return each_code_point(s, [](char32_t cp) { return cp >= 0x20 || cp == U'\n'; });
}

// Unicode White_Space code points, which key names must not contain.
bool is_unicode_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
         cp == 0x205f || cp == 0x3000;
}

bool valid_key_name(std::string_view name) {
  return !name.empty() && each_code_point(name, [](char32_t cp) {
    return cp >= 0x20 && cp != U'+' && !is_unicode_space(cp);
  });
}

KeyId ed25519_key_id(std::string_view name, const PublicKey& pk, std::uint8_t type = kEd25519) {
  std::string buf(name);
  buf += '\n';
  buf += static_cast<char>(type);
  buf += chars(pk.data(), pk.size());
  const Hash h = sha256(buf);
  return {h[0], h[1], h[2], h[3]};
}

std::nullopt_t fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

// --- key file ---------------------------------------------------------------

std::runtime_error file_error(const std::filesystem::path& file, const std::string& what) {
  return std::runtime_error("key file " + file.string() + ": " + what);
}

std::string errno_text() {
  return std::strerror(errno);
}

// Contents of the file, or nullopt when it does not exist.
std::optional<std::string> read_key_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw file_error(file, "cannot open: " + errno_text());
  }
  std::string data;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = errno_text();
      ::close(fd);
      throw file_error(file, "cannot read: " + why);
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > kMaxKeyFileBytes) break;  // certainly malformed; stop reading
  }
  ::close(fd);
  return data;
}

std::array<std::uint8_t, 32> parse_seed(std::string text, const std::filesystem::path& file) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  std::optional<std::string> seed = base64_decode(text);
  sodium_memzero(text.data(), text.size());
  if (!seed || seed->size() != 32) {
    if (seed) sodium_memzero(seed->data(), seed->size());
    throw file_error(file, "malformed: expected the base64 of a 32-byte Ed25519 seed on one line");
  }
  std::array<std::uint8_t, 32> out{};
  std::memcpy(out.data(), seed->data(), out.size());
  sodium_memzero(seed->data(), seed->size());
  return out;
}

// Writes a new seed file (secret_file.hpp); false when another process created it first.
bool create_key_file(const std::filesystem::path& file, const std::array<std::uint8_t, 32>& seed) {
  std::string line = base64_encode(chars(seed.data(), seed.size())) + "\n";
  try {
    const bool created = create_secret_file(file, line);
    sodium_memzero(line.data(), line.size());
    return created;
  } catch (const std::runtime_error& e) {
    sodium_memzero(line.data(), line.size());
    throw std::runtime_error(std::string("key file ") + e.what());
  }
}

// --- note parsing ------------------------------------------------------------

struct SignatureLine {
  std::string_view name;
  KeyId key_id{};
  std::string signature;  // the bytes after the key id
};

std::optional<SignatureLine> parse_signature_line(std::string_view line) {
  if (line.substr(0, kSigPrefix.size()) != kSigPrefix) return std::nullopt;
  line.remove_prefix(kSigPrefix.size());
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  SignatureLine out;
  out.name = line.substr(0, space);
  if (!valid_key_name(out.name)) return std::nullopt;
  std::optional<std::string> raw = base64_decode(line.substr(space + 1));
  if (!raw || raw->size() < out.key_id.size() + 1) return std::nullopt;
  std::memcpy(out.key_id.data(), raw->data(), out.key_id.size());
  out.signature = raw->substr(out.key_id.size());
  return out;
}

bool parse_decimal(std::string_view text, std::uint64_t& out) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

// --- SigningKey ----------------------------------------------------------------

SigningKey::SigningKey(std::string name, const std::array<std::uint8_t, 32>& seed)
    : name_(std::move(name)) {
  crypto_sign_seed_keypair(public_key_.data(), secret_key_.data(), seed.data());
}

SigningKey::~SigningKey() {
  sodium_memzero(secret_key_.data(), secret_key_.size());
}

SigningKey SigningKey::load_or_create(const std::filesystem::path& file, const std::string& name) {
  if (!valid_key_name(name)) {
    throw std::invalid_argument("invalid key name \"" + name +
                                "\": it must be non-empty UTF-8 without '+' or spaces");
  }
  ensure_sodium();
  // Two rounds at most: if another process wins the race to create the file, read its key.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (std::optional<std::string> text = read_key_file(file)) {
      std::array<std::uint8_t, 32> seed = parse_seed(std::move(*text), file);
      SigningKey key(name, seed);
      sodium_memzero(seed.data(), seed.size());
      return key;
    }
    std::array<std::uint8_t, 32> seed{};
    randombytes_buf(seed.data(), seed.size());
    const bool created = create_key_file(file, seed);
    if (created) {
      SigningKey key(name, seed);
      sodium_memzero(seed.data(), seed.size());
      return key;
    }
    sodium_memzero(seed.data(), seed.size());
  }
  throw file_error(file, "appeared and vanished while being created");
}

std::array<std::uint8_t, 4> SigningKey::key_id(std::uint8_t type) const {
  return ed25519_key_id(name_, public_key_, type);
}

std::string SigningKey::verifier_key(std::uint8_t type) const {
  std::string key(1, static_cast<char>(type));
  key += chars(public_key_.data(), public_key_.size());
  return name_ + "+" + hex(key_id(type)) + "+" + base64_encode(key);
}

std::array<std::uint8_t, 64> SigningKey::sign_message(std::string_view message) const {
  std::array<std::uint8_t, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_key_.data());
  return sig;
}

std::string SigningKey::sign_note(const std::string& text) const {
  if (text.empty() || text.back() != '\n') {
    throw std::invalid_argument("sign_note: the text must end with a newline");
  }
  if (!valid_note_bytes(text)) {
    throw std::invalid_argument(
        "sign_note: the text must be UTF-8 without control characters other than newline");
  }
  const auto sig = sign_message(text);
  return text + "\n" + signature_line(name_, key_id(), chars(sig.data(), sig.size()));
}

// --- Verifier and open_note ------------------------------------------------------

std::optional<Verifier> Verifier::parse(std::string_view vkey, std::string* error,
                                        std::uint8_t type) {
  ensure_sodium();
  // The base64 part may itself contain '+', so cut only at the first two.
  const std::size_t p1 = vkey.find('+');
  if (p1 == std::string_view::npos) return fail(error, "malformed verifier key");
  const std::size_t p2 = vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return fail(error, "malformed verifier key");

  Verifier v;
  v.name = std::string(vkey.substr(0, p1));
  if (!valid_key_name(v.name)) return fail(error, "malformed verifier key: invalid key name");

  const std::string_view id_hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  std::size_t id_len = 0;
  if (id_hex.size() != 8 ||
      sodium_hex2bin(v.key_id.data(), v.key_id.size(), id_hex.data(), id_hex.size(), nullptr,
                     &id_len, nullptr) != 0 ||
      id_len != v.key_id.size()) {
    return fail(error, "malformed verifier key: key id is not 8 hex digits");
  }

  const std::optional<std::string> key = base64_decode(vkey.substr(p2 + 1));
  if (!key || key->empty()) return fail(error, "malformed verifier key: key is not base64");
  if (static_cast<std::uint8_t>((*key)[0]) != type) {
    if (type == kCosignatureV1 && static_cast<std::uint8_t>((*key)[0]) == kEd25519)
      return fail(error, "a log's key, not a witness's (cosignature/v1, type 0x04)");
    if (type == kEd25519 && static_cast<std::uint8_t>((*key)[0]) == kCosignatureV1)
      return fail(error, "a witness's key (cosignature/v1), not a log's");
    return fail(error, "unsupported verifier key type (only Ed25519 is supported)");
  }
  if (key->size() != 1 + v.public_key.size()) {
    return fail(error, "malformed verifier key: wrong Ed25519 key length");
  }
  std::memcpy(v.public_key.data(), key->data() + 1, v.public_key.size());
  if (ed25519_key_id(v.name, v.public_key, type) != v.key_id) {
    return fail(error, "verifier key id does not match its name and key");
  }
  return v;
}

bool Verifier::verifies(std::string_view message, std::string_view signature) const {
  ensure_sodium();
  return signature.size() == crypto_sign_BYTES &&
         crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

std::optional<SplitNote> split_note(std::string_view note, std::string* error) {
  if (!valid_note_bytes(note)) return fail(error, "malformed note");
  // Signature lines are never empty, so the last blank line is the separator;
  // the text keeps its final newline.
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return fail(error, "malformed note");
  SplitNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return fail(error, "malformed note");
  while (!sigs.empty()) {
    const std::size_t eol = sigs.find('\n');
    const std::optional<SignatureLine> sig = parse_signature_line(sigs.substr(0, eol));
    sigs.remove_prefix(eol + 1);
    if (!sig || out.signatures.size() >= kMaxSignatures) return fail(error, "malformed note");
    out.signatures.push_back({std::string(sig->name), sig->key_id, sig->signature});
  }
  return out;
}

std::string signature_line(const std::string& name, const std::array<std::uint8_t, 4>& key_id,
                           std::string_view signature) {
  std::string blob(chars(key_id.data(), key_id.size()));
  blob += signature;
  return std::string(kSigPrefix) + name + " " + base64_encode(blob) + "\n";
}

std::optional<std::string> open_note(std::string_view note, const Verifier& v, std::string* error) {
  std::optional<SplitNote> split = split_note(note, error);
  if (!split) return std::nullopt;
  bool seen = false;
  for (const auto& sig : split->signatures) {
    if (sig.name != v.name || sig.key_id != v.key_id) continue;  // someone else's key
    seen = true;
    if (!v.verifies(split->text, sig.signature)) return fail(error, "bad signature");
  }
  if (!seen) return fail(error, "no signature by " + v.name + "+" + hex(v.key_id));
  return std::move(split->text);
}

// --- Checkpoint ----------------------------------------------------------------

std::string Checkpoint::body() const {
  if (origin.empty() || origin.find('\n') != std::string::npos || !valid_note_bytes(origin)) {
    throw std::invalid_argument(
        "checkpoint origin must be a non-empty UTF-8 line without control characters");
  }
  return origin + "\n" + std::to_string(size) + "\n" + base64_encode(as_bytes(root)) + "\n";
}

std::optional<Checkpoint> Checkpoint::parse(std::string_view body, std::string* error) {
  if (!valid_note_bytes(body)) return fail(error, "checkpoint: not UTF-8 text");
  if (body.empty() || body.back() != '\n') {
    return fail(error, "checkpoint: text must end with a newline");
  }
  std::vector<std::string_view> lines;
  for (std::string_view rest = body; !rest.empty();) {
    const std::size_t eol = rest.find('\n');
    lines.push_back(rest.substr(0, eol));
    rest.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return fail(error, "checkpoint: fewer than three lines");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty())
      return fail(error, "checkpoint line " + std::to_string(i + 1) + ": empty line");
  }

  Checkpoint cp;
  cp.origin = std::string(lines[0]);
  if (!parse_decimal(lines[1], cp.size)) {
    return fail(error,
                "checkpoint line 2: tree size is not a decimal number without leading zeros");
  }
  const std::optional<std::string> root = base64_decode(lines[2]);
  if (!root || root->size() != cp.root.size()) {
    return fail(error, "checkpoint line 3: root hash is not the base64 of 32 bytes");
  }
  std::memcpy(cp.root.data(), root->data(), cp.root.size());
  return cp;
}

std::string fingerprint(const std::array<std::uint8_t, 32>& public_key) {
  return "SHA256:" + to_hex(sha256(chars(public_key.data(), public_key.size())));
}

std::optional<std::string> parse_fingerprint(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t") + 1 - first);
  constexpr std::string_view kPrefix = "sha256:";
  if (text.size() != kPrefix.size() + 64) return std::nullopt;
  std::string out = "SHA256:";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    if (i < kPrefix.size()) {
      if (c != kPrefix[i]) return std::nullopt;
    } else {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      out += c;
    }
  }
  return out;
}

}  // namespace vigie::evidence
