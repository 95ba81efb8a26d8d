// Witness cosignatures of checkpoints, as C2SP tlog-cosignature defines them
// (https://c2sp.org/tlog-cosignature, Ed25519 "cosignature/v1"):
//   key id    SHA-256(<name> || "\n" || 0x04 || 32-byte public key)[:4]
//   signature u64 timestamp (POSIX seconds, big-endian) || Ed25519 signature (64 bytes)
//   signed    "cosignature/v1\n" "time <decimal timestamp>\n" <checkpoint note body>
// carried as one more signature line of the checkpoint's signed note.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/signed_note.hpp"

namespace vigie::evidence {

// The message a cosignature signs: the header line, the time line, then the note
// body (the checkpoint's text, final newline included, no signature lines).
std::string cosigned_message(std::string_view body, std::uint64_t timestamp);

// WITNESS's cosignature line of BODY at TIMESTAMP (seconds), ready to append to the note.
// Throws std::invalid_argument when TIMESTAMP exceeds 2^63 - 1, as the spec forbids.
std::string cosign(const SigningKey& witness, std::string_view body, std::uint64_t timestamp);

// The witness's vkey (type 0x04), for sites and auditors: Verifier::parse(vkey, e, kCosignatureV1).
std::string witness_verifier_key(const SigningKey& witness);

// The timestamp of WITNESS's cosignature in NOTE (a checkpoint with its signature lines),
// when one verifies. On failure *error (when not null) says why: "malformed note",
// "no cosignature by <name>", "bad cosignature by <name>".
std::optional<std::uint64_t> verify_cosignature(std::string_view note, const Verifier& witness,
                                                std::string* error);

// The key names of NOTE's signature lines shaped like Ed25519 cosignatures (8 + 64 bytes
// after the key id), unverified: for telling an auditor what a pack carries.
std::vector<std::string> cosigner_names(std::string_view note);

}  // namespace vigie::evidence
