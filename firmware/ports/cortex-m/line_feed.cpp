#include "line_feed.hpp"

namespace vigie::board {
namespace {

// Single producer (the interrupt), single consumer (the main loop): indices
// only move forward, each written by one side.
constexpr std::uint32_t kRingSize = 512;
volatile std::uint8_t g_ring[kRingSize];
volatile std::uint32_t g_head = 0;  // written by the interrupt
volatile std::uint32_t g_tail = 0;  // written by the main loop

// The UART's data register, stubbed as memory.
volatile std::uint32_t g_uart_data = 0;

}  // namespace

bool LineFeed::next_line(const char*& line, std::size_t& size) {
  while (g_tail != g_head) {
    char c = static_cast<char>(g_ring[g_tail % kRingSize]);
    g_tail = g_tail + 1;
    if (c == '\n') {
      bool usable = !overflowed_;
      if (overflowed_) ++overlong_;
      overflowed_ = false;
      size = size_;
      size_ = 0;
      if (usable && size > 0) {
        line = line_;
        return true;
      }
      continue;
    }
    if (c == '\r') continue;
    if (size_ < kLineMax) {
      line_[size_++] = c;
    } else {
      overflowed_ = true;
    }
  }
  return false;
}

}  // namespace vigie::board

extern "C" void UART_IRQHandler() {
  using namespace vigie::board;
  auto byte = static_cast<std::uint8_t>(g_uart_data);
  // A full ring drops the byte: the line it belonged to then fails to parse
  // and is reported, rather than silently merged with the next.
  if (g_head - g_tail < kRingSize) {
    g_ring[g_head % kRingSize] = byte;
    g_head = g_head + 1;
  }
}
