// The host's backends for the core (see core/ports.hpp): the system clock,
// Paho, a file as flash, and stderr as the nudge display.
#pragma once

#include <time.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "file_flash.hpp"
#include "paho_transport.hpp"

namespace vigie::posix {

class SystemClock {
 public:
  std::int64_t now_ms() const {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
  }
};

class StderrIndicator {
 public:
  void nudge(const char* agent, const char* criterion, const char* text) {
    std::fprintf(stderr, "vigie-node: nudge agent=%s criterion=%s: %s\n", agent, criterion, text);
  }
};

struct PosixPorts {
  using Clock = SystemClock;
  using Transport = PahoTransport;
  using Flash = FileFlash;
  using Indicator = StderrIndicator;
  static constexpr std::size_t kJournalPages = FileFlash::kPageCount;
  static constexpr std::size_t kBatchBytes = 256 * 1024;  // the contract's payload limit
};

}  // namespace vigie::posix
