#include "line_feed.hpp"

#include "byte_ring.hpp"
#include "stm32_usart.hpp"

namespace vigie::board {
namespace {

constexpr Usart kFeed(Usart::kUsart2);
// A full ring drops bytes (counted): the line they belonged to then fails to
// parse and is skipped, rather than silently merged with the next.
ByteRing<512> g_from_feed;

}  // namespace

bool LineFeed::next_line(const char*& line, std::size_t& size) {
  std::uint8_t byte = 0;
  while (g_from_feed.pop(byte)) {
    const char c = static_cast<char>(byte);
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

std::uint32_t LineFeed::dropped_bytes() const {
  return g_from_feed.dropped();
}

}  // namespace vigie::board

extern "C" void USART2_IRQHandler() {
  using namespace vigie::board;
  std::uint8_t byte = 0;
  while (kFeed.take(byte)) g_from_feed.push(byte);
}
