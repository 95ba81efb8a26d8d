// Ed25519 signed notes (https://c2sp.org/signed-note) and the checkpoint text
// they carry for a transparency log (https://c2sp.org/tlog-checkpoint).
//
// A signed note is: text ending in "\n", a blank line, then signature lines
// "— <key name> <base64(4-byte key id || signature)>\n" (U+2014 EM DASH, space).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/hash.hpp"

namespace vigie::evidence {

// Signature type bytes (https://c2sp.org/signed-note): the key id and the vkey carry them.
inline constexpr std::uint8_t kEd25519 = 0x01;
// Ed25519 cosignature/v1 (https://c2sp.org/tlog-cosignature): a witness's key.
inline constexpr std::uint8_t kCosignatureV1 = 0x04;

class SigningKey {
 public:
  // Reads the 32-byte Ed25519 seed stored as base64 on one line in `file`, or,
  // when the file does not exist, creates it (mode 0600, parent directories
  // included) with a fresh random seed. Throws std::runtime_error naming the file
  // when it exists but cannot be read or is malformed, or cannot be created, and
  // std::invalid_argument when `name` is not a valid key name (empty, or holding
  // a '+' or a Unicode space).
  static SigningKey load_or_create(const std::filesystem::path& file, const std::string& name);

  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  SigningKey(SigningKey&&) = default;
  SigningKey& operator=(SigningKey&&) = default;
  ~SigningKey();  // wipes the secret key

  const std::string& name() const { return name_; }
  std::array<std::uint8_t, 32> public_key() const { return public_key_; }
  // First 4 bytes of SHA-256(name || 0x0A || TYPE || public key).
  std::array<std::uint8_t, 4> key_id(std::uint8_t type = kEd25519) const;
  // "<name>+<8 hex digits of key id>+<base64(TYPE || public key)>", to give to verifiers.
  std::string verifier_key(std::uint8_t type = kEd25519) const;
  // The bare Ed25519 signature of MESSAGE (for cosignatures, whose signed message is
  // not the note text).
  std::array<std::uint8_t, 64> sign_message(std::string_view message) const;
  // Returns text + "\n" + this key's signature line; the signature covers `text`
  // exactly. Throws std::invalid_argument unless text ends with "\n", is valid
  // UTF-8 and holds no ASCII control character other than "\n".
  std::string sign_note(const std::string& text) const;

 private:
  SigningKey(std::string name, const std::array<std::uint8_t, 32>& seed);

  std::string name_;
  std::array<std::uint8_t, 64> secret_key_{};  // libsodium layout: seed || public key
  std::array<std::uint8_t, 32> public_key_{};
};

struct Verifier {
  std::string name;
  std::array<std::uint8_t, 4> key_id{};
  std::array<std::uint8_t, 32> public_key{};

  // Parses verifier key text as written by SigningKey::verifier_key(TYPE); the key id
  // must match the one computed from name and key. On failure sets *error (when
  // not null) and returns nullopt.
  static std::optional<Verifier> parse(std::string_view vkey, std::string* error,
                                       std::uint8_t type = kEd25519);
  // Whether SIGNATURE is this key's Ed25519 signature of MESSAGE.
  bool verifies(std::string_view message, std::string_view signature) const;
};

// One signature line of a note: its key name, key id and the bytes after the key id.
struct NoteSignature {
  std::string name;
  std::array<std::uint8_t, 4> key_id{};
  std::string signature;
};
// A note cut into its text (ending in "\n") and its signature lines, each well formed;
// nullopt (and *error "malformed note") otherwise. Nothing is verified.
struct SplitNote {
  std::string text;
  std::vector<NoteSignature> signatures;
};
std::optional<SplitNote> split_note(std::string_view note, std::string* error);
// "— <name> <base64(key id || signature)>\n".
std::string signature_line(const std::string& name, const std::array<std::uint8_t, 4>& key_id,
                           std::string_view signature);

// Returns the note's text when it carries a signature line with v's name and key
// id that verifies. Signature lines of other keys are ignored. On failure sets
// *error (when not null) to "malformed note", "no signature by <name>+<key id>"
// or "bad signature" (a line with v's name and id that does not verify: the
// whole note is then refused, as the spec advises).
std::optional<std::string> open_note(std::string_view note, const Verifier& v, std::string* error);

// A log's signed tree head: origin line, decimal tree size, base64 root hash.
struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};

  // The note text; throws std::invalid_argument for an empty origin or one
  // holding a control character or invalid UTF-8.
  std::string body() const;
  // Extension lines after the root hash are allowed by the spec and ignored here.
  // On failure sets *error (when not null) and returns nullopt.
  static std::optional<Checkpoint> parse(std::string_view body, std::string* error);
};

// "SHA256:" + lowercase hex of SHA-256(public key), for people comparing keys.
std::string fingerprint(const std::array<std::uint8_t, 32>& public_key);
// A fingerprint as a person copies it: "SHA256:" and 64 hex digits, either in
// any case, spaces and tabs around ignored. Returns fingerprint()'s form of it,
// or nullopt when it is not one.
std::optional<std::string> parse_fingerprint(std::string_view text);

}  // namespace vigie::evidence
