// API tokens are stored as SHA-256 hex (contract.md sec. 7); this is the one place that hashes
// them, for the authenticator and for a `vigie token hash` command.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::api {

using TokenHash = std::array<unsigned char, 32>;

// SHA-256 of TOKEN's bytes.
TokenHash token_sha256(std::string_view token);

// Lowercase hex of SHA-256(TOKEN): the value to write under `tokens: sha256:`.
std::string token_sha256_hex(std::string_view token);

// The 32 bytes of a 64-digit hex string (either case), or nullopt if it is not one.
std::optional<TokenHash> parse_sha256_hex(std::string_view hex);

}  // namespace vigie::api
