// The board's journal store: sectors 5-7 of the STM32F401xE's own flash
// (reserved as JOURNAL by stm32f401xe.ld), programmed by stm32f4_flash.hpp.
#pragma once

#include <cstdint>

#include "mmio_bus.hpp"
#include "stm32f4_flash.hpp"

namespace vigie::board {

class InternalFlash : public Stm32f4Flash<MmioBus> {
 public:
  static constexpr std::uint32_t kFirstSector = 5;
  static constexpr std::uint32_t kPageCount = 3;
  static_assert(stm32f4::sector_start(kFirstSector) == 0x08020000u,
                "stm32f401xe.ld reserves the journal from 0x08020000");

  InternalFlash() : Stm32f4Flash(bus_, kFirstSector, kPageCount) {}

 private:
  // Stateless: one serves every driver.
  static inline MmioBus bus_{};
};

}  // namespace vigie::board
