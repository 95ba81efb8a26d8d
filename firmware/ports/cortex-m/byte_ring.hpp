// Bytes from a receive interrupt to the main loop: one producer (the handler),
// one consumer (the loop); each index is written by one side only and only
// moves forward, so neither side needs to mask interrupts.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::board {

template <std::uint32_t kSize>
class ByteRing {
  static_assert((kSize & (kSize - 1)) == 0, "a power of two, so the indices may wrap");

 public:
  // From the interrupt. A full ring drops the byte and counts it.
  void push(std::uint8_t byte) {
    if (head_ - tail_ >= kSize) {
      dropped_ = dropped_ + 1;
      return;
    }
    bytes_[head_ % kSize] = byte;
    head_ = head_ + 1;
  }
  // From the main loop.
  bool pop(std::uint8_t& byte) {
    if (tail_ == head_) return false;
    byte = bytes_[tail_ % kSize];
    tail_ = tail_ + 1;
    return true;
  }
  std::uint32_t dropped() const { return dropped_; }

 private:
  volatile std::uint8_t bytes_[kSize] = {};
  volatile std::uint32_t head_ = 0;
  volatile std::uint32_t tail_ = 0;
  volatile std::uint32_t dropped_ = 0;
};

}  // namespace vigie::board
