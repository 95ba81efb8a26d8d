#include "evidence/cosignature.hpp"

#include <limits>
#include <stdexcept>

namespace vigie::evidence {
namespace {

constexpr std::size_t kTimestampBytes = 8;
constexpr std::size_t kEd25519SignatureBytes = 64;

std::string big_endian(std::uint64_t v) {
  std::string out(kTimestampBytes, '\0');
  for (std::size_t i = 0; i < kTimestampBytes; ++i)
    out[kTimestampBytes - 1 - i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

std::uint64_t from_big_endian(std::string_view bytes) {
  std::uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<std::uint8_t>(c);
  return v;
}

std::nullopt_t fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

std::string cosigned_message(std::string_view body, std::uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(body);
}

std::string cosign(const SigningKey& witness, std::string_view body, std::uint64_t timestamp) {
  if (timestamp > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw std::invalid_argument("cosignature timestamp past 2^63 - 1");
  const auto sig = witness.sign_message(cosigned_message(body, timestamp));
  std::string blob = big_endian(timestamp);
  blob.append(reinterpret_cast<const char*>(sig.data()), sig.size());
  return signature_line(witness.name(), witness.key_id(kCosignatureV1), blob);
}

std::string witness_verifier_key(const SigningKey& witness) {
  return witness.verifier_key(kCosignatureV1);
}

std::optional<std::uint64_t> verify_cosignature(std::string_view note, const Verifier& witness,
                                                std::string* error) {
  const auto split = split_note(note, error);
  if (!split) return std::nullopt;
  for (const auto& sig : split->signatures) {
    if (sig.name != witness.name || sig.key_id != witness.key_id) continue;
    if (sig.signature.size() != kTimestampBytes + kEd25519SignatureBytes)
      return fail(error, "bad cosignature by " + witness.name);
    const std::uint64_t ts = from_big_endian(std::string_view(sig.signature).substr(0, 8));
    if (ts > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
        !witness.verifies(cosigned_message(split->text, ts), sig.signature.substr(8)))
      return fail(error, "bad cosignature by " + witness.name);
    return ts;
  }
  return fail(error, "no cosignature by " + witness.name);
}

std::vector<std::string> cosigner_names(std::string_view note) {
  std::vector<std::string> out;
  const auto split = split_note(note, nullptr);
  if (!split) return out;
  for (const auto& sig : split->signatures)
    if (sig.signature.size() == kTimestampBytes + kEd25519SignatureBytes) out.push_back(sig.name);
  return out;
}

}  // namespace vigie::evidence
