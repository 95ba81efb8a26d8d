#include "config/duration.hpp"

#include <charconv>

namespace vigie {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  long long n = 0;
  const auto* first = text.data();
  const auto* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || ptr == first || n < 0) return std::nullopt;
  const std::string_view unit(ptr, static_cast<std::size_t>(last - ptr));
  long long scale = 0;
  if (unit == "ms")
    scale = 1;
  else if (unit == "s")
    scale = 1000;
  else if (unit == "m")
    scale = 60'000;
  else if (unit == "h")
    scale = 3'600'000;
  else if (unit == "d")
    scale = 86'400'000;
  else
    return std::nullopt;
  if (n > (1LL << 50) / scale) return std::nullopt;
  return std::chrono::milliseconds(n * scale);
}

}  // namespace vigie
