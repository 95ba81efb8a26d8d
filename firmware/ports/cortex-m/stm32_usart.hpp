// An STM32F4 USART (RM0368 sec. 19), 8N1 without flow control: blocking
// transmit, receive by interrupt. USART1 and USART2 have the same addresses and
// interrupt lines on the F401 and on QEMU's netduinoplus2 (F405).
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigie::board {

class Usart {
 public:
  static constexpr std::uint32_t kUsart1 = 0x40011000u;  // APB2, IRQ 37
  static constexpr std::uint32_t kUsart2 = 0x40004400u;  // APB1, IRQ 38
  // BRR for 115200 baud from a 16 MHz bus (HSI after reset, no prescaler).
  static constexpr std::uint32_t kBrr115200At16MHz = 139;

  explicit constexpr Usart(std::uint32_t base) : base_(base) {}

  // Enables transmit, receive and the receive interrupt.
  void start(std::uint32_t brr) const;
  void write(const void* data, std::size_t size) const;
  // In the interrupt handler: the byte received, if any (an overrun is
  // cleared by the same read; its lost bytes break a line or a frame, which
  // the reader then rejects).
  bool take(std::uint8_t& byte) const;

 private:
  volatile std::uint32_t& reg(std::uint32_t offset) const {
    return *reinterpret_cast<volatile std::uint32_t*>(base_ + offset);
  }
  std::uint32_t base_;
};

// Clocks, pins (PA2/PA3 for USART2, PA9/PA10 for USART1, AF7) and interrupts
// of both USARTs. QEMU models neither RCC nor GPIO and ignores those writes.
void start_serial_ports();

}  // namespace vigie::board
