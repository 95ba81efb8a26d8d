#include "stm32_usart.hpp"

namespace vigie::board {
namespace {

constexpr std::uint32_t kSr = 0x00, kDr = 0x04, kBrr = 0x08, kCr1 = 0x0C;
constexpr std::uint32_t kSrOre = 1u << 3, kSrRxne = 1u << 5, kSrTxe = 1u << 7;
constexpr std::uint32_t kCr1Re = 1u << 2, kCr1Te = 1u << 3, kCr1Rxneie = 1u << 5, kCr1Ue = 1u << 13;

volatile std::uint32_t& at(std::uint32_t address) {
  return *reinterpret_cast<volatile std::uint32_t*>(address);
}

constexpr std::uint32_t kRcc = 0x40023800u;
constexpr std::uint32_t kGpioA = 0x40020000u;
constexpr std::uint32_t kNvicIser1 = 0xE000E104u;

// Alternate function 7 on one pin of GPIOA.
void set_af7(std::uint32_t pin) {
  at(kGpioA + 0x00) = (at(kGpioA + 0x00) & ~(3u << (2 * pin))) | (2u << (2 * pin));  // MODER
  const std::uint32_t afr = kGpioA + (pin < 8 ? 0x20 : 0x24);
  const std::uint32_t shift = 4 * (pin % 8);
  at(afr) = (at(afr) & ~(0xFu << shift)) | (7u << shift);
}

}  // namespace

void Usart::start(std::uint32_t brr) const {
  reg(kCr1) = 0;
  reg(kBrr) = brr;
  reg(kCr1) = kCr1Ue | kCr1Te | kCr1Re | kCr1Rxneie;
}

void Usart::write(const void* data, std::size_t size) const {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    while ((reg(kSr) & kSrTxe) == 0) {
    }
    reg(kDr) = bytes[i];
  }
}

bool Usart::take(std::uint8_t& byte) const {
  if ((reg(kSr) & (kSrRxne | kSrOre)) == 0) return false;
  byte = static_cast<std::uint8_t>(reg(kDr));
  return true;
}

void start_serial_ports() {
  at(kRcc + 0x30) |= 1u << 0;   // AHB1ENR.GPIOAEN
  at(kRcc + 0x40) |= 1u << 17;  // APB1ENR.USART2EN
  at(kRcc + 0x44) |= 1u << 4;   // APB2ENR.USART1EN
  const std::uint32_t pins[] = {2, 3, 9, 10};
  for (std::uint32_t pin : pins) set_af7(pin);
  Usart(Usart::kUsart1).start(Usart::kBrr115200At16MHz);
  Usart(Usart::kUsart2).start(Usart::kBrr115200At16MHz);
  at(kNvicIser1) = (1u << (37 - 32)) | (1u << (38 - 32));
}

}  // namespace vigie::board
