#include "board_clock.hpp"

namespace {

// Written by SysTick_Handler only; read with a retry loop (64 bits take two loads).
volatile std::uint64_t g_uptime_ms = 0;

struct SysTickRegs {
  volatile std::uint32_t ctrl;
  volatile std::uint32_t load;
  volatile std::uint32_t val;
  volatile std::uint32_t calib;
};
SysTickRegs* const kSysTick = reinterpret_cast<SysTickRegs*>(0xE000E010u);

}  // namespace

extern "C" void SysTick_Handler() {
  g_uptime_ms = g_uptime_ms + 1;
}

namespace vigie::board {

void SysTickClock::start(std::uint32_t core_hz) {
  kSysTick->load = core_hz / 1000 - 1;
  kSysTick->val = 0;
  kSysTick->ctrl = 0x7;  // processor clock, interrupt, enable
}

void SysTickClock::set_utc(std::int64_t utc_ms) {
  utc_at_boot_ms_ = utc_ms - static_cast<std::int64_t>(uptime_ms());
}

std::uint64_t SysTickClock::uptime_ms() const {
  std::uint64_t a = 0, b = 0;
  do {
    a = g_uptime_ms;
    b = g_uptime_ms;
  } while (a != b);
  return a;
}

std::int64_t SysTickClock::now_ms() const {
  return utc_at_boot_ms_ + static_cast<std::int64_t>(uptime_ms());
}

}  // namespace vigie::board
