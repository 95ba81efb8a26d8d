// This board's choice of backends and capacities for the core (see core/ports.hpp).
// The journal lives in the MCU's flash (internal_flash.hpp); the QEMU build
// (VIGIE_JOURNAL_IN_RAM) keeps it in RAM instead, as QEMU models no flash
// controller (ram_flash.hpp).
#pragma once

#include <cstddef>

#include "board_clock.hpp"
#include "led_indicator.hpp"
#include "modem_transport.hpp"

#if VIGIE_JOURNAL_IN_RAM
#include "ram_flash.hpp"
#else
#include "internal_flash.hpp"
#endif

namespace vigie::board {

#if VIGIE_JOURNAL_IN_RAM
using JournalFlash = RamFlash;
#else
using JournalFlash = InternalFlash;
#endif

struct BoardPorts {
  using Clock = SysTickClock;
  using Transport = ModemTransport;
  using Flash = JournalFlash;
  using Indicator = LedIndicator;
  static constexpr std::size_t kJournalPages = JournalFlash::kPageCount;
  // 3.5 KiB: the 20 events of a batch (main.cpp) at about 170 B each, and
  // the whole image within its 16 KiB of RAM (firmware/README.md).
  static constexpr std::size_t kBatchBytes = 3584;
};

// A fresh random epoch for a new store.
std::uint64_t random_epoch();

}  // namespace vigie::board
