// Event lines arriving on USART2 (a desk's or an ACD bridge's serial output;
// the ST-LINK's virtual COM port on a NUCLEO-F401RE): the receive interrupt
// fills a ring, the main loop takes whole lines out of it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::board {

class LineFeed {
 public:
  static constexpr std::size_t kLineMax = 1024;

  // The next complete line, without its newline; valid until the next call.
  // Lines longer than kLineMax are dropped and counted.
  bool next_line(const char*& line, std::size_t& size);
  std::uint32_t overlong_lines() const { return overlong_; }
  std::uint32_t dropped_bytes() const;  // the ring was full

 private:
  char line_[kLineMax];
  std::size_t size_ = 0;
  bool overflowed_ = false;
  std::uint32_t overlong_ = 0;
};

}  // namespace vigie::board
