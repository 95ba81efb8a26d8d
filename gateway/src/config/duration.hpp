// Durations as written in configuration: "900ms", "30s", "15m", "1h", "7d".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace vigie {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace vigie
