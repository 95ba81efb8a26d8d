// Reads the JSON of an audit pack as strictly as the writer writes it: every
// number a canonical integer (no fraction, no exponent: 67.5, 6.7e1, 67.0 and
// "67" are not 67), every field of its type. The verifier's one reader of fields.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::evidence::pack {

// The member KEY of OBJ; nullptr when OBJ is not an object or has no such member.
const nlohmann::json* member(const nlohmann::json& obj, std::string_view key);
// An integer written as one, within int64; nullopt otherwise (and for nullptr).
std::optional<std::int64_t> integer(const nlohmann::json* value);
// A string; nullopt otherwise (and for nullptr).
std::optional<std::string> text(const nlohmann::json* value);

}  // namespace vigie::evidence::pack
