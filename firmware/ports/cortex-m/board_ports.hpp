// This board's choice of backends and capacities for the core (see core/ports.hpp).
#pragma once

#include <cstddef>

#include "board_clock.hpp"
#include "led_indicator.hpp"
#include "modem_transport.hpp"
#include "ram_flash.hpp"

namespace vigie::board {

struct BoardPorts {
  using Clock = SysTickClock;
  using Transport = ModemTransport;
  using Flash = RamFlash;
  using Indicator = LedIndicator;
  static constexpr std::size_t kJournalPages = RamFlash::kPageCount;
  // A few dozen events a batch: plenty for one desk, and RAM stays small.
  static constexpr std::size_t kBatchBytes = 4096;
};

// A fresh random epoch for a new store.
std::uint64_t random_epoch();

}  // namespace vigie::board
