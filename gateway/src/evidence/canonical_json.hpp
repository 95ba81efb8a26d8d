// One byte string per JSON value, so that hashes and signatures over JSON
// documents are reproducible: object keys sorted by their UTF-8 bytes, no
// whitespace, integers only, strings escaped as nlohmann::json dumps them
// (UTF-8 kept as is, control characters escaped).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vigie::evidence {

// Throws std::invalid_argument naming the JSON pointer of the offending value
// for a floating-point number (which is also how nlohmann stores integers too
// large for int64/uint64), a binary value, or a string that is not valid UTF-8.
std::string canonical_json(const nlohmann::json& value);

}  // namespace vigie::evidence
