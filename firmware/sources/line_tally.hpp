// Every input line accounted for: mapped into events, skipped with a reason, or
// refused (bad, or something that must not leave the node), by reason.
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace vigie::sources {

struct LineTally {
  std::uint64_t lines = 0;
  std::uint64_t mapped = 0;
  std::uint64_t skipped = 0;
  std::uint64_t refused = 0;
  std::map<std::string, std::uint64_t> skipped_by_reason;
  std::map<std::string, std::uint64_t> refused_by_reason;

  void skip(const std::string& reason) {
    ++skipped;
    ++skipped_by_reason[reason];
  }
  // Returns how many lines were refused for this reason so far (1 for the first).
  std::uint64_t refuse(const std::string& reason) {
    ++refused;
    return ++refused_by_reason[reason];
  }
  bool balanced() const { return mapped + skipped + refused == lines; }

  void print(std::FILE* log, const char* prefix) const {
    std::fprintf(log,
                 "%s: %" PRIu64 " lines: %" PRIu64 " mapped, %" PRIu64 " skipped, %" PRIu64
                 " refused\n",
                 prefix, lines, mapped, skipped, refused);
    for (const auto& [reason, n] : skipped_by_reason)
      std::fprintf(log, "%s:   skipped %" PRIu64 ": %s\n", prefix, n, reason.c_str());
    for (const auto& [reason, n] : refused_by_reason)
      std::fprintf(log, "%s:   refused %" PRIu64 ": %s\n", prefix, n, reason.c_str());
  }
};

// Lines of one reason reported one by one before only the count goes on.
constexpr std::uint64_t kReportEach = 10;

}  // namespace vigie::sources
