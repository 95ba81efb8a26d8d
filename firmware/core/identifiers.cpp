#include "core/identifiers.hpp"

namespace vigie::fw {
namespace {

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool is_valid_id(std::string_view text) {
  if (text.empty() || text.size() > kIdMax) return false;
  for (char c : text)
    if (!is_id_char(c)) return false;
  return true;
}

bool assign_id(Id& id, std::string_view text) {
  if (!is_valid_id(text)) return false;
  return id.assign(text);
}

void format_epoch(std::uint64_t epoch, char (&out)[kEpochChars + 1]) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < kEpochChars; ++i) {
    out[kEpochChars - 1 - i] = kDigits[epoch & 0xF];
    epoch >>= 4;
  }
  out[kEpochChars] = '\0';
}

bool parse_epoch(std::string_view text, std::uint64_t& epoch) {
  if (text.size() != kEpochChars) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    int digit = hex_value(c);
    if (digit < 0) return false;
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  epoch = value;
  return true;
}

}  // namespace vigie::fw
