#include "engine/alert.hpp"

#include <cstdio>

namespace vigie::engine {
namespace {

// FNV-1a, 64 bits: simple, specified, and the same on every platform.
std::uint64_t fnv1a(const std::string& s, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

const char* to_string(AlertState s) {
  switch (s) {
    case AlertState::due:
      return "due";
    case AlertState::pending:
      return "pending";
    case AlertState::firing:
      return "firing";
    case AlertState::resolved:
      return "resolved";
    case AlertState::nodata:
      return "nodata";
  }
  return "?";
}

std::string Subject::key() const {
  return std::string(referentiel::to_string(kind)) + "." + id;
}

AlertKey alert_key(const std::string& site, const std::string& criterion, const Subject& subject,
                   TimestampMs started_at) {
  const std::string identity =
      site + "\n" + criterion + "\n" + subject.key() + "\n" + std::to_string(started_at);
  // Two 64-bit halves with different bases make accidental collisions negligible.
  return {fnv1a(identity, 0xcbf29ce484222325ULL), fnv1a(identity, 0x84222325cbf29ce4ULL)};
}

std::string AlertKey::hex() const {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(hi),
                static_cast<unsigned long long>(lo));
  return buf;
}

std::optional<AlertKey> AlertKey::parse(std::string_view id) {
  if (id.size() != 32) return std::nullopt;
  AlertKey k;
  for (std::size_t i = 0; i < 32; ++i) {
    const char c = id[i];
    std::uint64_t d = 0;
    if (c >= '0' && c <= '9')
      d = static_cast<std::uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = static_cast<std::uint64_t>(c - 'a' + 10);
    else
      return std::nullopt;
    auto& half = i < 16 ? k.hi : k.lo;
    half = (half << 4) | d;
  }
  return k;
}

}  // namespace vigie::engine
