// Time on the board: a 1 kHz SysTick for uptime, set to UTC once the network
// gives the time (the modem's NITZ or an SNTP reply; stubbed here).
#pragma once

#include <cstdint>

namespace vigie::board {

class SysTickClock {
 public:
  void start(std::uint32_t core_hz);
  void set_utc(std::int64_t utc_ms);
  std::uint64_t uptime_ms() const;
  // The contract's ts: UTC ms. Before the network time arrives, uptime (from
  // 1970), which a gateway will see as obviously wrong rather than plausibly so.
  std::int64_t now_ms() const;

 private:
  std::int64_t utc_at_boot_ms_ = 0;
};

}  // namespace vigie::board
