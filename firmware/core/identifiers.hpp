// Names on the wire (contract sec. 1): IDs and the node epoch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/fixed_string.hpp"

namespace vigie::fw {

constexpr std::size_t kIdMax = 64;
using Id = FixedString<kIdMax>;

// 1-64 chars of [A-Za-z0-9._-]: site, node, agent, team, zone, queue, call, shift.
bool is_valid_id(std::string_view text);

// Assigns `text` to `id` only if it is a valid ID.
bool assign_id(Id& id, std::string_view text);

// The epoch travels as 16 lowercase hex digits; `out` receives them plus a NUL.
constexpr std::size_t kEpochChars = 16;
void format_epoch(std::uint64_t epoch, char (&out)[kEpochChars + 1]);

// Accepts exactly 16 hex digits, either case.
bool parse_epoch(std::string_view text, std::uint64_t& epoch);

}  // namespace vigie::fw
