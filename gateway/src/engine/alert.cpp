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

std::string alert_id(const std::string& site, const std::string& criterion, const Subject& subject,
                     TimestampMs started_at) {
  const std::string identity =
      site + "\n" + criterion + "\n" + subject.key() + "\n" + std::to_string(started_at);
  // Two 64-bit halves with different bases make accidental collisions negligible.
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(fnv1a(identity, 0xcbf29ce484222325ULL)),
                static_cast<unsigned long long>(fnv1a(identity, 0x84222325cbf29ce4ULL)));
  return buf;
}

}  // namespace vigie::engine
