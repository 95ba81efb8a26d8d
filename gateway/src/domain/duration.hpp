// Durations in every file a user writes (the configuration, the référentiel), one
// grammar: whole numbers each followed by a unit, run together, e.g. "20min",
// "1h30min", "500ms", "7d", "2w". Units: ms, s, min, h, d, w; "m" is read as "min"
// (configurations once wrote "15m"). No sign, no space inside, no bare number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigie {

// Milliseconds, or nothing when TEXT (surrounding spaces aside) is not a duration.
std::optional<std::int64_t> parse_duration(std::string_view text);
// The shortest exact spelling: 1200000 -> "20min", 5400000 -> "1h30min", 0 -> "0s".
std::string format_duration(std::int64_t ms);

}  // namespace vigie
