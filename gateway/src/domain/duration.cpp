#include "domain/duration.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <utility>

namespace vigie {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

// Longest spelling first: "min" and "ms" before "m".
constexpr std::array<std::pair<std::string_view, std::int64_t>, 7> kUnits{{
    {"min", kMinute},
    {"ms", 1},
    {"m", kMinute},
    {"s", kSecond},
    {"h", kHour},
    {"d", kDay},
    {"w", 7 * kDay},
}};

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::optional<std::int64_t> parse_duration(std::string_view text) {
  std::string_view s = trimmed(text);
  if (s.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!s.empty()) {
    std::int64_t n = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || ptr == s.data() || n < 0) return std::nullopt;
    s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
    bool matched = false;
    for (const auto& [unit, scale] : kUnits) {
      if (s.substr(0, unit.size()) != unit) continue;
      if (n > (std::numeric_limits<std::int64_t>::max() - total) / scale) return std::nullopt;
      total += n * scale;
      s.remove_prefix(unit.size());
      matched = true;
      break;
    }
    if (!matched) return std::nullopt;
  }
  return total;
}

std::string format_duration(std::int64_t ms) {
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  // Whole days read better than hours only when nothing smaller is left.
  if (ms % kDay == 0) return out + std::to_string(ms / kDay) + "d";
  const std::array<std::pair<const char*, std::int64_t>, 4> parts{
      {{"h", kHour}, {"min", kMinute}, {"s", kSecond}, {"ms", 1}}};
  for (const auto& [unit, scale] : parts) {
    if (ms >= scale) {
      out += std::to_string(ms / scale) + unit;
      ms %= scale;
    }
  }
  return out;
}

}  // namespace vigie
